// Decision: libssh2 runs NON-BLOCKING on the caller's executor (the collector's io_context
// thread), driven by the readiness of the Asio socket under it; there is no thread per
// connection. Every libssh2 call returns at once; on LIBSSH2_ERROR_EAGAIN the coroutine parks
// until the socket is ready in the direction libssh2 asks for (libssh2_session_block_directions)
// or until another operation on the same connection made progress. The second wake-up matters:
// a channel write also reads the socket (window adjustments), so data for the reader may already
// sit in libssh2's buffers while the socket shows nothing. A slow or silent SSH router therefore
// costs a parked coroutine and a timer, never the thread. Work that stays on the thread: the
// key exchange and signature math (well under a millisecond), and decrypting a passphrase-
// protected key file at connect time (bcrypt KDF, tens of milliseconds, once per session).
#include "routeros/ssh_stream.hpp"

#include "core/wipe.hpp"
#include "routeros/ssh_known_hosts.hpp"

#include <libssh2.h>
#include <spdlog/spdlog.h>
#include <asio/error.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

#include <openssl/evp.h>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

namespace ill::routeros {
namespace {

using asio::ip::tcp;

void init_libssh2() {
  static std::once_flag once;
  std::call_once(once, [] { libssh2_init(0); });
}

std::string host_port(const std::string& host, std::uint16_t port) {
  return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                             : fmt::format("{}:{}", host, port);
}

// Keyboard-interactive authentication answers every prompt with the password.
void answer_with_password(const char*, int, const char*, int, int num_prompts,
                          const LIBSSH2_USERAUTH_KBDINT_PROMPT*,
                          LIBSSH2_USERAUTH_KBDINT_RESPONSE* responses, void** abstract) {
  const auto* password = static_cast<const std::string*>(*abstract);
  for (int i = 0; i < num_prompts; ++i) {
    // libssh2 frees the answers with free().
    auto* text = static_cast<char*>(std::malloc(password->size() + 1));
    if (!text) return;
    std::memcpy(text, password->c_str(), password->size() + 1);
    responses[i].text = text;
    responses[i].length = static_cast<unsigned>(password->size());
  }
}

// One SSH connection: the socket, the libssh2 session and channel, and the coroutines parked on
// them. Shared by the stream and the readiness callbacks (which hold it weakly).
class SshLink : public std::enable_shared_from_this<SshLink> {
public:
  SshLink(asio::any_io_executor executor, tcp::socket socket)
      : m_executor(std::move(executor)), m_socket(std::move(socket)) {}
  ~SshLink() {
    release();
    wipe(m_password);
  }
  SshLink(const SshLink&) = delete;
  SshLink& operator=(const SshLink&) = delete;

  Status start_session() {
    init_libssh2();
    m_session = libssh2_session_init_ex(nullptr, nullptr, nullptr, &m_password);
    if (!m_session) return fail(Errc::internal, "ssh: cannot create a session");
    libssh2_session_set_blocking(m_session, 0);
    return {};
  }

  LIBSSH2_SESSION* session() const { return m_session; }
  LIBSSH2_CHANNEL* channel() const { return m_channel; }
  void set_channel(LIBSSH2_CHANNEL* channel) { m_channel = channel; }
  bool closed() const { return m_closed; }
  void set_password(std::string password) { m_password = std::move(password); }
  int fd() { return static_cast<int>(m_socket.native_handle()); }

  std::string last_error() const {
    char* message = nullptr;
    libssh2_session_last_error(m_session, &message, nullptr, 0);
    return message && *message ? message : "failed";
  }

  // Calls `op` until it stops answering LIBSSH2_ERROR_EAGAIN (or the deadline passes:
  // LIBSSH2_ERROR_TIMEOUT). `op` returns a libssh2 status or a byte count.
  template <typename Op>
  asio::awaitable<long> drive(Op op, Deadline deadline) {
    auto self = shared_from_this();
    for (;;) {
      if (m_closed) co_return LIBSSH2_ERROR_SOCKET_DISCONNECT;
      const long rc = op();
      if (rc != LIBSSH2_ERROR_EAGAIN) {
        wake();
        co_return rc;
      }
      if (Clock::now() >= deadline) co_return LIBSSH2_ERROR_TIMEOUT;
      co_await park(deadline);
    }
  }

