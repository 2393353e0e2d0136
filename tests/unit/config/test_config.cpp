#include "config/config.hpp"
#include "config/listen_address.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

using namespace ill;
using namespace ill::config;
using Catch::Matchers::Contains;

namespace {

// An environment made of exactly these variables.
auto env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

LoadRequest isolated() {
  LoadRequest r;
  r.getenv = env_of({});
  r.system_path = "/nonexistent/ill/illd.conf";
  return r;
}

}  // namespace

TEST_CASE("with no file every key has its default", "[unit][config]") {
  auto loaded = load(isolated());
  REQUIRE(loaded);
  CHECK(loaded->values.db == "/var/lib/ill/ill.db");
  CHECK(loaded->values.log_level == "info");
  CHECK(loaded->values.poll.interval_s == 60);
  CHECK_FALSE(loaded->values.source_file);
  for (const auto& key : keys()) {
    CHECK(loaded->origins.at(std::string(key.name)).origin == Origin::default_value);
  }
}

TEST_CASE("a good file sets values and records file and line", "[unit][config]") {
  auto loaded = parse("# comment\ndb = \"/srv/ill.db\"\n\n[poll]\ninterval_s = 30\ntimeout_s = 5\n",
                      "good.conf");
  REQUIRE(loaded);
  CHECK(loaded->values.db == "/srv/ill.db");
  CHECK(loaded->values.poll.interval_s == 30);
  CHECK(loaded->values.poll.timeout_s == 5);
  CHECK(loaded->origins.at("db").origin == Origin::file);
  CHECK(loaded->origins.at("db").where == "good.conf:2");
  CHECK(loaded->origins.at("poll.interval_s").where == "good.conf:5");
  CHECK(loaded->origins.at("log_level").origin == Origin::default_value);
}

TEST_CASE("an unknown key is refused with its file, line and name", "[unit][config]") {
  auto loaded =
      parse("db = \"/srv/ill.db\"\n[poll]\ninterval_s = 30\nintervall = 5\n", "illd.conf");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().category() == Errc::config);
  CHECK(loaded.error().what() == "illd.conf:4: unknown key 'poll.intervall'");
}

TEST_CASE("an unknown section is refused with its line", "[unit][config]") {
  auto loaded = parse("\n\n[pol]\ninterval_s = 30\n", "illd.conf");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().what() == "illd.conf:3: unknown section '[pol]'");
}

TEST_CASE("a value of the wrong type names the expected type", "[unit][config]") {
  auto loaded = parse("[poll]\ninterval_s = \"60\"\n", "illd.conf");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().what() ==
        "illd.conf:2: poll.interval_s: expected an integer, found a string");
  auto as_number = parse("db = 5\n", "illd.conf");
  REQUIRE_FALSE(as_number);
  CHECK(as_number.error().what() == "illd.conf:1: db: expected a string, found an integer");
}

TEST_CASE("a value out of range or not among the choices is refused", "[unit][config]") {
  auto range = parse("[poll]\n\ninterval_s = 5\n", "illd.conf");
  REQUIRE_FALSE(range);
  CHECK(range.error().what() == "illd.conf:3: poll.interval_s: 5 is out of range 10..300");
  auto choice = parse("log_level = \"loud\"\n", "illd.conf");
  REQUIRE_FALSE(choice);
  CHECK(choice.error().what() ==
        "illd.conf:1: log_level: 'loud' is not one of trace, debug, info, warn, error, off");
}

TEST_CASE("every bad line is reported, not only the first", "[unit][config]") {
  auto loaded = parse("nope = 1\n[poll]\ninterval_s = 1\n", "illd.conf");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().what() ==
        "illd.conf:1: unknown key 'nope'\nilld.conf:3: poll.interval_s: 1 is out of range 10..300");
}

TEST_CASE("a TOML syntax error names line and column", "[unit][config]") {
  auto loaded = parse("db = \"/srv/ill.db\"\n[poll\n", "illd.conf");
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().category() == Errc::config);
  CHECK(loaded.error().what().rfind("illd.conf:2:", 0) == 0);
}

TEST_CASE("environment overrides the file and flags override both", "[unit][config]") {
  auto dir = std::filesystem::temp_directory_path() / "ill-config-test";
  std::filesystem::create_directories(dir);
  auto file = dir / "illd.conf";
  std::ofstream(file) << "db = \"/from/file.db\"\nlog_level = \"warn\"\n";

  LoadRequest r = isolated();
  r.config_path = file;
  r.getenv = env_of({{"ILL_DB", "/from/env.db"}, {"ILL_LOG_LEVEL", "debug"}});
  r.flags["log_level"] = "error";
  auto loaded = load(r);
  REQUIRE(loaded);
  CHECK(loaded->values.db == "/from/env.db");
  CHECK(loaded->origins.at("db").origin == Origin::environment);
  CHECK(loaded->origins.at("db").where == "ILL_DB");
  CHECK(loaded->values.log_level == "error");
  CHECK(loaded->origins.at("log_level").origin == Origin::flag);
  CHECK(loaded->origins.at("log_level").where == "--log-level");
  CHECK(loaded->values.source_file == file);
  CHECK(loaded->values.key_path() == dir / "ill.key");
  std::filesystem::remove_all(dir);
}

