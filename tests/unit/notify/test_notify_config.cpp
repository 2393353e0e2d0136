// The [smtp], [webhook], [whatsapp] and [alerts] keys: parsed into the settings, refused with the
// file, line and key when wrong.
#include "config/config.hpp"
#include "notify/alert_engine.hpp"

#include <catch2/catch.hpp>

using namespace ill::config;

TEST_CASE("delivery settings are read from their sections", "[unit][notify][config]") {
  auto loaded = parse(
      "[smtp]\nhost = \"mail.isp.example\"\nport = 587\nsecurity = \"smtps\"\n"
      "from = \"NOC <noc@isp.example>\"\n[webhook]\nurl = \"https://hooks.isp.example/ill\"\n"
      "[whatsapp]\nphone_number_id = \"1065\"\n[alerts]\nlink_down_after_s = 120\n"
      "hold_down_s = 0\nnoc_events = \"link_down, router_down\"\nclient_channels = \"email\"\n",
      "illd.conf");
  REQUIRE(loaded);
  const Config& c = loaded->values;
  CHECK(c.smtp.host == "mail.isp.example");
  CHECK(c.smtp.port == 587);
  CHECK(c.smtp.security == "smtps");
  CHECK(c.webhook.url == "https://hooks.isp.example/ill");
  CHECK(c.whatsapp.phone_number_id == "1065");
  CHECK(c.alerts.link_down_after_s == 120);
  CHECK(c.alerts.hold_down_s == 0);
  CHECK(value_of(c, "alerts.enabled") == "true");
  CHECK(loaded->origins.at("smtp.port").where == "illd.conf:3");
  CHECK(ill::notify::split_list(c.alerts.noc_events) ==
        std::vector<std::string>{"link_down", "router_down"});
}

TEST_CASE("bad delivery settings are refused with their line and key", "[unit][notify][config]") {
  auto security = parse("[smtp]\nsecurity = \"ssl\"\n", "illd.conf");
  REQUIRE_FALSE(security);
  CHECK(security.error().what() ==
        "illd.conf:2: smtp.security: 'ssl' is not one of starttls, smtps, none");
  auto event = parse("[alerts]\nnoc_events = \"link_down,link_flap\"\n", "illd.conf");
  REQUIRE_FALSE(event);
  CHECK(event.error().what().find("alerts.noc_events: 'link_flap' is not one of") !=
        std::string::npos);
  auto channel = parse("[alerts]\nclient_channels = \"webhook\"\n", "illd.conf");
  REQUIRE_FALSE(channel);
  auto port = parse("[smtp]\nport = 70000\n", "illd.conf");
  REQUIRE_FALSE(port);
  CHECK(port.error().what() == "illd.conf:2: smtp.port: 70000 is out of range 1..65535");
  auto unknown = parse("[smtp]\npasword_file = \"/x\"\n", "illd.conf");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().what() == "illd.conf:2: unknown key 'smtp.pasword_file'");
}