  // Waits until the socket is ready the way libssh2 wants, another operation made progress, the
  // link closed, or the deadline passed.
  asio::awaitable<void> park(Deadline deadline) {
    auto self = shared_from_this();
    const int directions = libssh2_session_block_directions(m_session);
    if (directions & LIBSSH2_SESSION_BLOCK_OUTBOUND) arm(tcp::socket::wait_write, m_write_armed);
    if (directions & LIBSSH2_SESSION_BLOCK_INBOUND || directions == 0)
      arm(tcp::socket::wait_read, m_read_armed);
    asio::steady_timer timer(m_executor, deadline);
    // Unlisted however the frame ends: destroying a suspended coroutine (an io_context torn
    // down) must not leave a dangling timer for wake().
    struct Listed {
      std::vector<asio::steady_timer*>& list;
      asio::steady_timer* timer;
      ~Listed() {
        if (auto it = std::find(list.begin(), list.end(), timer); it != list.end()) list.erase(it);
      }
    } listed{m_parked, &timer};
    m_parked.push_back(&timer);
    std::error_code ignored;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }

  // Wakes every parked coroutine to try again.
  void wake() {
    for (auto* timer : m_parked) timer->cancel();
  }

  // Frees the channel and the session and closes the socket; parked operations fail.
  void close() {
    if (m_closed) return;
    m_closed = true;
    release();
    wake();
  }

private:
  void arm(tcp::socket::wait_type type, bool& armed) {
    if (armed) return;
    armed = true;
    std::weak_ptr<SshLink> weak = weak_from_this();
    m_socket.async_wait(type, [weak, type](std::error_code) {
      auto self = weak.lock();
      if (!self) return;
      (type == tcp::socket::wait_write ? self->m_write_armed : self->m_read_armed) = false;
      self->wake();
    });
  }

  void release() {
    std::error_code ignored;
    if (m_session) {
      // A goodbye if it fits in the socket buffer now; then nothing libssh2 does while freeing
      // can wait on the peer: sends fail at once (no SIGPIPE: libssh2 sends with MSG_NOSIGNAL)
      // and reads see the end.
      if (m_channel) libssh2_channel_close(m_channel);
      libssh2_session_disconnect(m_session, "closed by ill");
      m_socket.shutdown(tcp::socket::shutdown_both, ignored);
      // Blocking, so the frees complete, yet bounded: a call libssh2 keeps answering EAGAIN
      // for (a half-sent packet) gives up after the timeout instead of spinning.
      libssh2_session_set_timeout(m_session, 200);
      libssh2_session_set_blocking(m_session, 1);
      if (m_channel) libssh2_channel_free(m_channel);
      m_channel = nullptr;
      libssh2_session_free(m_session);
      m_session = nullptr;
    }
    m_socket.close(ignored);
  }

  asio::any_io_executor m_executor;
  tcp::socket m_socket;
  LIBSSH2_SESSION* m_session = nullptr;
  LIBSSH2_CHANNEL* m_channel = nullptr;
  std::string m_password;  // for keyboard-interactive prompts (the session's abstract)
  std::vector<asio::steady_timer*> m_parked;
  bool m_read_armed = false;
  bool m_write_armed = false;
  bool m_closed = false;
};

class SshStream final : public ByteStream {
public:
  explicit SshStream(std::shared_ptr<SshLink> link) : m_link(std::move(link)) {}
  ~SshStream() override { m_link->close(); }

