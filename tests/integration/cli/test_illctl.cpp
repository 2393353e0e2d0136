// illctl as a user runs it: a real process, its stdout, stderr and exit code.
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using ill::test::illctl;

TEST_CASE("illctl --version prints the version and commit", "[integration][cli]") {
  auto r = illctl({"--version"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, StartsWith("illctl 0."));
  CHECK_THAT(r.out, Contains("(commit "));
}

TEST_CASE("illctl --help lists the subcommands and exit codes", "[integration][cli]") {
  auto r = illctl({"--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("Subcommands:"));
  CHECK_THAT(r.out, Contains("config"));
  CHECK_THAT(r.out, Contains("Exit codes:"));
}

TEST_CASE("an unknown command exits 2 with a message on stderr", "[integration][cli]") {
  auto r = illctl({"frobnicate"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK_THAT(r.err, StartsWith("illctl: error: unknown command"));
  CHECK_THAT(r.err, Contains("frobnicate"));
}

TEST_CASE("no command at all is a usage error", "[integration][cli]") {
  auto r = illctl({});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("illctl: error:"));
}

TEST_CASE("an unknown option is a usage error", "[integration][cli]") {
  auto r = illctl({"config", "show", "--frob"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Contains("--frob"));
}

TEST_CASE("illctl config show reports values and origins", "[integration][cli]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "[poll]\ninterval_s = 30\n");
  auto r = illctl({"--config", conf.string(), "--db", "/tmp/x.db", "config", "show", "--json"},
                  {.env = {{"ILL_LOG_LEVEL", "debug"}}});
  REQUIRE(r.exit_code == 0);
  auto rows = nlohmann::json::parse(r.out);
  std::map<std::string, nlohmann::json> by_key;
  for (const auto& row : rows) by_key[row["key"].get<std::string>()] = row;
  CHECK(by_key["poll.interval_s"]["value"] == 30);
  CHECK(by_key["poll.interval_s"]["origin"] == "file");
  CHECK(by_key["poll.interval_s"]["where"] == conf.string() + ":2");
  CHECK(by_key["db"]["value"] == "/tmp/x.db");
  CHECK(by_key["db"]["origin"] == "flag");
  CHECK(by_key["log_level"]["value"] == "debug");
  CHECK(by_key["log_level"]["origin"] == "environment");
  CHECK(by_key["poll.timeout_s"]["origin"] == "default");
}

TEST_CASE("a bad config file stops illctl with exit 8 naming file and line", "[integration][cli]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "db = \"/tmp/x.db\"\nbogus = true\n");
  auto r = illctl({"--config", conf.string(), "config", "check"});
  CHECK(r.exit_code == 8);
  CHECK(r.err == "illctl: error: " + conf.string() + ":2: unknown key 'bogus'\n");
}
