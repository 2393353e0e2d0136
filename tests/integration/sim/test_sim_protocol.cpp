// ill-sim speaks the RouterOS API as routers do: login styles, replies, tags, queries, /cancel.
#include "routeros/legacy_login.hpp"
#include "sim_helpers.hpp"
#include "support/api_client.hpp"
#include "support/sim.hpp"

#include <catch2/catch.hpp>

#include <regex>

using namespace ill::test;
using ill::routeros::ReplyKind;
using std::chrono::milliseconds;

namespace {

std::unique_ptr<ApiClient> logged_in(const Sim& sim, const std::string& router,
                                     const std::string& user = "admin",
                                     const std::string& password = "secret") {
  const auto& r = sim.router(router);
  auto client = std::make_unique<ApiClient>(r.address, r.port);
  auto reply = client->login(user, password);
  REQUIRE(shape(reply) == "!done");
  return client;
}

}  // namespace

TEST_CASE("ill-sim prints a ready line per router, then ready", "[integration][sim]") {
  Sim sim(k_basic_config);
  REQUIRE(sim.routers().size() == 4);
  CHECK(sim.router("gw1").port > 0);
  CHECK(sim.router("gw1").address == "127.0.0.1");
  CHECK(sim.router("gw1").transport == "api");
  CHECK(sim.router("gw2").version == "7.18.2");
  CHECK(sim.control("sessions gw1") == "ok sessions gw1 0");
  CHECK(sim.control("link nope ether1 down") ==
        "error link nope ether1 down: no router named 'nope'");
  CHECK(sim.stop() == 0);
}

TEST_CASE("modern login: success, wrong password, !fatal after five failures",
          "[integration][sim]") {
  Sim sim(k_basic_config);
  const auto& gw1 = sim.router("gw1");
  ApiClient ok(gw1.address, gw1.port);
  CHECK(shape(ok.login("admin", "secret")) == "!done");

  ApiClient bad(gw1.address, gw1.port);
  for (int i = 0; i < 4; ++i) {
    auto reply = bad.login("admin", "wrong");
    REQUIRE(shape(reply) == "!trap !done");
    CHECK(attr(reply[0], "message") == "invalid user name or password (6)");
  }
  bad.send({"/login", "=name=admin", "=password=wrong"});
  auto fatal = bad.read();
  REQUIRE(fatal.ok());
  CHECK(fatal.sentence.reply_kind() == ReplyKind::fatal);
  REQUIRE(fatal.sentence.size() == 2);
  CHECK(fatal.sentence[1] == "too many commands before login");  // a bare word, no =message=
  CHECK(bad.closed_within(milliseconds(2000)));
}

TEST_CASE("commands before login are refused", "[integration][sim]") {
  Sim sim(k_basic_config);
  const auto& gw1 = sim.router("gw1");
  ApiClient client(gw1.address, gw1.port);
  auto reply = client.call({"/interface/print", ".tag=1"});
  REQUIRE(shape(reply) == "!trap:1 !done:1");
  CHECK(attr(reply[0], "message") == "not logged in");
}

TEST_CASE("legacy login answers with a challenge and checks the MD5 response",
          "[integration][sim]") {
  Sim sim(k_basic_config);
  const auto& r = sim.router("legacy");
  ApiClient client(r.address, r.port);
  // Hybrid clients send the plain form first; a pre-6.43 router answers with =ret=.
  auto challenge = client.call({"/login", "=name=admin", "=password=test"});
  REQUIRE(shape(challenge) == "!done");
  std::string ret = attr(challenge[0], "ret");
  CHECK(std::regex_match(ret, std::regex("[0-9a-f]{32}")));
  auto response = ill::routeros::legacy_login_response("test", ret);
  REQUIRE(response);
  CHECK(shape(client.call({"/login", "=name=admin", "=response=" + *response})) == "!done");
  CHECK(shape(client.call({"/system/identity/print"})) == "!re !done");

  ApiClient wrong(r.address, r.port);
  auto c2 = wrong.call({"/login"});
  auto bad = ill::routeros::legacy_login_response("nope", attr(c2[0], "ret"));
  auto reply = wrong.call({"/login", "=name=admin", "=response=" + *bad});
  REQUIRE(shape(reply) == "!trap !done");
  CHECK(attr(reply[0], "message") == "cannot log in");
}

