// illd polling a router through SSH: a real sshd forwarding to ill-sim, the host key recorded
// with `illctl router trust`, and rates read exactly as over the binary API.
#include "core/format.hpp"
#include "deployment.hpp"
#include "edge_sim.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "support/sshd.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using ill::test::Deployment;

TEST_CASE("illd polls an ssh router through the tunnel", "[integration][daemon][collector][ssh]") {
  Deployment d(ill::test::k_edge_sim);
  const auto& pe1 = d.sim().router("pe1");
  ill::test::Sshd sshd({.permit_open = {"127.0.0.1:" + std::to_string(pe1.port)}});
  auto added =
      d.illctl({"router", "add", "pe1", "--host", "127.0.0.1", "--port", std::to_string(pe1.port),
                "--transport", "ssh", "--user", "monitor", "--ssh-port",
                std::to_string(sshd.port()), "--ssh-user", ill::test::Sshd::user(),
                "--ssh-key-file", sshd.add_client_key("ed25519").string(), "--password-stdin"},
               "s3cret\n");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  REQUIRE(d.illctl({"client", "add", "acme"}).exit_code == 0);
  REQUIRE(d.illctl({"link", "add", "acme-1", "--client", "acme", "--router", "pe1", "--interface",
                    "ether1", "--mbps", "10"})
              .exit_code == 0);
  // The known_hosts beside the database, which illd reads too.
  REQUIRE(d.illctl({"router", "trust", "pe1", "--yes"}).exit_code == 0);

  auto& illd = d.start_illd();
  const auto link = d.link_id("acme-1");
  auto samples = [&] {
    return ill::store::SampleRepository(d.db())
        .range(link, {ill::from_unix_seconds(0), ill::from_unix_seconds(4102444800)})
        .value();
  };
  const bool polled = Deployment::wait_until([&] { return samples().size() >= 3; }, 30s);
  INFO(illd.err() << sshd.log());
  REQUIRE(polled);
  auto s = samples();
  for (std::size_t i = 1; i < s.size(); ++i) {
    REQUIRE(s[i].rx_bps);
    CHECK(*s[i].rx_bps == Approx(8e6).epsilon(0.03));
    CHECK(s[i].state == ill::sla::State::up);
  }
  auto router = ill::store::RouterRepository(d.db()).resolve("pe1").value();
  CHECK(router.status == ill::store::RouterStatus::online);
  // One SSH connection carried every poll.
  CHECK(d.sim().control("sessions pe1") == "ok sessions pe1 1");
  CHECK(d.stop_illd() == 0);
}

TEST_CASE("illd marks an ssh router with an unknown host key unreachable, the others poll on",
          "[integration][daemon][collector][ssh]") {
  Deployment d(ill::test::k_edge_sim);
  const auto& pe1 = d.sim().router("pe1");
  const auto& pe2 = d.sim().router("pe2");
  ill::test::Sshd sshd({.permit_open = {"127.0.0.1:" + std::to_string(pe1.port)}});
  REQUIRE(
      d.illctl({"router", "add", "pe1", "--host", "127.0.0.1", "--port", std::to_string(pe1.port),
                "--transport", "ssh", "--user", "monitor", "--ssh-port",
                std::to_string(sshd.port()), "--ssh-user", ill::test::Sshd::user(),
                "--ssh-key-file", sshd.add_client_key("ed25519").string(), "--password-stdin"},
               "s3cret\n")
          .exit_code == 0);
  REQUIRE(d.illctl({"router", "add", "pe2", "--host", pe2.address, "--port",
                    std::to_string(pe2.port), "--user", "monitor", "--password-stdin"},
                   "s3cret\n")
              .exit_code == 0);
  REQUIRE(d.illctl({"client", "add", "acme"}).exit_code == 0);
  REQUIRE(d.illctl({"link", "add", "acme-3", "--client", "acme", "--router", "pe2", "--interface",
                    "ether1", "--mbps", "10"})
              .exit_code == 0);
  // No `router trust`: pe1's host key is unknown.
  auto& illd = d.start_illd();
  const auto link = d.link_id("acme-3");
  ill::store::RouterRepository routers(d.db());
  const bool settled = Deployment::wait_until(
      [&] {
        auto samples = ill::store::SampleRepository(d.db()).range(
            link, {ill::from_unix_seconds(0), ill::from_unix_seconds(4102444800)});
        return samples && samples->size() >= 2 &&
               routers.resolve("pe1").value().status == ill::store::RouterStatus::unreachable;
      },
      30s);
  INFO(illd.err());
  REQUIRE(settled);
  auto refused = routers.resolve("pe1").value();
  REQUIRE(refused.last_error);
  CHECK_THAT(*refused.last_error,
             Catch::Contains("ssh host key") && Catch::Contains(sshd.fingerprint()));
  CHECK(routers.resolve("pe2").value().status == ill::store::RouterStatus::online);
  CHECK(d.sim().control("sessions pe1") == "ok sessions pe1 0");
  CHECK(d.stop_illd() == 0);
}
