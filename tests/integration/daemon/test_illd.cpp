// illd as systemd and a sysadmin run it: flags, --check-config, signals.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <csignal>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using ill::test::Process;
using ill::test::run;

namespace {
ill::test::ProcessOptions clean_env() {
  return {.env = {{"ILL_CONFIG", std::nullopt}, {"ILL_DB", std::nullopt}}};
}
}  // namespace

TEST_CASE("illd --version prints the version", "[integration][daemon]") {
  auto r = run({ILL_ILLD_PATH, "--version"}, clean_env());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, StartsWith("illd 0."));
}

TEST_CASE("illd --check-config accepts a good file", "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "db = \"/tmp/ill.db\"\n[poll]\ninterval_s = 120\n");
  auto r = run({ILL_ILLD_PATH, "--config", conf.string(), "--check-config"}, clean_env());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("configuration ok"));
}

TEST_CASE("illd --check-config refuses a bad value naming line and key", "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "[poll]\ninterval_s = 1000\n");
  auto r = run({ILL_ILLD_PATH, "-t", "--config", conf.string()}, clean_env());
  CHECK(r.exit_code == 8);
  CHECK(r.err ==
        "illd: error: " + conf.string() + ":2: poll.interval_s: 1000 is out of range 10..300\n");
}

TEST_CASE("illd stops cleanly on SIGTERM and keeps running through a bad reload",
          "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "db = \"" + (dir / "ill.db").string() + "\"\n");
  Process illd({ILL_ILLD_PATH, "--config", conf.string(), "--log-level", "info"}, clean_env());
  REQUIRE(illd.wait_for_output("illd starting", 10s, true));

  dir.write("illd.conf", "db = 42\n");  // now broken
  illd.signal(SIGHUP);
  REQUIRE(illd.wait_for_output("reload refused", 10s, true));
  CHECK_THAT(illd.err(), Contains("illd.conf:1: db: expected a string"));
  CHECK_FALSE(illd.wait(0ms));  // still running

  illd.signal(SIGTERM);
  auto code = illd.wait(5s);
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK_THAT(illd.err(), Contains("illd stopping"));
}