TEST_CASE("the config file is found through ILL_CONFIG", "[unit][config]") {
  auto dir = std::filesystem::temp_directory_path() / "ill-config-env-test";
  std::filesystem::create_directories(dir);
  auto file = dir / "other.conf";
  std::ofstream(file) << "[poll]\ntimeout_s = 4\n";
  LoadRequest r = isolated();
  r.getenv = env_of({{"ILL_CONFIG", file.string()}});
  auto loaded = load(r);
  REQUIRE(loaded);
  CHECK(loaded->values.poll.timeout_s == 4);
  CHECK(loaded->origins.at("poll.timeout_s").where == file.string() + ":2");
  std::filesystem::remove_all(dir);
}

TEST_CASE("a config file named explicitly must exist", "[unit][config]") {
  LoadRequest r = isolated();
  r.config_path = "/nonexistent/ill.conf";
  auto loaded = load(r);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().category() == Errc::config);
  CHECK(loaded.error().what().find("/nonexistent/ill.conf") != std::string::npos);
}

TEST_CASE("a bad environment value names the variable", "[unit][config]") {
  LoadRequest r = isolated();
  r.getenv = env_of({{"ILL_LOG_LEVEL", "chatty"}});
  auto loaded = load(r);
  REQUIRE_FALSE(loaded);
  CHECK(loaded.error().what() ==
        "ILL_LOG_LEVEL: log_level: 'chatty' is not one of trace, debug, info, warn, error, off");
}

TEST_CASE("without a file the key lives beside the database", "[unit][config]") {
  Config c;
  c.db = "/data/ill/ill.db";
  CHECK(c.key_path() == "/data/ill/ill.key");
  c.key_file = "/secure/ill.key";
  CHECK(c.key_path() == "/secure/ill.key");
}

TEST_CASE("the HTTP listen address is checked when the file is read", "[unit][config]") {
  auto good = parse("[http]\nlisten = \"[::1]:9464\"\n", "illd.conf");
  REQUIRE(good);
  CHECK(good->values.http.listen == "[::1]:9464");
  auto bad = parse("[http]\nlisten = \"localhost\"\n", "illd.conf");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().what() ==
        "illd.conf:2: http.listen: listen address 'localhost' has no port (HOST:PORT)");
}

TEST_CASE("the [sla] section sets deployment-wide policy defaults", "[unit][config]") {
  auto good =
      parse("[sla]\nunknown = \"down\"\nmerge_gap_s = 300\ncounted_causes = \"provider, power\"\n",
            "illd.conf");
  REQUIRE(good);
  CHECK(good->values.sla.unknown == "down");
  CHECK(good->values.sla.merge_gap_s == 300);
  CHECK(good->values.sla.counted_causes == "provider, power");
  CHECK(good->values.sla.excluded_time == "available");
  CHECK(good->origins.at("sla.unknown").where == "illd.conf:2");
  auto bad = parse("[sla]\ncounted_causes = \"provider,weather\"\n", "illd.conf");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().what() ==
        "illd.conf:2: sla.counted_causes: 'weather' is not a cause (provider, customer, planned, "
        "power, monitoring)");
  auto range = parse("[sla]\nmin_outage_s = -1\n", "illd.conf");
  REQUIRE_FALSE(range);
  CHECK(range.error().what() == "illd.conf:2: sla.min_outage_s: -1 is out of range 0..86400");
}

TEST_CASE("listen addresses are parsed for IPv4 and IPv6", "[unit][config]") {
  auto v4 = config::parse_listen_address("127.0.0.1:9464");
  REQUIRE(v4);
  CHECK(v4->host == "127.0.0.1");
  CHECK(v4->port == 9464);
  auto v6 = config::parse_listen_address("[::1]:80");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->port == 80);
  CHECK_FALSE(config::parse_listen_address("localhost"));
  CHECK_FALSE(config::parse_listen_address("127.0.0.1:99999"));
  CHECK_FALSE(config::parse_listen_address("example.org:80"));
  CHECK_FALSE(config::parse_listen_address("[::1]80"));
}

TEST_CASE("rules that join keys are checked after every source, naming each key's origin",
          "[unit][config]") {
  SECTION("probes longer than the poll timeout") {
    auto r = config::parse("[poll]\ntimeout_s = 5\nping_count = 5\nping_interval_ms = 1000\n",
                           "illd.conf");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(),
               Contains("poll.ping_count = 5 (illd.conf:3) x poll.ping_interval_ms = 1000 "
                        "(illd.conf:4) must be shorter than poll.timeout_s = 5 (illd.conf:2)"));
  }
  SECTION("probes longer than the poll interval") {
    auto r = config::parse(
        "[poll]\ninterval_s = 20\ntimeout_s = 120\nping_count = 10\nping_interval_ms = 5000\n",
        "illd.conf");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(),
               Contains("must be shorter than poll.interval_s = 20 (illd.conf:2)"));
    CHECK_THAT(r.error().message(), !Contains("poll.timeout_s"));
  }
  SECTION("the portal on the address of /metrics") {
    auto r = config::parse(
        "[http]\nlisten = \"127.0.0.1:9000\"\n[portal]\nlisten = \"127.0.0.1:9000\"\n",
        "illd.conf");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(), Contains("portal.listen = 127.0.0.1:9000 (illd.conf:4)"));
  }
  SECTION("both on a free port each, and the portal off, are fine") {
    CHECK(config::parse("[http]\nlisten = \"127.0.0.1:0\"\n[portal]\nlisten = \"127.0.0.1:0\"\n",
                        "a"));
    CHECK(
        config::parse("[http]\nlisten = \"127.0.0.1:9000\"\n[portal]\nenabled = false\n"
                      "listen = \"127.0.0.1:9000\"\n",
                      "a"));
  }
}
