#include "routeros/ssh_known_hosts.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <system_error>
#include <vector>

namespace ill::routeros {
namespace detail {
namespace {

struct KnownHostsDeleter {
  void operator()(LIBSSH2_KNOWNHOSTS* hosts) const { libssh2_knownhost_free(hosts); }
};
using KnownHostsPtr = std::unique_ptr<LIBSSH2_KNOWNHOSTS, KnownHostsDeleter>;

std::string base64(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

// The session's key type as a libssh2 hostkey type, a known_hosts key type bit and its name.
struct KeyType {
  int hostkey_type;
  int knownhost_bits;
  const char* name;
};
constexpr KeyType k_key_types[] = {
    {LIBSSH2_HOSTKEY_TYPE_ED25519, LIBSSH2_KNOWNHOST_KEY_ED25519, "ssh-ed25519"},
    {LIBSSH2_HOSTKEY_TYPE_ECDSA_256, LIBSSH2_KNOWNHOST_KEY_ECDSA_256, "ecdsa-sha2-nistp256"},
    {LIBSSH2_HOSTKEY_TYPE_ECDSA_384, LIBSSH2_KNOWNHOST_KEY_ECDSA_384, "ecdsa-sha2-nistp384"},
    {LIBSSH2_HOSTKEY_TYPE_ECDSA_521, LIBSSH2_KNOWNHOST_KEY_ECDSA_521, "ecdsa-sha2-nistp521"},
    {LIBSSH2_HOSTKEY_TYPE_RSA, LIBSSH2_KNOWNHOST_KEY_SSHRSA, "ssh-rsa"},
    {LIBSSH2_HOSTKEY_TYPE_DSS, LIBSSH2_KNOWNHOST_KEY_SSHDSS, "ssh-dss"},
};

const KeyType* key_type_by_name(std::string_view name) {
  for (const auto& t : k_key_types)
    if (name == t.name) return &t;
  return nullptr;
}

Result<KnownHostsPtr> load(LIBSSH2_SESSION* session, const std::string& file) {
  KnownHostsPtr hosts(libssh2_knownhost_init(session));
  if (!hosts) return fail(Errc::internal, "ssh host key: out of memory");
  std::error_code ec;
  if (file.empty() || !std::filesystem::exists(file, ec)) return hosts;  // knows no key
  if (libssh2_knownhost_readfile(hosts.get(), file.c_str(), LIBSSH2_KNOWNHOST_FILE_OPENSSH) < 0) {
    char* message = nullptr;
    libssh2_session_last_error(session, &message, nullptr, 0);
    return fail(Errc::config, "ssh host key: cannot read known_hosts file {}: {}", file,
                message ? message : "unreadable");
  }
  return hosts;
}

}  // namespace

std::string known_hosts_name(const std::string& host, std::uint16_t port) {
  return port == 22 ? host : fmt::format("[{}]:{}", host, port);
}

Result<HostKey> presented_host_key(LIBSSH2_SESSION* session, const std::string& host,
                                   std::uint16_t port) {
  std::size_t length = 0;
  int type = 0;
  const char* blob = libssh2_session_hostkey(session, &length, &type);
  const char* hash = libssh2_hostkey_hash(session, LIBSSH2_HOSTKEY_HASH_SHA256);
  if (!blob || !hash) return fail(Errc::protocol, "ssh host key: the server presented none");
  HostKey key;
  key.host_entry = known_hosts_name(host, port);
  for (const auto& t : k_key_types)
    if (t.hostkey_type == type) key.type = t.name;
  if (key.type.empty()) key.type = "unknown";
  std::string fingerprint = base64(reinterpret_cast<const unsigned char*>(hash), 32);
  while (!fingerprint.empty() && fingerprint.back() == '=') fingerprint.pop_back();
  key.fingerprint = "SHA256:" + fingerprint;
  key.key_base64 = base64(reinterpret_cast<const unsigned char*>(blob), length);
  return key;
}

Result<HostKeyState> check_host_key(LIBSSH2_SESSION* session, const std::string& known_hosts,
                                    const std::string& host, std::uint16_t port,
                                    const HostKey& key) {
  auto hosts = load(session, known_hosts);
  if (!hosts) return fail(std::move(hosts.error()));
  const KeyType* type = key_type_by_name(key.type);
  if (!type) return HostKeyState::unknown;
  std::size_t length = 0;
  int ignored = 0;
  const char* blob = libssh2_session_hostkey(session, &length, &ignored);
  struct libssh2_knownhost* found = nullptr;
  const int rc = libssh2_knownhost_checkp(
      hosts->get(), host.c_str(), port, blob, length,
      LIBSSH2_KNOWNHOST_TYPE_PLAIN | LIBSSH2_KNOWNHOST_KEYENC_RAW | type->knownhost_bits, &found);
  switch (rc) {
  case LIBSSH2_KNOWNHOST_CHECK_MATCH: return HostKeyState::known;
  case LIBSSH2_KNOWNHOST_CHECK_MISMATCH: return HostKeyState::changed;
  case LIBSSH2_KNOWNHOST_CHECK_NOTFOUND: return HostKeyState::unknown;
  default: return fail(Errc::internal, "ssh host key: checking {} failed", known_hosts);
  }
}

std::string host_key_preference(LIBSSH2_SESSION* session, const std::string& known_hosts,
                                const std::string& host, std::uint16_t port) {
  auto hosts = load(session, known_hosts);
  if (!hosts) return {};
  const std::string name = known_hosts_name(host, port);
  std::vector<std::string> recorded;
  struct libssh2_knownhost* entry = nullptr;
  while (libssh2_knownhost_get(hosts->get(), &entry, entry) == 0) {
    if (!entry->name || name != entry->name) continue;
    const int bits = entry->typemask & LIBSSH2_KNOWNHOST_KEY_MASK;
    for (const auto& t : k_key_types) {
      if (t.knownhost_bits != bits) continue;
      if (bits == LIBSSH2_KNOWNHOST_KEY_SSHRSA) {
        recorded.insert(recorded.end(), {"rsa-sha2-512", "rsa-sha2-256"});
      }
      recorded.emplace_back(t.name);
    }
  }
  if (recorded.empty()) return {};
  const char** supported = nullptr;
  const int count = libssh2_session_supported_algs(session, LIBSSH2_METHOD_HOSTKEY, &supported);
  if (count <= 0) return {};
  std::vector<std::string> all(supported, supported + count);
  libssh2_free(session, static_cast<void*>(supported));
  std::vector<std::string> order;
  for (const auto& r : recorded)
    if (std::find(all.begin(), all.end(), r) != all.end() &&
        std::find(order.begin(), order.end(), r) == order.end())
      order.push_back(r);
  if (order.empty()) return {};
  for (const auto& a : all)
    if (std::find(order.begin(), order.end(), a) == order.end()) order.push_back(a);
  return fmt::format("{}", fmt::join(order, ","));
}

}  // namespace detail

Status record_host_key(const std::string& known_hosts, const HostKey& key, bool replace) {
  namespace fs = std::filesystem;
  if (known_hosts.empty()) return fail(Errc::config, "no known_hosts file is configured");
  std::vector<std::string> lines;
  std::error_code ec;
  if (fs::exists(known_hosts, ec)) {
    std::ifstream in(known_hosts);
    if (!in) return fail(Errc::io, "cannot read {}: {}", known_hosts, std::strerror(errno));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
  }
  std::vector<std::string> kept;
  std::vector<std::size_t> conflicting;  // 1-based line numbers
  bool present = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::istringstream fields(lines[i]);
    std::string names, type, blob;
    fields >> names >> type >> blob;
    if (names.empty() || names[0] == '#' || names[0] == '@') {
      kept.push_back(lines[i]);
      continue;
    }
    std::vector<std::string> others;
    bool ours = false;
    for (std::size_t at = 0; at <= names.size();) {
      const std::size_t comma = std::min(names.find(',', at), names.size());
      std::string one = names.substr(at, comma - at);
      if (one == key.host_entry)
        ours = true;
      else if (!one.empty())
        others.push_back(std::move(one));
      at = comma + 1;
    }
    if (!ours || type != key.type) {
      kept.push_back(lines[i]);
    } else if (blob == key.key_base64) {
      present = true;
      kept.push_back(lines[i]);
    } else {
      conflicting.push_back(i + 1);
      if (!replace)
        kept.push_back(lines[i]);
      else if (!others.empty())
        kept.push_back(fmt::format("{} {} {}", fmt::join(others, ","), type, blob));
    }
  }
  if (!conflicting.empty() && !replace) {
    return fail(Errc::usage,
                "{} already has a different {} key for {} (line {}): the host key CHANGED; "
                "replace it only if you know why (--replace)",
                known_hosts, key.type, key.host_entry, fmt::join(conflicting, ", "));
  }
  if (present && conflicting.empty()) return {};
  if (!present) kept.push_back(fmt::format("{} {} {}", key.host_entry, key.type, key.key_base64));

  const fs::path path(known_hosts);
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  const fs::path temporary = path.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const auto& line : kept) out << line << '\n';
    out.flush();
    if (!out)
      return fail(Errc::io, "cannot write {}: {}", temporary.string(), std::strerror(errno));
  }
  fs::rename(temporary, path, ec);
  if (ec) return fail(Errc::io, "cannot replace {}: {}", known_hosts, ec.message());
  return {};
}

}  // namespace ill::routeros
