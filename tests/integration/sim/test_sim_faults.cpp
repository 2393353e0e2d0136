// Faults on demand: what a client sees when a router misbehaves.
#include "sim_helpers.hpp"
#include "support/api_client.hpp"
#include "support/sim.hpp"

#include <catch2/catch.hpp>

using namespace ill::test;
using std::chrono::milliseconds;

namespace {

const char* k_config = R"(
[[router]]
name = "r"
password = "secret"
  [[router.interface]]
  name = "ether1"

[[router]]
name = "configured"
password = "secret"
fault = "fatal"
fatal_reason = "out of memory"
)";

std::unique_ptr<ApiClient> logged_in(const Sim& sim, const std::string& router = "r") {
  const auto& r = sim.router(router);
  auto client = std::make_unique<ApiClient>(r.address, r.port);
  REQUIRE(shape(client->login("admin", "secret")) == "!done");
  return client;
}

}  // namespace

TEST_CASE("fault garbage: bytes that are no reply", "[integration][sim]") {
  Sim sim(k_config);
  auto c = logged_in(sim);
  CHECK(sim.control("fault r garbage") == "ok fault r garbage");
  c->send({"/interface/print"});
  auto first = c->read(milliseconds(2000));
  REQUIRE(first.ok());
  CHECK(first.sentence.first() == "!garbage");
  CHECK(first.sentence.reply_kind() == ill::routeros::ReplyKind::unknown);
  CHECK_FALSE(c->read(milliseconds(200)).ok());  // then nothing that makes sense
}

TEST_CASE("fault stall: the router stops answering mid-session", "[integration][sim]") {
  Sim sim(k_config);
  auto c = logged_in(sim);
  CHECK(shape(c->call({"/system/identity/print"})) == "!re !done");
  CHECK(sim.control("fault r stall") == "ok fault r stall");
  c->send({"/system/identity/print"});
  CHECK(c->read(milliseconds(300)).kind == ReadResult::Kind::timeout);
  CHECK_FALSE(c->closed_within(milliseconds(100)));
}

TEST_CASE("fault huge-length: a length prefix of almost 4 GiB", "[integration][sim]") {
  Sim sim(k_config);
  auto c = logged_in(sim);
  CHECK(sim.control("fault r huge-length") == "ok fault r huge-length");
  c->send({"/interface/print"});
  auto r = c->read(milliseconds(2000));
  CHECK(r.kind == ReadResult::Kind::protocol_error);  // over the decoder's word limit
}

TEST_CASE("fault control-byte: a reserved length byte", "[integration][sim]") {
  Sim sim(k_config);
  auto c = logged_in(sim);
  CHECK(sim.control("fault r control-byte once") == "ok fault r control-byte once");
  c->send({"/interface/print"});
  CHECK(c->read(milliseconds(2000)).kind == ReadResult::Kind::protocol_error);
  // `once`: the next session is healthy again.
  auto healthy = logged_in(sim);
  CHECK(shape(healthy->call({"/system/identity/print"})) == "!re !done");
}

TEST_CASE("fault close-after-login: !done, then the connection closes", "[integration][sim]") {
  Sim sim(k_config);
  CHECK(sim.control("fault r close-after-login") == "ok fault r close-after-login");
  auto c = logged_in(sim);
  CHECK(c->closed_within(milliseconds(2000)));
}

TEST_CASE("fault fatal: a bare reason word, from config or at run time", "[integration][sim]") {
  Sim sim(k_config);
  auto configured = logged_in(sim, "configured");
  configured->send({"/system/identity/print", ".tag=1"});
  auto f = configured->read();
  REQUIRE(f.ok());
  REQUIRE(f.sentence.size() == 2);
  CHECK(f.sentence[0] == "!fatal");
  CHECK(f.sentence[1] == "out of memory");
  CHECK(configured->closed_within(milliseconds(2000)));

  auto c = logged_in(sim);
  CHECK(sim.control("fault r fatal") == "ok fault r fatal");
  c->send({"/system/identity/print"});
  auto g = c->read();
  REQUIRE(g.ok());
  CHECK(g.sentence[1] == "simulated failure");
  CHECK(sim.control("fault r none") == "ok fault r none");
  auto fine = logged_in(sim);
  CHECK(shape(fine->call({"/system/identity/print"})) == "!re !done");
}
