// illd as systemd and a sysadmin run it: flags, --check-config, signals.
#include "support/http_client.hpp"
#include "support/illd.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using ill::test::illd_clean_env;
using ill::test::illd_config;
using ill::test::illd_http_port;
using ill::test::Process;
using ill::test::run;

TEST_CASE("illd --version prints the version", "[integration][daemon]") {
  auto r = run({ILL_ILLD_PATH, "--version"}, illd_clean_env());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, StartsWith("illd 0."));
}

TEST_CASE("illd --check-config accepts a good file", "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "db = \"/tmp/ill.db\"\n[poll]\ninterval_s = 120\n");
  auto r = run({ILL_ILLD_PATH, "--config", conf.string(), "--check-config"}, illd_clean_env());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Contains("configuration ok"));
}

TEST_CASE("illd --check-config refuses a bad value naming line and key", "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = dir.write("illd.conf", "[poll]\ninterval_s = 1000\n");
  auto r = run({ILL_ILLD_PATH, "-t", "--config", conf.string()}, illd_clean_env());
  CHECK(r.exit_code == 8);
  CHECK(r.err ==
        "illd: error: " + conf.string() + ":2: poll.interval_s: 1000 is out of range 10..300\n");
}

TEST_CASE("illd stops cleanly on SIGTERM and keeps running through a bad reload",
          "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = illd_config(dir);
  Process illd({ILL_ILLD_PATH, "--config", conf.string(), "--log-level", "info"}, illd_clean_env());
  REQUIRE(illd.wait_for_output("illd starting", 10s, true));

  dir.write("illd.conf", "db = 42\n");  // now broken
  illd.signal(SIGHUP);
  REQUIRE(illd.wait_for_output("reload refused", 10s, true));
  CHECK_THAT(illd.err(), Contains("illd.conf:1: db: expected a string"));
  CHECK_FALSE(illd.wait(0ms));  // still running

  // Each key in range, but together refused as at start: the probes overrun the interval.
  const auto refused_before = illd.err().size();
  dir.write("illd.conf", "db = \"" + (dir / "ill.db").string() +
                             "\"\n[poll]\ninterval_s = 10\ntimeout_s = 60\nping_count = 10\n"
                             "ping_interval_ms = 2000\n[http]\nlisten = \"127.0.0.1:0\"\n"
                             "[portal]\nlisten = \"127.0.0.1:0\"\n");
  illd.signal(SIGHUP);
  REQUIRE(illd.wait_for_output("must be shorter than poll.interval_s = 10", 10s, true));
  CHECK_THAT(illd.err().substr(refused_before), Contains("reload refused"));
  CHECK_FALSE(illd.wait(0ms));

  illd.signal(SIGTERM);
  auto code = illd.wait(5s);
  REQUIRE(code);
  CHECK(*code == 0);
  CHECK_THAT(illd.err(), Contains("illd stopping"));
}

TEST_CASE("illd serves /metrics that promtool accepts", "[integration][daemon][metrics]") {
  ill::test::TempDir dir;
  auto conf = illd_config(dir);
  Process illd({ILL_ILLD_PATH, "--config", conf.string()}, illd_clean_env());
  REQUIRE(illd.wait_for_output("illd starting", 10s, true));
  auto port = illd_http_port(illd);
  auto reply = ill::test::http_get(port, "/metrics");
  REQUIRE(reply.status == 200);
  CHECK_THAT(reply.body, Contains("illd_build_info{version=\""));
  auto check = run({"/usr/bin/promtool", "check", "metrics"}, {.stdin_data = reply.body});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(ill::test::http_get(port, "/nope").status == 404);
  illd.signal(SIGTERM);
  CHECK(illd.wait(5s) == 0);
}

TEST_CASE("illd tells systemd it is ready and that it stops", "[integration][daemon]") {
  ill::test::TempDir dir;
  auto socket_path = (dir / "notify.sock").string();
  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket_path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);

  auto conf = illd_config(dir);
  auto options = illd_clean_env();
  options.env["NOTIFY_SOCKET"] = socket_path;
  Process illd({ILL_ILLD_PATH, "--config", conf.string()}, options);
  auto receive = [&] {
    char buffer[1024];
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
  };
  CHECK_THAT(receive(), StartsWith("READY=1\nSTATUS="));
  illd.signal(SIGTERM);
  CHECK_THAT(receive(), StartsWith("STOPPING=1"));
  CHECK(illd.wait(5s) == 0);
  ::close(fd);
}

TEST_CASE("illd refuses to start without a database and says how to make one",
          "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf =
      dir.write("illd.conf",
                "db = \"" + (dir / "missing.db").string() +
                    "\"\n[http]\nlisten = \"127.0.0.1:0\"\n[portal]\nlisten = \"127.0.0.1:0\"\n");
  auto r = run({ILL_ILLD_PATH, "--config", conf.string()}, illd_clean_env(), 20s);
  CHECK(r.exit_code == 7);
  CHECK_THAT(r.err, Contains("missing.db") && Contains("illctl init"));
}

TEST_CASE("illd notices inventory edits by itself and on SIGHUP", "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = illd_config(dir, "[poll]\ninterval_s = 10\n");
  auto db = (dir / "ill.db").string();
  Process illd({ILL_ILLD_PATH, "--config", conf.string()}, illd_clean_env());
  REQUIRE(illd.wait_for_output("inventory: 0 routers, 0 links", 10s, true));

  auto add = ill::test::illctl(
      {"--db", db, "router", "add", "gw1", "--host", "127.0.0.2", "--user", "monitor"});
  REQUIRE(add.exit_code == 0);
  // Within one poll interval (10 s), without a signal.
  CHECK(illd.wait_for_output("inventory changed: 1 routers, 0 links", 25s, true));

  illd.signal(SIGHUP);
  CHECK(illd.wait_for_output("inventory reloaded: 1 routers, 0 links", 10s, true));
  illd.signal(SIGTERM);
  CHECK(illd.wait(5s) == 0);
}

TEST_CASE(
    "illd refuses probes that cannot fit in the poll interval, at start and on --check-config",
    "[integration][daemon]") {
  ill::test::TempDir dir;
  auto conf = illd_config(
      dir, "[poll]\ninterval_s = 10\ntimeout_s = 120\nping_count = 10\nping_interval_ms = 5000\n");
  for (const char* extra : {"", "--check-config"}) {
    std::vector<std::string> args{ILL_ILLD_PATH, "--config", conf.string()};
    if (*extra) args.emplace_back(extra);
    auto r = run(args, illd_clean_env(), 20s);
    INFO(extra << ": " << r.err);
    CHECK(r.exit_code == 8);
    CHECK_THAT(r.err, Contains("poll.ping_count = 10 (") &&
                          Contains("x poll.ping_interval_ms = 5000 (") &&
                          Contains("must be shorter than poll.interval_s = 10 ("));
  }
}
