// illctl router trust and router test for ssh routers, against a real sshd forwarding to ill-sim:
// the step that failed, the fingerprint shown, and known_hosts written only when asked.
#include "inventory_fixture.hpp"
#include "support/ports.hpp"
#include "support/sim.hpp"
#include "support/sshd.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using Catch::Matchers::Contains;
using ill::test::InventoryFixture;

namespace {

constexpr const char* k_sim = R"([[router]]
name = "gw1"
identity = "gw1.ssh"
user = "monitor"
password = "s3cret"
  [[router.interface]]
  name = "ether1"
)";

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void add_ssh_router(const InventoryFixture& f, const ill::test::Sim& sim,
                    const ill::test::Sshd& sshd, const std::filesystem::path& key) {
  auto added =
      f.run_illctl({"router", "add", "gw1", "--host", "127.0.0.1", "--port",
                    std::to_string(sim.router("gw1").port), "--transport", "ssh", "--user",
                    "monitor", "--ssh-port", std::to_string(sshd.port()), "--ssh-user",
                    ill::test::Sshd::user(), "--ssh-key-file", key.string(), "--password-stdin"},
                   "s3cret\n");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
}

}  // namespace

TEST_CASE("router trust records an ssh router's host key, router test then logs in",
          "[integration][cli][ssh]") {
  ill::test::Sim sim(k_sim);
  ill::test::Sshd sshd({.permit_open = {"127.0.0.1:" + std::to_string(sim.router("gw1").port)}});
  InventoryFixture f;
  add_ssh_router(f, sim, sshd, sshd.add_client_key("ed25519"));
  const auto known_hosts = f.dir() / "known_hosts";

  // Before trust: the host key step fails, with the fingerprint to compare (exit 4).
  auto before = f.run_illctl({"router", "test", "gw1"});
  CHECK(before.exit_code == 4);
  CHECK_THAT(before.err, Contains("step ssh host key") && Contains(sshd.fingerprint()));

  // Without a terminal and without --yes nothing is written.
  auto unconfirmed = f.run_illctl({"router", "trust", "gw1"});
  CHECK(unconfirmed.exit_code == 2);
  CHECK_THAT(unconfirmed.out, Contains(sshd.fingerprint()));
  CHECK_FALSE(std::filesystem::exists(known_hosts));

  auto trusted = f.run_illctl({"router", "trust", "gw1", "--yes"});
  INFO(trusted.err);
  REQUIRE(trusted.exit_code == 0);
  CHECK_THAT(trusted.out, Contains("recorded in"));
  const std::string recorded = read_file(known_hosts);
  CHECK(recorded == sshd.known_hosts_line());

  auto again = f.run_illctl({"router", "trust", "gw1", "--yes", "--json"});
  REQUIRE(again.exit_code == 0);
  auto json = nlohmann::json::parse(again.out)[0];
  CHECK(json["was"] == "already trusted");
  CHECK(json["recorded"] == false);
  CHECK(json["fingerprint"] == sshd.fingerprint());

  auto tested = f.run_illctl({"router", "test", "gw1"});
  INFO(tested.err);
  REQUIRE(tested.exit_code == 0);
  CHECK_THAT(tested.out, Contains("login ok over ssh") && Contains("gw1.ssh"));

  auto polled = f.run_illctl({"poll", "gw1", "--interface", "ether1"});
  INFO(polled.err);
  CHECK(polled.exit_code == 0);
  CHECK_THAT(polled.out, Contains("ether1"));

  // An encrypted key: its passphrase is stored sealed, never in the clear.
  const auto locked = sshd.add_client_key("ed25519", true, "Key-Phrase-7");
  const auto phrase_file = f.dir().write("phrase", "Key-Phrase-7\n");
  REQUIRE(f.run_illctl({"router", "edit", "gw1", "--ssh-key-file", locked.string(),
                        "--ssh-passphrase-file", phrase_file.string()})
              .exit_code == 0);
  auto with_phrase = f.run_illctl({"router", "test", "gw1"});
  INFO(with_phrase.err);
  CHECK(with_phrase.exit_code == 0);
  CHECK(f.database_bytes().find("Key-Phrase-7") == std::string::npos);
  auto shown = nlohmann::json::parse(f.run_illctl({"router", "show", "gw1", "--json"}).out)[0];
  CHECK(shown["has_ssh_passphrase"] == true);
  REQUIRE(f.run_illctl({"router", "edit", "gw1", "--ssh-passphrase-file", ""}).exit_code == 0);
  auto without = f.run_illctl({"router", "test", "gw1"});
  CHECK(without.exit_code == 5);
  CHECK_THAT(without.err, Contains("step ssh auth"));
}