  asio::awaitable<std::size_t> read_some(std::span<char> buffer, std::error_code& ec) override {
    auto link = m_link;
    for (;;) {
      if (link->closed()) {
        ec = asio::error::operation_aborted;
        co_return 0;
      }
      const auto n = libssh2_channel_read(link->channel(), buffer.data(), buffer.size());
      if (n > 0) {
        link->wake();
        co_return static_cast<std::size_t>(n);
      }
      if (n == 0 && libssh2_channel_eof(link->channel())) {
        ec = asio::error::eof;
        co_return 0;
      }
      if (n == 0 || n == LIBSSH2_ERROR_EAGAIN) {
        co_await link->park(Deadline::max());
        continue;
      }
      spdlog::debug("routeros: ssh channel read: {}", link->last_error());
      ec = asio::error::connection_reset;
      co_return 0;
    }
  }

  asio::awaitable<void> write_all(std::string_view bytes, std::error_code& ec) override {
    auto link = m_link;
    std::size_t done = 0;
    while (done < bytes.size()) {
      if (link->closed()) {
        ec = asio::error::operation_aborted;
        co_return;
      }
      // After EAGAIN libssh2 must be called again with the same data: `done` has not moved.
      const auto n =
          libssh2_channel_write(link->channel(), bytes.data() + done, bytes.size() - done);
      if (n > 0) {
        done += static_cast<std::size_t>(n);
        link->wake();
      } else if (n == 0 || n == LIBSSH2_ERROR_EAGAIN) {
        co_await link->park(Deadline::max());
      } else {
        spdlog::debug("routeros: ssh channel write: {}", link->last_error());
        ec = asio::error::broken_pipe;
        co_return;
      }
    }
  }

  void close() override { m_link->close(); }

private:
  std::shared_ptr<SshLink> m_link;
};

std::string read_small_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text.size() > 64 * 1024 ? std::string() : text;
}

// Whether a private key (or its .pub beside it) is an RSA key, to explain a refusal.
bool looks_like_rsa_key(const std::string& key_file) {
  const std::string pub = read_small_file(key_file + ".pub");
  if (!pub.empty()) return pub.starts_with("ssh-rsa ");
  const std::string text = read_small_file(key_file);
  if (text.find("BEGIN RSA PRIVATE KEY") != std::string::npos) return true;
  // OpenSSH format: the key type is in the clear inside the base64 body ("ssh-rsa" encodes as
  // "c3NoLXJzYQ" at some alignment; decoding the first lines is simpler).
  const auto begin = text.find("-----BEGIN OPENSSH PRIVATE KEY-----");
  if (begin == std::string::npos) return false;
  std::string body;
  for (std::size_t i = text.find('\n', begin) + 1; i < text.size() && body.size() < 400; ++i) {
    if (text[i] == '-') break;
    if (text[i] != '\n' && text[i] != '\r') body += text[i];
  }
  body.resize(body.size() / 4 * 4);
  std::string decoded(body.size(), '\0');
  EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                  reinterpret_cast<const unsigned char*>(body.data()),
                  static_cast<int>(body.size()));
  return decoded.find("ssh-rsa") != std::string::npos;
}

// Connects and hands the socket to a fresh libssh2 session, then completes the handshake.
asio::awaitable<Result<std::shared_ptr<SshLink>>> handshake(asio::any_io_executor executor,
                                                            const SshOptions& ssh,
                                                            Deadline deadline) {
  const std::string peer = host_port(ssh.host, ssh.port);
  auto socket = co_await connect_tcp(executor, ssh.host, ssh.port, peer + " (ssh)", deadline);
  if (!socket) co_return fail(std::move(socket.error()));
  auto link = std::make_shared<SshLink>(executor, std::move(*socket));
  if (auto started = link->start_session(); !started) co_return fail(std::move(started.error()));
  const std::string preference =
      detail::host_key_preference(link->session(), ssh.known_hosts, ssh.host, ssh.port);
  if (!preference.empty())
    libssh2_session_method_pref(link->session(), LIBSSH2_METHOD_HOSTKEY, preference.c_str());
  const int fd = link->fd();
  const long rc = co_await link->drive(
      [&] { return libssh2_session_handshake(link->session(), fd); }, deadline);
  if (rc == LIBSSH2_ERROR_TIMEOUT)
    co_return fail(Errc::timeout, "ssh handshake with {}: timed out", peer);
  if (rc != 0) {
    co_return fail(Errc::unreachable, "ssh handshake with {}: {} (is it an SSH server?)", peer,
                   link->last_error());
  }
  co_return link;
}

