#include "routeros/tcp_transport.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace ill::routeros {

namespace {

std::string format_peer(const std::string& host, std::uint16_t port) {
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

}  // namespace

Status wait_for_fd(int fd, short events, Deadline deadline, std::string_view what) {
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline) return fail(Errc::timeout, "{}: timed out", what);
    // Round up so a deadline 0.4 ms away does not become a busy 0 ms poll.
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - now).count();
    pollfd pfd{fd, events, 0};
    const int rc = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (rc > 0) return {};
    if (rc < 0 && errno != EINTR)
      return fail(Errc::connection, "{}: poll: {}", what, std::strerror(errno));
  }
}

Result<std::unique_ptr<TcpTransport>> TcpTransport::connect(const std::string& host,
                                                            std::uint16_t port, Deadline deadline) {
  const std::string peer = format_peer(host, port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_ADDRCONFIG;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return fail(Errc::unreachable, "connect to {}: {}", peer, ::gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);

  Error last(Errc::unreachable, fmt::format("connect to {}: no address", peer));
  for (addrinfo* ai = found; ai != nullptr; ai = ai->ai_next) {
    const int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      last = Error(Errc::unreachable,
                   fmt::format("connect to {}: socket: {}", peer, std::strerror(errno)));
      continue;
    }
    std::unique_ptr<TcpTransport> transport(new TcpTransport(fd, peer));
    int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
    if (rc < 0 && errno != EINPROGRESS && errno != EINTR) {
      last = Error(Errc::unreachable, fmt::format("connect to {}: {}", peer, std::strerror(errno)));
      continue;
    }
    if (rc < 0) {
      auto ready = wait_for_fd(fd, POLLOUT, deadline, fmt::format("connect to {}", peer));
      if (!ready) return fail(std::move(ready.error()));
      int so_error = 0;
      socklen_t len = sizeof(so_error);
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
      if (so_error != 0) {
        last = Error(Errc::unreachable,
                     fmt::format("connect to {}: {}", peer, std::strerror(so_error)));
        continue;
      }
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return transport;
  }
  return fail(std::move(last));
}

TcpTransport::~TcpTransport() { close(); }

void TcpTransport::close() {
  if (m_fd >= 0) {
    ::close(m_fd);
    m_fd = -1;
  }
}

int TcpTransport::release() { return std::exchange(m_fd, -1); }

Status TcpTransport::write_all(std::string_view bytes, Deadline deadline) {
  if (m_fd < 0) return fail(Errc::connection, "{}: connection is closed", m_peer);
  while (!bytes.empty()) {
    const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      auto ready = wait_for_fd(m_fd, POLLOUT, deadline, fmt::format("write to {}", m_peer));
      if (!ready) return ready;
      continue;
    }
    return fail(Errc::connection, "write to {}: {}", m_peer, std::strerror(errno));
  }
  return {};
}

Result<std::size_t> TcpTransport::read_some(std::span<char> buffer, Deadline deadline) {
  if (m_fd < 0) return fail(Errc::connection, "{}: connection is closed", m_peer);
  for (;;) {
    const ssize_t n = ::recv(m_fd, buffer.data(), buffer.size(), 0);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      auto ready = wait_for_fd(m_fd, POLLIN, deadline, fmt::format("read from {}", m_peer));
      if (!ready) return fail(std::move(ready.error()));
      continue;
    }
    return fail(Errc::connection, "read from {}: {}", m_peer, std::strerror(errno));
  }
}

}  // namespace ill::routeros
