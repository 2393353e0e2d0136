#include "sim/menus.hpp"

#include <catch2/catch.hpp>

using namespace ill::sim;

namespace {

constexpr TimeMs k_start = 1790812800000;  // 2026-10-01T00:00:00Z

RouterModel router(const char* version) {
  RouterConfig r;
  r.name = "gw1";
  r.identity = "gw1.site";
  r.version = RouterOsVersion::parse(version).value();
  r.uptime = 2 * k_day + 3 * k_hour;
  r.groups = default_groups();
  InterfaceConfig i;
  i.name = "ether1";
  i.rx_bps = 8000;
  i.comment = "a=b";
  i.down.add(Window::absolute(k_start - k_hour, k_start - k_hour + k_minute));
  r.interfaces.push_back(i);
  return RouterModel(r, 1, k_start);
}

}  // namespace

TEST_CASE("menu rows use the version's date format and RouterOS durations", "[unit][sim]") {
  auto v7 = router("7.16.2");
  auto res = resource_row(v7, k_start);
  CHECK(*find_property(res, "uptime") == "2d3h");
  CHECK(*find_property(res, "version") == "7.16.2 (stable)");
  CHECK(*find_property(identity_row(v7), "name") == "gw1.site");

  auto rows = interface_rows(v7, k_start);
  REQUIRE(rows.size() == 1);
  CHECK(*find_property(rows[0], ".id") == "*1");
  CHECK(*find_property(rows[0], "link-downs") == "1");
  CHECK(*find_property(rows[0], "last-link-down-time") == "2026-09-30 23:00:00");
  CHECK(*find_property(rows[0], "last-link-up-time") == "2026-09-30 23:01:00");
  CHECK(*find_property(rows[0], "comment") == "a=b");
  CHECK(*find_property(rows[0], "rx-byte") == std::to_string((51 * 3600 - 60) * 1000ull));

  auto v6 = router("6.49.10");
  auto old = interface_rows(v6, k_start);
  CHECK(*find_property(old[0], "last-link-down-time") == "sep/30/2026 23:00:00");

  auto traffic = monitor_traffic_row(v7, "ether1", k_start);
  REQUIRE(traffic);
  CHECK(*find_property(*traffic, "rx-bits-per-second") == "8000");
  CHECK_FALSE(monitor_traffic_row(v7, "nope", k_start));
}

TEST_CASE("default groups carry RouterOS policies", "[unit][sim]") {
  auto m = router("7.18.2");
  CHECK(has_policy(m, "read", "api"));
  CHECK_FALSE(has_policy(m, "read", "write"));
  CHECK(has_policy(m, "full", "policy"));
  auto groups = group_rows(m);
  REQUIRE(groups.size() == 3);
  CHECK(*find_property(groups[0], "policy") ==
        "local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon,rest-api,"
        "!ftp,!write,!policy");
}
