#include "inventory/validation.hpp"

#include <catch2/catch.hpp>

using namespace ill::inventory;

TEST_CASE("hosts are names or addresses of either family", "[unit][inventory]") {
  CHECK_FALSE(check_host("gw1.pop.example.net"));
  CHECK_FALSE(check_host("10.0.0.1"));
  CHECK_FALSE(check_host("2001:db8::1"));
  CHECK_FALSE(check_host("gw-1"));
  CHECK(check_host("10.0.0.300"));
  CHECK(check_host("bad_host"));
  CHECK(check_host("-gw"));
  CHECK(check_host("a..b"));
  CHECK(check_host(""));
  CHECK_THAT(*check_host("a..b"), Catch::Contains("'a..b' is not a host name or IP address"));
}

TEST_CASE("ports are within 1-65535", "[unit][inventory]") {
  CHECK_FALSE(check_port(1));
  CHECK_FALSE(check_port(65535));
  CHECK(check_port(0));
  CHECK(check_port(65536));
}

TEST_CASE("interface names are what RouterOS accepts", "[unit][inventory]") {
  CHECK_FALSE(check_interface_name("ether1"));
  CHECK_FALSE(check_interface_name("sfp-sfpplus1"));
  CHECK_FALSE(check_interface_name("vlan100 client A"));
  CHECK(check_interface_name(""));
  CHECK(check_interface_name(" ether1"));
  CHECK(check_interface_name("eth\t1"));
  CHECK(check_interface_name(std::string(65, 'x')));
}

TEST_CASE("e-mail addresses need a local part and a dotted domain", "[unit][inventory]") {
  CHECK_FALSE(check_email("noc@acme.example"));
  CHECK_FALSE(check_email("first.last+sla@mail.acme.co.uk"));
  CHECK(check_email("noc"));
  CHECK(check_email("@acme.example"));
  CHECK(check_email("noc@localhost"));
  CHECK(check_email("a b@acme.example"));
}

TEST_CASE("time zones are IANA names from the tz database", "[unit][inventory]") {
  CHECK_FALSE(check_timezone("UTC"));
  CHECK_FALSE(check_timezone("America/Sao_Paulo"));
  CHECK_FALSE(check_timezone("Asia/Kolkata"));
  CHECK(check_timezone("Mars/Olympus_Mons"));
  CHECK(check_timezone("GMT+25"));
}

TEST_CASE("dates are real calendar days in YYYY-MM-DD", "[unit][inventory]") {
  CHECK_FALSE(check_date("2024-02-29"));
  CHECK(check_date("2023-02-29"));
  CHECK(check_date("2024-13-01"));
  CHECK(check_date("2024-1-01"));
  CHECK(check_date("01/02/2024"));
}

TEST_CASE("WhatsApp numbers and currencies have their standard forms", "[unit][inventory]") {
  CHECK_FALSE(check_whatsapp("+5511912345678"));
  CHECK(check_whatsapp("11912345678"));
  CHECK(check_whatsapp("+55 11 91234"));
  CHECK_FALSE(check_currency("BRL"));
  CHECK(check_currency("brl"));
  CHECK(check_currency("EURO"));
}

TEST_CASE("a router reports every bad field, not only the first", "[unit][inventory]") {
  ill::store::Router r;
  r.name = "";
  r.host = "10.0.0.300";
  r.port = 0;
  r.username = "";
  r.poll_interval_s = 5;
  auto errors = validate(r);
  REQUIRE(errors.size() == 5);
  CHECK(errors[0].field == "name");
  CHECK(errors[1].field == "host");
  CHECK(errors[2].field == "port");
  CHECK(errors[3].field == "user");
  CHECK(errors[4].field == "poll_interval_s");
}

TEST_CASE("a link's commitments are checked against their ranges", "[unit][inventory]") {
  ill::store::Link l;
  l.name = "acme-1";
  l.interface = "ether1";
  l.committed_mbps = 0;
  l.committed_uptime_pct = 101;
  l.currency = "usd";
  l.activation_date = "2024-02-30";
  l.sla.unknown = "maybe";
  auto errors = validate(l);
  std::vector<std::string> fields;
  for (auto& e : errors) fields.push_back(e.field);
  CHECK(fields == std::vector<std::string>{"committed_mbps", "committed_uptime_pct", "currency",
                                           "activation_date", "sla_unknown"});
}