TEST_CASE("identity, resource, users and groups print like a router", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  auto id = c->call({"/system/identity/print"});
  REQUIRE(shape(id) == "!re !done");
  CHECK(attr(id[0], "name") == "gw1");
  auto res = c->call({"/system/resource/print"});
  REQUIRE(shape(res) == "!re !done");
  CHECK(attr(res[0], "version") == "7.16.2 (stable)");
  CHECK(std::regex_match(attr(res[0], "uptime"), std::regex("1h(\\d+m)?(\\d+s)?")));
  CHECK(attr(res[0], "platform") == "MikroTik");
  auto users = c->call({"/user/print", "?name=viewer"});
  REQUIRE(shape(users) == "!re !done");
  CHECK(attr(users[0], "group") == "api-ro");
  auto groups = c->call({"/user/group/print", "?name=api-ro", "=.proplist=policy"});
  REQUIRE(shape(groups) == "!re !done");
  CHECK(attr(groups[0], "policy") == "read,api,!test,!write");
  // getall is an alias of print
  CHECK(shape(c->call({"/system/identity/getall"})) == "!re !done");
}

TEST_CASE("/interface/print honours .proplist and query words", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  auto all = rows(c->call({"/interface/print"}));
  REQUIRE(all.size() == 3);
  CHECK(attr(all[0], ".id") == "*1");
  CHECK(attr(all[0], "name") == "ether1");
  CHECK(attr(all[0], "running") == "true");
  CHECK(attr(all[0], "comment") == "uplink");
  // 1 h of uptime at 1000 B/s, plus the seconds the test has been running.
  auto rx = std::stoull(attr(all[0], "rx-byte"));
  CHECK(rx >= 3600000);
  CHECK(rx < 3600000 + 60000);
  CHECK(std::stoull(attr(all[0], "tx-byte")) >= 7200000);

  auto picked = rows(c->call({"/interface/print", "=.proplist=name,running", "?name=ether2"}));
  REQUIRE(picked.size() == 1);
  CHECK(picked[0].size() == 3);  // !re, name, running
  CHECK(attr(picked[0], "name") == "ether2");

  auto names = [&](std::vector<std::string> words) {
    words.insert(words.begin(), {"/interface/print", "=.proplist=name"});
    std::string out;
    for (const auto& r : rows(c->call(words))) out += attr(r, "name") + " ";
    return out;
  };
  CHECK(names({"?type=vlan"}) == "vlan10 ");
  CHECK(names({"?=type=ether"}) == "ether1 ether2 ");
  CHECK(names({"?comment"}) == "ether1 ");
  CHECK(names({"?-comment"}) == "ether2 vlan10 ");
  CHECK(names({"?>comment="}) == "ether1 ");
  CHECK(names({"?<mtu=1500"}) == "vlan10 ");
  CHECK(names({"?name=ether1", "?name=vlan10", "?#|"}) == "ether1 vlan10 ");
  CHECK(names({"?=type=ether", "?#!"}) == "vlan10 ");
  CHECK(names({"?type=ether", "?name=ether2", "?#&"}) == "ether2 ");
  auto count = c->call({"/interface/print", "=count-only=", "?type=ether"});
  REQUIRE(shape(count) == "!done");
  CHECK(attr(count[0], "ret") == "2");
}

TEST_CASE("!empty for an empty print on 7.18, nothing but !done before", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto v716 = logged_in(sim, "gw1");
  CHECK(shape(v716->call({"/interface/print", "?name=nope", ".tag=5"})) == "!done:5");
  auto v718 = logged_in(sim, "gw2");
  CHECK(shape(v718->call({"/interface/print", "?name=nope", ".tag=5"})) == "!empty:5 !done:5");
  CHECK(shape(v718->call({"/tool/netwatch/print"})) == "!empty !done");
  CHECK(shape(v718->call({"/interface/print"})) == "!re !done");
}

TEST_CASE("unknown commands trap; /quit is a bare !fatal", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  auto reply = c->call({"/nope/print", ".tag=x"});
  REQUIRE(shape(reply) == "!trap:x !done:x");
  CHECK(attr(reply[0], "message") == "no such command prefix");
  c->send({"/quit"});
  auto fatal = c->read();
  REQUIRE(fatal.ok());
  REQUIRE(fatal.sentence.size() == 2);
  CHECK(fatal.sentence[0] == "!fatal");
  CHECK(fatal.sentence[1] == "session terminated on request");
  CHECK(c->closed_within(milliseconds(2000)));
}

TEST_CASE("monitor-traffic once gives one row per interface", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  auto reply = c->call({"/interface/monitor-traffic", "=interface=ether1,ether2", "=once="});
  REQUIRE(shape(reply) == "!re !re !done");
  CHECK(attr(reply[0], "name") == "ether1");
  CHECK(attr(reply[0], "rx-bits-per-second") == "8000");
  CHECK(attr(reply[0], "tx-bits-per-second") == "16000");
  CHECK(attr(reply[1], "rx-bits-per-second") == "10000000");
  auto bad = c->call({"/interface/monitor-traffic", "=interface=nope", "=once="});
  REQUIRE(shape(bad) == "!trap !done");
  CHECK(attr(bad[0], "message") == "input does not match any value of interface");
}

