// The state of one API session, without I/O: assigns tags, routes each reply sentence to the
// command it belongs to, and turns !trap/!done/!empty/!fatal into Replies and errors. Both the
// blocking Client and the asynchronous AsyncSession drive one of these.
#pragma once

#include "core/result.hpp"
#include "routeros/command.hpp"
#include "routeros/decoder.hpp"
#include "routeros/reply.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::routeros {

// What a row handler wants after seeing a row.
enum class Flow { more, stop };
// Called for each !re of a streaming command as it arrives; `stop` makes the client /cancel it.
using RowHandler = std::function<Flow(const Sentence&)>;

class Multiplexer {
public:
  explicit Multiplexer(DecoderLimits limits = {});

  // Registers `command`, tagging it with the next free number unless it carries a tag, and
  // appends its bytes to `out`. Returns the tag; Errc::usage if that tag is already pending, or
  // the session error once the session has ended.
  Result<std::string> start(Command command, std::string& out, RowHandler on_row = {});
  // Registers `/cancel =tag=<tag>` (itself tagged) and appends it to `out`; returns its tag.
  Result<std::string> start_cancel(std::string_view tag, std::string& out);

  // Decodes `bytes` and routes the replies. Garbage or a !fatal ends the session (see error()).
  void feed(std::string_view bytes);
  // The peer closed the stream.
  void end_of_stream();
  // Ends the session with `error` (transport failure, local close).
  void fail(Error error);

  // True once the command's !done (or an error for it, or the session's end) arrived.
  bool is_finished(std::string_view tag) const;
  // The result of a finished command, removing it. Non-interrupted traps become Errc::remote.
  Result<Reply> take(std::string_view tag);
  // Forgets a command (e.g. after a timeout); its late replies are dropped.
  void abandon(std::string_view tag);
  // Tags whose row handler returned Flow::stop since the last call.
  std::vector<std::string> take_stop_requests();

  bool is_pending(std::string_view tag) const;
  // The command word of a pending command ("" when unknown), for messages.
  std::string_view path_of(std::string_view tag) const;
  std::size_t pending_count() const { return m_pending.size(); }
  // Set once the session is over; every later operation fails with it.
  const std::optional<Error>& error() const { return m_error; }

private:
  struct Pending {
    std::string path;
    Reply reply;
    RowHandler on_row;
    std::optional<Error> error;
    bool finished = false;
    bool stop_requested = false;
    std::size_t reply_bytes = 0;
  };
  void route(Sentence sentence);

  Decoder m_decoder;
  std::map<std::string, Pending, std::less<>> m_pending;
  std::uint64_t m_next_tag = 1;
  std::vector<std::string> m_stop_requests;
  std::optional<Error> m_error;
  DecoderLimits m_limits;
};

}  // namespace ill::routeros
