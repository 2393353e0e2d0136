// The binary API through SSH: a libssh2 session to the router (or to a jump host) and a
// `direct-tcpip` channel to the API port, as a ByteStream under AsyncSession.
//
// Steps, each named in its error so `illctl router test` can say where it stopped:
//   "resolve HOST", "connect to PEER"        (Errc::unreachable or Errc::timeout)
//   "ssh handshake with PEER"                (Errc::unreachable)
//   "ssh host key of PEER ..."               (Errc::unreachable: unknown or CHANGED key; the
//                                             message shows the presented SHA256 fingerprint)
//   "ssh auth as USER at PEER ..."           (Errc::auth: key or password refused, key file
//                                             unreadable or its passphrase wrong)
//   "ssh channel to HOST:PORT via PEER ..."  (Errc::unreachable: the server refused direct-tcpip
//                                             or could not reach the API port)
//
// Host keys are checked against an OpenSSH known_hosts file and nothing else: there is no
// "accept new" mode in the poller. `illctl router trust` records a key after showing it
// (scan_host_key, record_host_key).
//
// Keys: ed25519 and ECDSA work with Debian 12's libssh2 1.10. RSA keys do not against OpenSSH
// 8.8 and later: libssh2 1.10 signs only with ssh-rsa (SHA-1), which those servers refuse
// (rsa-sha2-256/512 client signatures came with libssh2 1.11); the error then says so.
#pragma once

#include "core/result.hpp"
#include "routeros/byte_stream.hpp"
#include "routeros/deadline.hpp"
#include "routeros/endpoint.hpp"

#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>

#include <memory>
#include <string>
#include <vector>

namespace ill::routeros {

// Connects, checks the host key, authenticates and opens the channel to
// endpoint.ssh.target_host : endpoint.effective_port(), all before the deadline.
asio::awaitable<Result<std::unique_ptr<ByteStream>>> connect_ssh_stream(
    asio::any_io_executor executor, const Endpoint& endpoint, Deadline deadline);

enum class HostKeyState { known, unknown, changed };

struct HostKey {
  std::string host_entry;                      // as known_hosts names it: "gw1" or "[gw1]:2222"
  std::string type;                            // "ssh-ed25519", "ecdsa-sha2-nistp256", ...
  std::string fingerprint;                     // "SHA256:..." as ssh-keygen -l prints it
  std::string key_base64;                      // the public key blob
  HostKeyState state = HostKeyState::unknown;  // against the known_hosts file
};

// Connects and completes the SSH handshake only (no authentication) and reports the server's
// host key and whether known_hosts (options.known_hosts) has it.
asio::awaitable<Result<HostKey>> scan_host_key(asio::any_io_executor executor,
                                               const SshOptions& options, Deadline deadline);

// Adds the key to the known_hosts file (created with its directory when missing). A different
// key already recorded for the host is Errc::usage unless `replace`, which removes the old lines
// for that host. The file is rewritten atomically; other lines are kept as they were.
Status record_host_key(const std::string& known_hosts, const HostKey& key, bool replace);

}  // namespace ill::routeros