Status check_known(SshLink& link, const SshOptions& ssh, HostKey& key) {
  const std::string peer = host_port(ssh.host, ssh.port);
  auto state = detail::check_host_key(link.session(), ssh.known_hosts, ssh.host, ssh.port, key);
  if (!state) return fail(std::move(state.error()));
  key.state = *state;
  switch (key.state) {
  case HostKeyState::known: return {};
  case HostKeyState::unknown:
    return fail(Errc::unreachable,
                "ssh host key of {} is not known: the server presented {} {}, which is not in {}; "
                "check the fingerprint and record it with `illctl router trust`",
                peer, key.type, key.fingerprint, ssh.known_hosts);
  case HostKeyState::changed:
    return fail(Errc::unreachable,
                "ssh host key of {} has CHANGED: the server presented {} {}, but {} records "
                "another {} key for it; refusing to connect (if the change is expected: "
                "`illctl router trust --replace`)",
                peer, key.type, key.fingerprint, ssh.known_hosts, key.type);
  }
  return {};
}

asio::awaitable<Status> authenticate(SshLink& link, const SshOptions& ssh, Deadline deadline) {
  const std::string who =
      fmt::format("ssh auth as {} at {}", ssh.user, host_port(ssh.host, ssh.port));
  LIBSSH2_SESSION* session = link.session();
  const auto user_length = static_cast<unsigned>(ssh.user.size());
  if (!ssh.key_file.empty()) {
    // The public half from KEY.pub when it is there (as OpenSSH writes it); else libssh2
    // derives it from the private key.
    std::error_code ignored;
    const std::string pub = ssh.key_file + ".pub";
    const bool has_pub = std::filesystem::exists(pub, ignored);
    const long rc = co_await link.drive(
        [&] {
          return libssh2_userauth_publickey_fromfile_ex(
              session, ssh.user.c_str(), user_length, has_pub ? pub.c_str() : nullptr,
              ssh.key_file.c_str(), ssh.passphrase.empty() ? nullptr : ssh.passphrase.c_str());
        },
        deadline);
    if (rc == 0) co_return Status{};
    if (rc == LIBSSH2_ERROR_TIMEOUT) co_return fail(Errc::timeout, "{}: timed out", who);
    if (rc == LIBSSH2_ERROR_FILE) {
      co_return fail(Errc::auth,
                     "{}: cannot use key file {}: {} (unreadable, wrong passphrase, or a format "
                     "libssh2 cannot read)",
                     who, ssh.key_file, link.last_error());
    }
    std::string hint;
    if (looks_like_rsa_key(ssh.key_file)) {
      hint =
          "; it is an RSA key: libssh2 1.10 signs only with ssh-rsa (SHA-1), which OpenSSH 8.8 "
          "and later refuse; use an ed25519 or ECDSA key";
    }
    co_return fail(Errc::auth, "{}: the server refused key {}: {}{}", who, ssh.key_file,
                   link.last_error(), hint);
  }

  std::string methods;
  const long listed = co_await link.drive(
      [&]() -> long {
        const char* list = libssh2_userauth_list(session, ssh.user.c_str(), user_length);
        if (list) {
          methods = list;
          return 0;
        }
        if (libssh2_userauth_authenticated(session)) return 0;  // "none" was accepted
        return libssh2_session_last_errno(session);
      },
      deadline);
  if (listed == LIBSSH2_ERROR_TIMEOUT) co_return fail(Errc::timeout, "{}: timed out", who);
  if (listed != 0) co_return fail(Errc::auth, "{}: {}", who, link.last_error());
  if (libssh2_userauth_authenticated(session)) co_return Status{};
  long rc = 0;
  if (methods.find("password") != std::string::npos) {
    rc = co_await link.drive(
        [&] {
          return libssh2_userauth_password_ex(session, ssh.user.c_str(), user_length,
                                              ssh.password.c_str(),
                                              static_cast<unsigned>(ssh.password.size()), nullptr);
        },
        deadline);
  } else if (methods.find("keyboard-interactive") != std::string::npos) {
    link.set_password(ssh.password);
    rc = co_await link.drive(
        [&] {
          return libssh2_userauth_keyboard_interactive_ex(session, ssh.user.c_str(), user_length,
                                                          &answer_with_password);
        },
        deadline);
    link.set_password({});
  } else {
    co_return fail(Errc::auth,
                   "{}: the server accepts no password here (it offers: {}); give the router "
                   "an SSH key file",
                   who, methods);
  }
  if (rc == 0) co_return Status{};
  if (rc == LIBSSH2_ERROR_TIMEOUT) co_return fail(Errc::timeout, "{}: timed out", who);
  co_return fail(Errc::auth, "{}: the server refused the password: {}", who, link.last_error());
}

}  // namespace

