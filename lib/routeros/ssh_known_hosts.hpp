// Inside routeros/: host keys of SSH servers against an OpenSSH known_hosts file, for
// ssh_stream.cpp. Reading and matching go through libssh2 (hashed names, "[host]:port" entries);
// recording rewrites the file as text so the lines ill did not write stay as they were.
#pragma once

#include "core/result.hpp"
#include "routeros/ssh_stream.hpp"

#include <libssh2.h>

#include <cstdint>
#include <string>

namespace ill::routeros::detail {

// "gw1" for port 22, "[gw1]:2222" otherwise: how known_hosts names a server.
std::string known_hosts_name(const std::string& host, std::uint16_t port);

// The key the server presented during the handshake; state not yet checked.
Result<HostKey> presented_host_key(LIBSSH2_SESSION* session, const std::string& host,
                                   std::uint16_t port);

// Whether `known_hosts` has the key (a missing file knows no key). A file libssh2 cannot read is
// Errc::config naming it.
Result<HostKeyState> check_host_key(LIBSSH2_SESSION* session, const std::string& known_hosts,
                                    const std::string& host, std::uint16_t port,
                                    const HostKey& key);

// The host key algorithms to offer, those already recorded for the server first, so that a
// server with several keys presents the one known_hosts has. Empty: libssh2's default.
std::string host_key_preference(LIBSSH2_SESSION* session, const std::string& known_hosts,
                                const std::string& host, std::uint16_t port);

}  // namespace ill::routeros::detail
