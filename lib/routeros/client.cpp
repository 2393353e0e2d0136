#include "routeros/client.hpp"

#include "routeros/legacy_login.hpp"
#include "routeros/tls_transport.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace ill::routeros {

namespace {

constexpr std::size_t k_read_buffer_size = 64 * 1024;

}  // namespace

Result<Client> Client::connect(const Endpoint& endpoint, Deadline deadline, DecoderLimits limits) {
  auto transport = connect_transport(endpoint, deadline);
  if (!transport) return fail(std::move(transport.error()));
  return Client(std::move(*transport), limits);
}

Client::Client(std::unique_ptr<Transport> transport, DecoderLimits limits)
    : m_transport(std::move(transport)), m_mux(std::make_unique<Multiplexer>(limits)) {
  m_read_buffer.resize(k_read_buffer_size);
}

Client::Client(Client&&) noexcept = default;
Client& Client::operator=(Client&&) noexcept = default;
Client::~Client() = default;

bool Client::is_open() const { return m_transport && m_mux && !m_mux->error(); }

std::string Client::peer() const { return m_transport ? m_transport->peer() : std::string(); }

void Client::close() {
  if (m_transport) m_transport->close();
  if (m_mux) m_mux->fail(Error(Errc::connection, "connection closed"));
}

Status Client::write_pending(Deadline deadline) {
  if (m_out.empty()) return {};
  if (m_mux->error()) return fail(*m_mux->error());
  Status written = m_transport->write_all(m_out, deadline);
  m_out.clear();
  if (!written) {
    // Part of a sentence may be on the wire: the stream cannot be trusted any more.
    m_mux->fail(written.error());
    m_transport->close();
  }
  return written;
}

Status Client::read_once(Deadline deadline) {
  auto n = m_transport->read_some(std::span<char>(m_read_buffer), deadline);
  if (!n) {
    if (n.error().category() != Errc::timeout) {
      m_mux->fail(n.error());
      m_transport->close();
    }
    return fail(std::move(n.error()));
  }
  if (*n == 0) {
    m_mux->end_of_stream();
    m_transport->close();
    return {};
  }
  m_mux->feed(std::string_view(m_read_buffer.data(), *n));
  if (m_mux->error()) m_transport->close();
  return {};
}

Result<std::string> Client::send(Command command, Deadline deadline, RowHandler on_row) {
  auto tag = m_mux->start(std::move(command), m_out, std::move(on_row));
  if (!tag) return tag;
  if (auto written = write_pending(deadline); !written) return fail(std::move(written.error()));
  return tag;
}

Result<Reply> Client::wait(std::string_view tag, Deadline deadline) {
  for (;;) {
    if (m_mux->is_finished(tag) || !m_mux->is_pending(tag)) return m_mux->take(tag);
    for (const std::string& stopped : m_mux->take_stop_requests()) {
      auto cancel = m_mux->start_cancel(stopped, m_out);
      if (cancel) m_mux->abandon(*cancel);  // the cancelled command's own end is what counts
    }
    if (auto written = write_pending(deadline); !written) return fail(std::move(written.error()));
    if (auto read = read_once(deadline); !read) {
      if (read.error().category() == Errc::timeout && m_mux->is_pending(tag) &&
          !m_mux->is_finished(tag)) {
        // Give up on the command but keep the connection: its late replies are dropped, and a
        // /cancel goes out with the next write in case it never ends by itself.
        const std::string path(m_mux->path_of(tag));
        m_mux->abandon(tag);
        if (auto cancel = m_mux->start_cancel(tag, m_out)) m_mux->abandon(*cancel);
        return fail(Errc::timeout, "{}: {} timed out", peer(), path);
      }
      return fail(std::move(read.error()));
    }
  }
}

Result<Reply> Client::call(Command command, Deadline deadline) {
  auto tag = send(std::move(command), deadline);
  if (!tag) return fail(std::move(tag.error()));
  return wait(*tag, deadline);
}

Result<Reply> Client::stream(Command command, RowHandler on_row, Deadline deadline) {
  auto tag = send(std::move(command), deadline, std::move(on_row));
  if (!tag) return fail(std::move(tag.error()));
  return wait(*tag, deadline);
}

Result<Reply> Client::cancel(std::string_view tag, Deadline deadline) {
  if (!m_mux->is_pending(tag)) {
    if (m_mux->error()) return fail(*m_mux->error());
    return fail(Errc::usage, "no command with tag {} is pending", tag);
  }
  const std::string target(tag);
  auto cancel_tag = m_mux->start_cancel(target, m_out);
  if (!cancel_tag) return fail(std::move(cancel_tag.error()));
  if (auto written = write_pending(deadline); !written) return fail(std::move(written.error()));
  // The router answers: the command's "interrupted" trap, the /cancel's !done, then the
  // command's !done. Wait for both; a /cancel that raced the command's own end may trap.
  auto cancelled = wait(*cancel_tag, deadline);
  if (!cancelled && cancelled.error().category() != Errc::remote) return fail(cancelled.error());
  return wait(target, deadline);
}

Status Client::login(std::string_view user, std::string_view password, Deadline deadline) {
  auto refused = [](const Error& error) {
    if (error.category() == Errc::remote) {
      return Error(Errc::auth, "login failed: " + error.message());
    }
    return Error(error).with_context("login failed");
  };
  auto reply = call(Command("/login").attr("name", user).attr("password", password), deadline);
  if (!reply) return fail(refused(reply.error()));
  const auto challenge = reply->ret();
  if (!challenge) return {};

  // RouterOS before 6.43: answer the challenge.
  spdlog::debug("routeros: {}: legacy challenge login", peer());
  auto response = legacy_login_response(password, *challenge);
  if (!response) return fail(Error(response.error()).with_context("login failed"));
  auto second = call(Command("/login").attr("name", user).attr("response", *response), deadline);
  if (!second) return fail(refused(second.error()));
  return {};
}

}  // namespace ill::routeros