TEST_CASE("ping streams one row per probe at the interval, v7 and v6 time formats",
          "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  auto reply = c->call({"/ping", "=address=10.0.0.1", "=count=4", "=interval=20ms", ".tag=p"});
  REQUIRE(shape(reply) == "!re:p !re:p !re:p !re:p !done:p");
  for (int i = 0; i < 4; ++i) {
    CHECK(attr(reply[i], "seq") == std::to_string(i));
    CHECK(attr(reply[i], "sent") == std::to_string(i + 1));
    CHECK(attr(reply[i], "received") == std::to_string(i + 1));
    CHECK(attr(reply[i], "time") == "2ms500us");
  }
  CHECK(attr(reply[3], "packet-loss") == "0");
  CHECK(attr(reply[3], "avg-rtt") == "2ms500us");

  auto lost = c->call({"/ping", "=address=10.0.0.99", "=count=2", "=interval=0.01"});
  REQUIRE(shape(lost) == "!re !re !done");
  CHECK(attr(lost[1], "status") == "timeout");
  CHECK(attr(lost[1], "time") == "<absent>");
  CHECK(attr(lost[1], "packet-loss") == "100");

  auto old = logged_in(sim, "old");
  auto v6 = old->call({"/ping", "=address=10.0.0.1", "=count=1", "=interval=10ms"});
  REQUIRE(shape(v6) == "!re !done");
  CHECK(attr(v6[0], "time") == "3ms");

  auto viewer = logged_in(sim, "gw1", "viewer", "v");  // group without the test policy
  auto denied = viewer->call({"/ping", "=address=10.0.0.1", "=count=1"});
  REQUIRE(shape(denied) == "!trap !done");
  CHECK(attr(denied[0], "message") == "not enough permissions (9)");
}

TEST_CASE("tagged commands run together and their replies interleave", "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  c->send({"/ping", "=address=10.0.0.1", "=count=3", "=interval=100ms", ".tag=ping"});
  c->send({"/interface/print", "=.proplist=name", ".tag=ifs"});
  c->send({"/system/identity/print", ".tag=id"});
  auto all = c->read_until_done("ping", milliseconds(5000));
  // The prints finish while the ping still runs; every reply carries its own tag.
  auto only = [&](const std::string& tag) {
    std::vector<ill::routeros::Sentence> out;
    for (const auto& s : all)
      if (tag_of(s) == tag) out.push_back(s);
    return shape(out);
  };
  CHECK(only("ifs") == "!re:ifs !re:ifs !re:ifs !done:ifs");
  CHECK(only("id") == "!re:id !done:id");
  CHECK(only("ping") == "!re:ping !re:ping !re:ping !done:ping");
  CHECK(only("") == "");
  CHECK(shape({all.back()}) == "!done:ping");
}

TEST_CASE("/cancel: the command's trap, the cancel's !done, the command's !done",
          "[integration][sim]") {
  Sim sim(k_basic_config);
  auto c = logged_in(sim, "gw1");
  c->send({"/interface/monitor-traffic", "=interface=ether1", ".tag=m"});
  auto first = c->read();
  REQUIRE(first.ok());
  CHECK(shape({first.sentence}) == "!re:m");
  auto cancelled = c->call({"/cancel", "=tag=m", ".tag=c"});
  // Rows that were already on their way may come first.
  while (!cancelled.empty() && cancelled.front().reply_kind() == ReplyKind::re)
    cancelled.erase(cancelled.begin());
  REQUIRE(cancelled.size() >= 2);
  CHECK(shape(cancelled) == "!trap:m !done:c");
  CHECK(attr(cancelled[0], "category") == "2");
  CHECK(attr(cancelled[0], "message") == "interrupted");
  auto rest = c->read_until_done("m");
  CHECK(shape(rest) == "!done:m");

  // Untagged /cancel stops every running command.
  c->send({"/ping", "=address=10.0.0.1", "=interval=50ms", ".tag=a"});
  c->send({"/ping", "=address=10.0.0.1", "=interval=50ms", ".tag=b"});
  c->send({"/cancel"});
  auto all = c->read_until_done("b");
  std::vector<ill::routeros::Sentence> replies;
  for (const auto& s : all)
    if (s.reply_kind() != ReplyKind::re) replies.push_back(s);
  CHECK(shape(replies) == "!trap:a !trap:b !done !done:a !done:b");
}
