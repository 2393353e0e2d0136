// What /metrics shows of a whole fleet, checked by Prometheus's own linter.
#include "fixtures/sample_fleet.hpp"
#include "metrics/daemon_metrics.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>

using ill::test::run;

namespace {

ill::test::RunResult promtool_check_metrics(const std::string& text) {
  return run({"/usr/bin/promtool", "check", "metrics"}, {.stdin_data = text});
}

}  // namespace

TEST_CASE("promtool accepts the metrics of a fleet on a bad day", "[integration][metrics]") {
  // Several routers (online, unreachable, refusing the login, never polled), links up, down and
  // unknown, label values with quotes, backslashes, newlines, non-ASCII and a non-UTF-8 byte.
  auto text = ill::metrics::render(ill::metrics::DaemonSnapshot{}, ill::test::sample_fleet());
  auto check = promtool_check_metrics(text);
  INFO(check.out << check.err << "\n" << text);
  CHECK(check.exit_code == 0);
  CHECK(check.out.empty());  // no lint complaint either
  CHECK(check.err.empty());
}

TEST_CASE("promtool accepts the metrics of an empty fleet", "[integration][metrics]") {
  auto text = ill::metrics::render(ill::metrics::DaemonSnapshot{}, ill::metrics::FleetSnapshot{});
  auto check = promtool_check_metrics(text);
  INFO(check.out << check.err << "\n" << text);
  CHECK(check.exit_code == 0);
  CHECK(check.out.empty());
  CHECK(check.err.empty());
}

TEST_CASE("promtool notices what the metrics check is there for", "[integration][metrics]") {
  // The two checks above could pass against a promtool that accepts anything; this one shows it
  // refuses a label value that is not UTF-8, as Prometheus refuses the whole scrape over it.
  auto check = promtool_check_metrics(
      "# HELP illd_router_up x\n# TYPE illd_router_up gauge\nilld_router_up{router=\"Caf\xe9\"} "
      "1\n");
  CHECK(check.exit_code != 0);
}
