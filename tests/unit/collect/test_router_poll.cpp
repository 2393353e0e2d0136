// What the replies of a poll mean, from sentences shaped as routers send them.
#include "collect/router_poll.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using namespace ill::collect;
using routeros::Reply;
using routeros::Sentence;

namespace {
Reply rows(std::initializer_list<Sentence> sentences) {
  Reply r;
  r.rows = sentences;
  return r;
}
}  // namespace

TEST_CASE("a resource row gives version, uptime, CPU and memory", "[unit][collect]") {
  auto info = parse_resource(rows({Sentence{
      "!re", "=uptime=2d20h12m20s", "=version=7.16.2 (stable)", "=cpu-load=7",
      "=free-memory=123863040", "=total-memory=268435456", "=board-name=CCR2004-1G-12S+2XS"}}));
  REQUIRE(info);
  CHECK(info->version == "7.16.2 (stable)");
  CHECK(info->uptime == std::chrono::seconds(2 * 86400 + 20 * 3600 + 12 * 60 + 20));
  CHECK(info->cpu_load_pct == 7);
  CHECK(info->free_memory == 123863040u);
  CHECK(info->total_memory == 268435456u);
  CHECK(info->board == "CCR2004-1G-12S+2XS");
}

TEST_CASE("a malformed resource value is a protocol error naming the field", "[unit][collect]") {
  auto info = parse_resource(rows({Sentence{"!re", "=uptime=2d20h", "=cpu-load=lots"}}));
  REQUIRE_FALSE(info);
  CHECK(info.error().category() == Errc::protocol);
  CHECK(info.error().what() == "field 'cpu-load' = 'lots': not a number");
}

TEST_CASE("interface rows give state and 64-bit counters", "[unit][collect]") {
  auto stats = parse_interfaces(rows({
      Sentence{"!re", "=name=ether1", "=type=ether", "=running=true", "=disabled=false",
               "=rx-byte=18446744073709551000", "=tx-byte=42", "=link-downs=3",
               "=comment=uplink=ISP"},
      Sentence{"!re", "=name=ether2", "=running=false", "=disabled=true"},
  }));
  REQUIRE(stats);
  REQUIRE(stats->size() == 2);
  CHECK((*stats)[0].running);
  CHECK((*stats)[0].rx_bytes == 18446744073709551000ull);
  CHECK((*stats)[0].tx_bytes == 42);
  CHECK((*stats)[0].link_downs == 3);
  CHECK((*stats)[0].comment == "uplink=ISP");
  CHECK_FALSE((*stats)[1].running);
  CHECK((*stats)[1].disabled);
  CHECK((*stats)[1].rx_bytes == 0);
}

TEST_CASE("a bad counter names the interface and the field", "[unit][collect]") {
  auto stats = parse_interfaces(rows({Sentence{"!re", "=name=ether9", "=rx-byte=-5"}}));
  REQUIRE_FALSE(stats);
  CHECK(stats.error().what().rfind("interface ether9: field 'rx-byte' = '-5'", 0) == 0);
}

// Found by tests/fuzz/fuzz_reply_router: the raw value went into the message, so a router could
// put terminal escapes or forged log lines into illd's log and a router's last_error.
TEST_CASE("a bad value from the router reaches the error printable and cut short",
          "[unit][collect]") {
  const std::string long_name = "eth\n" + std::string(300, 'x');
  auto info = parse_resource(rows({Sentence{"!re", "=cpu-load=3\x1b[2J\nFAKE log line"}}));
  REQUIRE_FALSE(info);
  CHECK(info.error().what() == "field 'cpu-load' = '3\\x1B[2J\\x0AFAKE log line': not a number");

  auto stats = parse_interfaces(rows({Sentence{"!re", "=name=" + long_name, "=running=\x07"}}));
  REQUIRE_FALSE(stats);
  const std::string what = stats.error().what();
  CHECK(what.find('\n') == std::string::npos);
  CHECK(what.find('\x07') == std::string::npos);
  CHECK(what.find("\\x07") != std::string::npos);  // shown, escaped
  CHECK(what.size() < 200);
}

TEST_CASE("monitor-traffic rates land on their interfaces", "[unit][collect]") {
  std::vector<InterfaceStats> stats(2);
  stats[0].name = "ether1";
  stats[1].name = "ether2";
  REQUIRE(apply_monitor(rows({Sentence{"!re", "=name=ether2", "=rx-bits-per-second=1500000",
                                       "=tx-bits-per-second=250"}}),
                        stats));
  CHECK_FALSE(stats[0].rx_bps);
  CHECK(stats[1].rx_bps == 1500000);
  CHECK(stats[1].tx_bps == 250);
}

TEST_CASE("ping rows in RouterOS 7 format give loss and round-trip times", "[unit][collect]") {
  auto summary = parse_ping(
      "192.0.2.1",
      rows({
          Sentence{"!re", "=seq=0", "=host=192.0.2.1", "=time=1ms500us", "=sent=1", "=received=1"},
          Sentence{"!re", "=seq=1", "=host=192.0.2.1", "=status=timeout", "=sent=2", "=received=1"},
          Sentence{"!re", "=seq=2", "=host=192.0.2.1", "=time=2ms500us", "=sent=3", "=received=2"},
          Sentence{"!re", "=seq=3", "=host=192.0.2.1", "=time=453us", "=sent=4", "=received=3"},
      }));
  REQUIRE(summary);
  CHECK(summary->sent == 4);
  CHECK(summary->received == 3);
  CHECK(summary->loss_pct == 25);
  CHECK(summary->min_ms == Approx(0.453));
  CHECK(summary->max_ms == Approx(2.5));
  CHECK(*summary->avg_ms == Approx((1.5 + 2.5 + 0.453) / 3));
}

TEST_CASE("ping rows in RouterOS 6 format and a total loss", "[unit][collect]") {
  auto v6 = parse_ping("10.0.0.1", rows({Sentence{"!re", "=seq=0", "=time=12ms"},
                                         Sentence{"!re", "=seq=1", "=time=14ms"}}));
  REQUIRE(v6);
  CHECK(v6->avg_ms == Approx(13));
  CHECK(v6->loss_pct == 0);
  auto lost = parse_ping("10.0.0.2", rows({Sentence{"!re", "=seq=0", "=status=timeout"},
                                           Sentence{"!re", "=seq=1", "=status=timeout"}}));
  REQUIRE(lost);
  CHECK(lost->sent == 2);
  CHECK(lost->received == 0);
  CHECK(lost->loss_pct == 100);
  CHECK_FALSE(lost->avg_ms);
}

TEST_CASE("the interface print asks only for the link interfaces and the fields it reads",
          "[unit][collect]") {
  auto words = interface_command({"ether1", "sfp1"}).sentence().to_vector();
  CHECK(words.front() == "/interface/print");
  CHECK(std::find(words.begin(), words.end(), "?=name=ether1") != words.end());
  CHECK(std::find(words.begin(), words.end(), "?=name=sfp1") != words.end());
  CHECK(std::find(words.begin(), words.end(), "?#|") != words.end());
  auto proplist = std::find_if(words.begin(), words.end(),
                               [](const std::string& w) { return w.rfind("=.proplist=", 0) == 0; });
  REQUIRE(proplist != words.end());
  CHECK(proplist->find("rx-byte") != std::string::npos);
}