asio::awaitable<Result<HostKey>> scan_host_key(asio::any_io_executor executor,
                                               const SshOptions& options, Deadline deadline) {
  auto link = co_await handshake(executor, options, deadline);
  if (!link) co_return fail(std::move(link.error()));
  auto key = detail::presented_host_key((*link)->session(), options.host, options.port);
  if (!key) co_return fail(std::move(key.error()));
  auto state = detail::check_host_key((*link)->session(), options.known_hosts, options.host,
                                      options.port, *key);
  (*link)->close();
  if (!state) co_return fail(std::move(state.error()));
  key->state = *state;
  co_return key;
}

asio::awaitable<Result<std::unique_ptr<ByteStream>>> connect_ssh_stream(
    asio::any_io_executor executor, const Endpoint& endpoint, Deadline deadline) {
  const SshOptions& ssh = endpoint.ssh;
  const std::string peer = host_port(ssh.host, ssh.port);
  auto link = co_await handshake(executor, ssh, deadline);
  if (!link) co_return fail(std::move(link.error()));
  auto key = detail::presented_host_key((*link)->session(), ssh.host, ssh.port);
  if (!key) co_return fail(std::move(key.error()));
  if (auto known = check_known(**link, ssh, *key); !known) co_return fail(std::move(known.error()));
  if (auto authenticated = co_await authenticate(**link, ssh, deadline); !authenticated)
    co_return fail(std::move(authenticated.error()));

  const std::uint16_t port = endpoint.effective_port();
  const std::string target = host_port(ssh.target_host, port);
  LIBSSH2_SESSION* session = (*link)->session();
  const long rc = co_await (*link)->drive(
      [&]() -> long {
        LIBSSH2_CHANNEL* channel =
            libssh2_channel_direct_tcpip_ex(session, ssh.target_host.c_str(), port, "127.0.0.1", 0);
        if (channel) {
          (*link)->set_channel(channel);
          return 0;
        }
        return libssh2_session_last_errno(session);
      },
      deadline);
  if (rc == LIBSSH2_ERROR_TIMEOUT)
    co_return fail(Errc::timeout, "ssh channel to {} via {}: timed out", target, peer);
  if (rc != 0) {
    co_return fail(Errc::unreachable,
                   "ssh channel to {} via {}: refused: {} (does the server allow TCP forwarding "
                   "to it, and does the API service listen there?)",
                   target, peer, (*link)->last_error());
  }
  spdlog::debug("routeros: ssh channel to {} via {} ({} {})", target, peer, key->type,
                key->fingerprint);
  co_return std::unique_ptr<ByteStream>(std::make_unique<SshStream>(std::move(*link)));
}

}  // namespace ill::routeros
