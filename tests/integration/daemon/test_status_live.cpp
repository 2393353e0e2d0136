// illctl status while the real illd polls ill-sim: the heartbeat, a link held down, an
// unreachable router, and the daemon stopped.
#include "deployment.hpp"
#include "edge_sim.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <ctime>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::test::Deployment;

namespace {

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

nlohmann::json status(Deployment& d) {
  auto r = d.illctl({"status", "--json"});
  if (r.exit_code != 0) return nullptr;
  return nlohmann::json::parse(r.out);
}

std::int64_t parse_rfc3339(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return -1;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

TEST_CASE("illctl status follows illd: links up, a link down since its outage, a router lost",
          "[integration][daemon][status]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  auto before = status(d);
  REQUIRE(before != nullptr);
  CHECK(before["daemon"]["state"] == "never-seen");

  const auto started = now_s();
  d.start_illd();
  const auto interval = d.interval().count();
  nlohmann::json s;
  REQUIRE(Deployment::wait_until(
      [&] {
        s = status(d);
        return s != nullptr && s["daemon"]["state"] == "running" && s["links"]["up"] == 3;
      },
      20s));
  CHECK(s["routers"]["online"] == 2);
  CHECK(s["daemon"]["interval_s"] == interval);
  CHECK(parse_rfc3339(s["daemon"]["started"].get<std::string>()) >= started - 1);
  CHECK(s["problems"].empty());
  CHECK(d.illctl({"status", "--check"}).exit_code == 0);

  // A link held down shows as down, since within one poll interval of the cut.
  const auto down_at = now_s();
  REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
  REQUIRE(Deployment::wait_until(
      [&] {
        s = status(d);
        return s != nullptr && s["links"]["down"] == 1;
      },
      20s));
  const auto& down = s["links"]["down_now"][0];
  CHECK(down["name"] == "acme-2");
  const auto since = parse_rfc3339(down["since"].get<std::string>());
  CHECK(since >= down_at - 1);
  CHECK(since <= down_at + interval + 1);
  auto check = d.illctl({"status", "--check"});
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.err, Contains("1 link down"));

  // An unreachable router: listed with its error, its link unknown.
  REQUIRE_THAT(d.sim().control("router pe2 unreachable 60"), Contains("ok"));
  REQUIRE(Deployment::wait_until(
      [&] {
        s = status(d);
        return s != nullptr && s["routers"]["unreachable"] == 1;
      },
      30s));
  REQUIRE(s["routers"]["not_online"].size() == 1);
  CHECK(s["routers"]["not_online"][0]["name"] == "pe2");
  CHECK_FALSE(s["routers"]["not_online"][0]["last_error"].is_null());
  bool acme3_unknown = false;
  for (const auto& l : s["links"]["unknown_now"])
    if (l["name"] == "acme-3" && l["reason"] == "router-not-online") acme3_unknown = true;
  CHECK(acme3_unknown);

  // SIGTERM: the last heartbeat says stopped.
  REQUIRE(d.stop_illd() == 0);
  s = status(d);
  REQUIRE(s != nullptr);
  CHECK(s["daemon"]["state"] == "stopped");
  CHECK_THAT(d.illctl({"status"}).out, Contains("stopped at"));
}
