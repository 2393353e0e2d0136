// The SSH transport's pure parts: jump host parsing, the endpoint a stored router gives, the
// step names `router test` prints, and the known_hosts file record_host_key writes.
#include "collect/router_check.hpp"
#include "collect/router_target.hpp"
#include "inventory/validation.hpp"
#include "routeros/ssh_stream.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace ill;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

routeros::HostKey key(const std::string& blob) {
  routeros::HostKey k;
  k.host_entry = "[10.0.0.1]:2222";
  k.type = "ssh-ed25519";
  k.key_base64 = blob;
  return k;
}

}  // namespace

TEST_CASE("jump hosts are [user@]host[:port]", "[unit][inventory][ssh]") {
  auto full = inventory::parse_jump_host("ill@bastion.example.net:2222");
  REQUIRE(full);
  CHECK(full->user == "ill");
  CHECK(full->host == "bastion.example.net");
  CHECK(full->port == 2222);
  auto v6 = inventory::parse_jump_host("[2001:db8::1]:22");
  REQUIRE(v6);
  CHECK(v6->host == "2001:db8::1");
  CHECK(v6->user.empty());
  auto bare = inventory::parse_jump_host("2001:db8::2");
  REQUIRE(bare);
  CHECK(bare->host == "2001:db8::2");
  CHECK(bare->port == 22);
  std::string problem;
  CHECK_FALSE(inventory::parse_jump_host("ill@:22", &problem));
  CHECK_THAT(problem, Catch::Contains("jump host 'ill@:22'"));
  CHECK_FALSE(inventory::parse_jump_host("bastion:70000", &problem));
  CHECK_THAT(problem, Catch::Contains("port"));
  CHECK_FALSE(inventory::parse_jump_host("@bastion"));
  CHECK_FALSE(inventory::parse_jump_host("[::1"));
}

TEST_CASE("an ssh router's endpoint: its own SSH server, or a jump host", "[unit][collect][ssh]") {
  store::Router r;
  r.name = "gw1";
  r.host = "192.168.88.1";
  r.port = 8728;
  r.transport = store::Transport::ssh;
  r.username = "ill-ro";
  r.ssh_key_file = "/etc/ill/id_ed25519";
  auto direct = collect::endpoint_of(r, {"pw", "phrase", "/var/lib/ill/known_hosts"});
  CHECK(direct.via == routeros::Via::ssh);
  CHECK(direct.ssh.host == "192.168.88.1");
  CHECK(direct.ssh.port == 22);
  CHECK(direct.ssh.user == "ill-ro");
  CHECK(direct.ssh.target_host == "127.0.0.1");
  CHECK(direct.effective_port() == 8728);
  CHECK(direct.ssh.passphrase == "phrase");
  CHECK(direct.ssh.password == "pw");
  CHECK(direct.ssh.known_hosts == "/var/lib/ill/known_hosts");
  CHECK(routeros::format_peer(direct) == "192.168.88.1:8728 via ssh ill-ro@192.168.88.1:22");

  r.ssh_port = 2200;
  r.ssh_user = "tunnel";
  auto own = collect::endpoint_of(r);
  CHECK(own.ssh.port == 2200);
  CHECK(own.ssh.user == "tunnel");

  r.ssh_jump_host = "jump@bastion.example.net:2222";
  auto jumped = collect::endpoint_of(r);
  CHECK(jumped.ssh.host == "bastion.example.net");
  CHECK(jumped.ssh.port == 2222);
  CHECK(jumped.ssh.user == "jump");
  CHECK(jumped.ssh.target_host == "192.168.88.1");
}

TEST_CASE("router test names each step from the error's message", "[unit][collect][ssh]") {
  auto step = [](const char* message) {
    return std::string(collect::failed_step(Error(Errc::unreachable, message)));
  };
  CHECK(step("resolve gw: Host not found") == "dns");
  CHECK(step("connect to 10.0.0.1:22 (ssh): Connection refused") == "tcp");
  CHECK(step("ssh handshake with 10.0.0.1:22: timed out") == "ssh handshake");
  CHECK(step("ssh host key of 10.0.0.1:22 has CHANGED") == "ssh host key");
  CHECK(step("ssh auth as ill at 10.0.0.1:22: refused") == "ssh auth");
  CHECK(step("ssh channel to 127.0.0.1:8728 via 10.0.0.1:22: refused") == "ssh channel open");
}

TEST_CASE("record_host_key adds a key, keeps other lines, refuses a changed one",
          "[unit][routeros][ssh]") {
  test::TempDir dir;
  const std::string file = dir.file("sub/known_hosts");
  REQUIRE(routeros::record_host_key(file, key("AAAAone"), false));
  CHECK(read_file(file) == "[10.0.0.1]:2222 ssh-ed25519 AAAAone\n");
  // Again: nothing changes.
  REQUIRE(routeros::record_host_key(file, key("AAAAone"), false));
  CHECK(read_file(file) == "[10.0.0.1]:2222 ssh-ed25519 AAAAone\n");

  {
    std::ofstream out(file, std::ios::app);
    out << "# a comment\nother.example ssh-ed25519 AAAAother\n"
        << "gw,[10.0.0.1]:2222 ssh-ed25519 AAAAshared\n";
  }
  auto changed = routeros::record_host_key(file, key("AAAAtwo"), false);
  REQUIRE_FALSE(changed);
  CHECK(changed.error().category() == Errc::usage);
  CHECK_THAT(changed.error().what(), Catch::Contains("CHANGED") && Catch::Contains("line 1, 4"));

  REQUIRE(routeros::record_host_key(file, key("AAAAtwo"), true));
  CHECK(read_file(file) ==
        "# a comment\nother.example ssh-ed25519 AAAAother\ngw ssh-ed25519 AAAAshared\n"
        "[10.0.0.1]:2222 ssh-ed25519 AAAAtwo\n");
}
