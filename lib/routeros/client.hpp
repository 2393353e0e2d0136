// A blocking RouterOS API client for the CLI: one connection, several tagged commands in flight,
// streaming rows, /cancel, and a deadline on every call.
//
//   auto client = Client::connect({.host = "10.0.0.1", .tls = Tls::on}, deadline_in(5s));
//   if (!client) return fail(client.error());
//   if (auto ok = client->login("monitor", secret, deadline_in(5s)); !ok) ...
//   auto rows = client->call(Command("/interface/print").proplist({"name", "running"}),
//                            deadline_in(5s));
//
// Errors: Errc::unreachable (connect, TLS), Errc::timeout (a deadline passed; the connection stays
// usable unless a write was cut), Errc::connection (closed, !fatal), Errc::remote (!trap),
// Errc::auth (login refused), Errc::protocol (garbage).
#pragma once

#include "core/result.hpp"
#include "routeros/command.hpp"
#include "routeros/endpoint.hpp"
#include "routeros/multiplexer.hpp"
#include "routeros/reply.hpp"
#include "routeros/transport.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ill::routeros {

class Client {
public:
  // Connects over TCP or TLS as the endpoint says. Does not log in.
  static Result<Client> connect(const Endpoint& endpoint, Deadline deadline,
                                DecoderLimits limits = {});
  // Runs the protocol over any transport (a fake in tests).
  explicit Client(std::unique_ptr<Transport> transport, DecoderLimits limits = {});
  Client(Client&&) noexcept;
  Client& operator=(Client&&) noexcept;
  ~Client();

  // `/login =name= =password=`; when the router answers with a challenge (=ret=, RouterOS before
  // 6.43), answers it with the MD5 response. A !trap is Errc::auth with the router's message.
  Status login(std::string_view user, std::string_view password, Deadline deadline);

  // Sends `command` and collects its reply: rows until !done, zero rows for !empty. Any
  // !trap (except "interrupted") is Errc::remote naming every trap's message.
  Result<Reply> call(Command command, Deadline deadline);

  // Sends `command` without waiting and returns its tag (numbered unless the command has one).
  // With `on_row`, rows go to it as they arrive instead of into the Reply.
  Result<std::string> send(Command command, Deadline deadline, RowHandler on_row = {});
  // Reads and routes replies until the command with `tag` ends. Replies to other tags are kept
  // for their own wait(). On a timeout the command is abandoned and a /cancel for it goes out
  // with the next write, so a never-ending command does not keep streaming.
  Result<Reply> wait(std::string_view tag, Deadline deadline);
  // send() + wait() with rows streamed to `on_row` (e.g. /ping); return Flow::stop from it to
  // cancel the command, which then ends normally with Reply::interrupted set.
  Result<Reply> stream(Command command, RowHandler on_row, Deadline deadline);
  // Sends `/cancel =tag=<tag>` and waits until both the /cancel and the command have ended.
  // Returns the command's reply (interrupted, with rows collected so far).
  Result<Reply> cancel(std::string_view tag, Deadline deadline);

  // False once the connection failed or was closed; every call then returns that error.
  bool is_open() const;
  void close();
  std::string peer() const;

private:
  Status write_pending(Deadline deadline);
  Status read_once(Deadline deadline);

  std::unique_ptr<Transport> m_transport;
  std::unique_ptr<Multiplexer> m_mux;
  // Encoded sentences not yet written (deferred /cancel of abandoned commands).
  std::string m_out;
  std::vector<char> m_read_buffer;
};

}  // namespace ill::routeros