TEST_CASE("router trust refuses a changed host key unless told to replace it",
          "[integration][cli][ssh]") {
  ill::test::Sim sim(k_sim);
  ill::test::Sshd sshd({.permit_open = {"127.0.0.1:" + std::to_string(sim.router("gw1").port)}});
  InventoryFixture f;
  add_ssh_router(f, sim, sshd, sshd.add_client_key("ed25519"));
  const auto known_hosts = f.dir() / "known_hosts";
  // An old key recorded for this server's name: another server's key.
  ill::test::Sshd other;
  std::string old = other.known_hosts_line();
  const std::string other_port = std::to_string(other.port());
  old.replace(old.find(other_port), other_port.size(), std::to_string(sshd.port()));
  {
    std::ofstream out(known_hosts);
    out << "# kept as it was\n" << old;
  }

  auto test_changed = f.run_illctl({"router", "test", "gw1"});
  CHECK(test_changed.exit_code == 4);
  CHECK_THAT(test_changed.err, Contains("CHANGED") && Contains("step ssh host key"));

  auto refused = f.run_illctl({"router", "trust", "gw1", "--yes"});
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.err, Contains("CHANGED") && Contains("--replace"));
  CHECK(read_file(known_hosts) == "# kept as it was\n" + old);

  auto replaced = f.run_illctl({"router", "trust", "gw1", "--yes", "--replace"});
  INFO(replaced.err);
  REQUIRE(replaced.exit_code == 0);
  CHECK(read_file(known_hosts) == "# kept as it was\n" + sshd.known_hosts_line());
  CHECK(f.run_illctl({"router", "test", "gw1"}).exit_code == 0);
}

TEST_CASE("router test names the ssh step that failed: auth, channel open, tcp",
          "[integration][cli][ssh]") {
  ill::test::Sim sim(k_sim);
  ill::test::Sshd closed;  // PermitOpen none
  InventoryFixture f;
  add_ssh_router(f, sim, closed, closed.add_client_key("ed25519", false));
  REQUIRE(f.run_illctl({"router", "trust", "gw1", "--yes"}).exit_code == 0);

  auto auth = f.run_illctl({"router", "test", "gw1"});
  CHECK(auth.exit_code == 5);
  CHECK_THAT(auth.err, Contains("step ssh auth"));

  REQUIRE(f.run_illctl({"router", "edit", "gw1", "--ssh-key-file",
                        closed.add_client_key("ed25519").string()})
              .exit_code == 0);
  auto channel = f.run_illctl({"router", "test", "gw1"});
  CHECK(channel.exit_code == 4);
  CHECK_THAT(channel.err, Contains("step ssh channel open"));

  REQUIRE(f.run_illctl({"router", "edit", "gw1", "--ssh-port",
                        std::to_string(ill::test::free_loopback_port())})
              .exit_code == 0);
  auto tcp = f.run_illctl({"router", "test", "gw1"});
  CHECK(tcp.exit_code == 4);
  CHECK_THAT(tcp.err, Contains("step tcp"));

  auto bad_jump = f.run_illctl({"router", "edit", "gw1", "--ssh-jump-host", "root@:22"});
  CHECK(bad_jump.exit_code == 6);
  CHECK_THAT(bad_jump.err, Contains("jump host"));
}
