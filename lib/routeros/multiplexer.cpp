#include "routeros/multiplexer.hpp"

#include "routeros/display_text.hpp"

#include <spdlog/spdlog.h>

#include <utility>

namespace ill::routeros {

Multiplexer::Multiplexer(DecoderLimits limits) : m_decoder(limits), m_limits(limits) {}

Result<std::string> Multiplexer::start(Command command, std::string& out, RowHandler on_row) {
  if (m_error) return ill::fail(*m_error);
  std::string tag;
  if (command.tag()) {
    tag = *command.tag();
    if (tag.empty())
      return ill::fail(Errc::usage, "{}: empty tags are not supported", command.path());
    if (m_pending.count(tag) != 0) {
      return ill::fail(Errc::usage, "{}: tag {} is already in use", command.path(), tag);
    }
  } else {
    do {
      tag = std::to_string(m_next_tag++);
    } while (m_pending.count(tag) != 0);
    command.tag(tag);
  }
  if (spdlog::should_log(spdlog::level::trace)) {
    spdlog::trace("routeros: > {}", command.to_log_string());
  }
  command.encode(out);
  Pending pending;
  pending.path = command.path();
  pending.on_row = std::move(on_row);
  m_pending.emplace(tag, std::move(pending));
  return tag;
}

Result<std::string> Multiplexer::start_cancel(std::string_view tag, std::string& out) {
  return start(Command("/cancel").attr("tag", tag), out);
}

void Multiplexer::feed(std::string_view bytes) {
  if (m_error) return;
  Status status = m_decoder.feed(bytes);
  // Route what was complete before any error, then end the session on the error.
  while (auto sentence = m_decoder.next()) {
    route(std::move(*sentence));
    if (m_error) return;
  }
  if (!status) fail(std::move(status.error()));
}

void Multiplexer::end_of_stream() {
  if (m_error) return;
  if (m_decoder.mid_sentence()) {
    fail(Error(Errc::connection, "connection closed by the router in the middle of a reply"));
  } else {
    fail(Error(Errc::connection, "connection closed by the router"));
  }
}

void Multiplexer::fail(Error error) {
  if (m_error) return;
  m_error = error;
  for (auto& [tag, pending] : m_pending) {
    if (!pending.finished) {
      pending.error = error;
      pending.finished = true;
    }
  }
}

void Multiplexer::route(Sentence sentence) {
  if (spdlog::should_log(spdlog::level::trace)) {
    spdlog::trace("routeros: < {}", sentence.to_log_string());
  }
  const ReplyKind kind = sentence.reply_kind();
  if (kind == ReplyKind::fatal) {
    const std::string reason = sentence.reason();
    fail(Error(Errc::connection, reason.empty()
                                     ? std::string("router closed the session")
                                     : "router closed the session: " + router_text(reason)));
    return;
  }
  const auto tag = sentence.tag();
  if (!tag) {
    spdlog::debug("routeros: dropping an untagged {} reply", to_string(kind));
    return;
  }
  const auto it = m_pending.find(*tag);
  if (it == m_pending.end() || it->second.finished) {
    spdlog::debug("routeros: dropping a {} reply for tag {} that is not pending", to_string(kind),
                  display_text(*tag));
    return;
  }
  Pending& pending = it->second;
  // Rows and traps kept for a command count against its caps alike (a router sending endless
  // !trap sentences must not grow memory either). Over a cap, fail this command only: its later
  // replies are dropped and the router is told to stop, so the session lives on.
  auto keep_within_caps = [&] {
    if (pending.reply.rows.size() + pending.reply.traps.size() <= m_limits.max_reply_rows &&
        pending.reply_bytes <= m_limits.max_reply_bytes)
      return;
    pending.error = Error(Errc::protocol,
                          fmt::format("the reply to {} exceeds {} rows or {} bytes", pending.path,
                                      m_limits.max_reply_rows, m_limits.max_reply_bytes));
    pending.reply = Reply{};
    pending.finished = true;
    if (!pending.stop_requested) {
      pending.stop_requested = true;
      m_stop_requests.push_back(it->first);
    }
  };
  switch (kind) {
  case ReplyKind::re:
    if (pending.on_row) {
      if (pending.on_row(sentence) == Flow::stop && !pending.stop_requested) {
        pending.stop_requested = true;
        m_stop_requests.push_back(it->first);
      }
    } else {
      pending.reply_bytes += sentence.byte_size();
      pending.reply.rows.push_back(std::move(sentence));
      keep_within_caps();
    }
    return;
  case ReplyKind::trap: {
    Trap trap = sentence.trap();
    if (trap.category == 2) pending.reply.interrupted = true;
    pending.reply_bytes += sentence.byte_size();
    pending.reply.traps.push_back(std::move(trap));
    keep_within_caps();
    return;
  }
  case ReplyKind::empty: pending.reply.empty = true; return;
  case ReplyKind::done:
    pending.reply.done = std::move(sentence);
    pending.finished = true;
    return;
  case ReplyKind::fatal: return;  // handled above
  case ReplyKind::unknown:
    // Keep the stream in step: finish this command with an error, drop its later replies.
    pending.error = Error(Errc::protocol,
                          fmt::format("unexpected reply word '{}'", router_text(sentence.first())));
    pending.finished = true;
    return;
  }
}

bool Multiplexer::is_finished(std::string_view tag) const {
  const auto it = m_pending.find(tag);
  if (it == m_pending.end()) return m_error.has_value();
  return it->second.finished;
}

std::string_view Multiplexer::path_of(std::string_view tag) const {
  const auto it = m_pending.find(tag);
  return it == m_pending.end() ? std::string_view() : std::string_view(it->second.path);
}

bool Multiplexer::is_pending(std::string_view tag) const {
  return m_pending.find(tag) != m_pending.end();
}

Result<Reply> Multiplexer::take(std::string_view tag) {
  const auto it = m_pending.find(tag);
  if (it == m_pending.end()) {
    if (m_error) return ill::fail(*m_error);
    return ill::fail(Errc::usage, "no command with tag {} is pending", tag);
  }
  Pending pending = std::move(it->second);
  m_pending.erase(it);
  if (pending.error) return ill::fail(std::move(*pending.error));
  if (!pending.finished) return ill::fail(Errc::internal, "command {} has not finished", tag);
  // The first few traps, then how many more: up to max_reply_rows traps may have come, and this
  // message goes to logs and last_error.
  constexpr std::size_t k_traps_shown = 3;
  std::string message;
  std::size_t traps = 0;
  for (const Trap& trap : pending.reply.traps) {
    if (trap.category == 2) continue;  // interrupted by /cancel: a normal end
    if (++traps > k_traps_shown) continue;
    if (!message.empty()) message += "; ";
    message += trap.message.empty() ? std::string("unknown error") : router_text(trap.message);
    if (trap.category) message += fmt::format(" (category {})", *trap.category);
  }
  if (traps > k_traps_shown) message += fmt::format("; {} more traps", traps - k_traps_shown);
  if (!message.empty()) return ill::fail(Errc::remote, "{}", message);
  return std::move(pending.reply);
}

void Multiplexer::abandon(std::string_view tag) {
  const auto it = m_pending.find(tag);
  if (it != m_pending.end()) m_pending.erase(it);
}

std::vector<std::string> Multiplexer::take_stop_requests() {
  return std::exchange(m_stop_requests, {});
}

}  // namespace ill::routeros
