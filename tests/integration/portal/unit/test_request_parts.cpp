#include "portal/request_parts.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace ill::portal;

TEST_CASE("form bodies decode %-escapes and + and refuse broken escapes", "[unit][portal]") {
  auto form = parse_form("username=a%20b+c&password=%3D%26x&empty=&flag");
  REQUIRE(form);
  CHECK(form->at("username") == "a b c");
  CHECK(form->at("password") == "=&x");
  CHECK(form->at("empty").empty());
  CHECK(form->at("flag").empty());
  CHECK_FALSE(parse_form("a=%4"));
  CHECK_FALSE(parse_form("a=%zz"));
  CHECK_FALSE(parse_form("a=%"));
}

TEST_CASE("cookies are found by exact name", "[unit][portal]") {
  CHECK(cookie_value("a=1; ill_session=abc; b=2", "ill_session") == "abc");
  CHECK(cookie_value("xill_session=abc", "ill_session").empty());
  CHECK(cookie_value("", "ill_session").empty());
}

TEST_CASE("ids are plain positive decimals", "[unit][portal]") {
  CHECK(parse_id("12") == 12);
  for (const char* bad : {"", "0", "012", "-1", "1x", " 1", "1 ", "99999999999999999999", "1e3"}) {
    INFO(bad);
    CHECK_FALSE(parse_id(bad));
  }
}

TEST_CASE("forwarded headers count only from trusted proxies", "[unit][portal]") {
  http::Request r;
  r.remote_address = "10.0.0.5";
  r.headers["x-forwarded-for"] = "203.0.113.9, 198.51.100.7";
  r.headers["x-forwarded-proto"] = "https";
  auto direct = origin_of(r, {"10.0.0.1"});
  CHECK(direct.address == "10.0.0.5");
  CHECK_FALSE(direct.secure);
  auto proxied = origin_of(r, {"10.0.0.1", "10.0.0.5"});
  CHECK(proxied.address == "198.51.100.7");  // the hop the proxy itself saw, not a client claim
  CHECK(proxied.secure);
  r.tls = true;
  r.headers.erase("x-forwarded-proto");
  CHECK(origin_of(r, {}).secure);
}
