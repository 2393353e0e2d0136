// libFuzzer target for the reply router: what a router sends back to one poll, through the
// Multiplexer (tags, !re/!trap/!empty/!done/!fatal, per-command caps) into read_poll and
// apply_monitor, as illd's AsyncSession and async_poll drive them.
//
// Input: the first byte chooses the poll plan (identity, monitor-traffic, how many interfaces
// and ping targets) and how the bytes are chunked; the rest is text, one word per line, an
// empty line ending a sentence ("!re\n.tag=1\n=uptime=1d\n\n!done\n.tag=1\n\n"). The harness
// encodes the words itself, so the fuzzer works on tags, attributes and values rather than on
// length prefixes (fuzz_decoder covers those).
//
// Checked for any input: every command ends (after the end of the stream at the latest), a
// command never keeps more rows than the cap, and every error message is printable and bounded:
// what a router sends reaches logs, last_error and /metrics only through these messages.
#include "collect/router_poll.hpp"
#include "fuzz_support.hpp"
#include "routeros/multiplexer.hpp"
#include "routeros/word_codec.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ill::fuzz::check;

constexpr std::size_t k_max_rows = 32;
constexpr std::size_t k_max_reply_bytes = 16 * 1024;
// The longest error a poll may produce: a few router texts of at most 256 bytes each, plus
// the command, field and interface names around them.
constexpr std::size_t k_max_error = 4096;

void check_error(const ill::Error& error) {
  const std::string text = error.what();
  check(ill::fuzz::printable(text), "an error message carries a control byte from the router");
  check(text.size() <= k_max_error, "an error message grows with the router's reply");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ill::fuzz::quiet();
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);

  ill::collect::PollPlan plan;
  plan.identity = (mode & 1) != 0;
  plan.monitor_traffic = (mode & 2) != 0;
  const char* const k_interfaces[] = {"ether1", "sfp-sfpplus1", "vlan100"};
  for (unsigned i = 0; i < ((mode >> 2) & 3u); ++i) plan.interfaces.emplace_back(k_interfaces[i]);
  const char* const k_targets[] = {"192.0.2.1", "2001:db8::1", "198.51.100.7"};
  for (unsigned i = 0; i < ((mode >> 4) & 3u); ++i) plan.ping_targets.emplace_back(k_targets[i]);
  const std::size_t chunk = (mode >> 6) == 0 ? 0 : 1u << ((mode >> 6) * 2);  // whole, 4, 16, 64

  ill::routeros::DecoderLimits limits;
  limits.max_word_bytes = 64 * 1024;
  limits.max_reply_rows = k_max_rows;
  limits.max_reply_bytes = k_max_reply_bytes;
  ill::routeros::Multiplexer mux(limits);

  std::string out;  // what the session would send; only its tags matter here
  std::vector<std::string> tags;
  for (auto& command : ill::collect::poll_commands(plan)) {
    auto tag = mux.start(std::move(command), out);
    check(tag.has_value(), "a fresh session refuses a poll command");
    tags.push_back(*tag);
  }
  std::string monitor_tag;
  if (plan.monitor_traffic) {
    auto tag = mux.start(ill::collect::monitor_command(plan.interfaces), out);
    check(tag.has_value(), "a fresh session refuses monitor-traffic");
    monitor_tag = *tag;
  }

  // The router's bytes, encoded from the text.
  std::string wire;
  std::vector<std::string_view> words;
  ill::fuzz::Pieces lines(text, '\n');
  while (!lines.done()) {
    const std::string_view word = lines.next();
    if (word.empty() || lines.done()) {
      if (!word.empty()) words.push_back(word);
      if (!words.empty()) ill::routeros::append_sentence(wire, words);
      words.clear();
    } else {
      words.push_back(word);
    }
  }

  std::size_t at = 0;
  while (at < wire.size()) {
    const std::size_t n = chunk == 0 ? wire.size() : std::min(chunk, wire.size() - at);
    mux.feed(std::string_view(wire).substr(at, n));
    at += n;
    // As AsyncSession does: a command over its cap, or whose row handler stopped, is cancelled.
    for (const auto& stopped : mux.take_stop_requests()) {
      auto cancel = mux.start_cancel(stopped, out);
      if (cancel) mux.abandon(*cancel);
    }
  }
  if (mux.error()) check_error(*mux.error());
  mux.end_of_stream();
  check(mux.error().has_value(), "the end of the stream does not end the session");
  check_error(*mux.error());

  std::vector<ill::Result<ill::routeros::Reply>> replies;
  for (const auto& tag : tags) {
    check(mux.is_finished(tag), "a command is still open after the end of the stream");
    auto reply = mux.take(tag);
    if (reply) {
      check(reply->rows.size() <= k_max_rows, "a reply keeps more rows than its cap");
      check(reply->traps.size() <= k_max_rows, "a reply keeps more traps than its cap");
    } else {
      check_error(reply.error());
    }
    replies.push_back(std::move(reply));
  }
  auto poll = ill::collect::read_poll(plan, replies);
  if (!poll) {
    check_error(poll.error());
  } else {
    check(poll->pings.size() == plan.ping_targets.size(), "a ping summary is missing");
    for (const auto& ping : poll->pings) {
      check(ping.received <= ping.sent, "a ping received more than it sent");
      check(ping.loss_pct >= 0 && ping.loss_pct <= 100, "ping loss outside 0..100 %");
    }
    if (plan.monitor_traffic) {
      auto monitor = mux.take(monitor_tag);
      if (!monitor) {
        check_error(monitor.error());
      } else if (auto applied = ill::collect::apply_monitor(*monitor, poll->interfaces); !applied) {
        check_error(applied.error());
      }
    }
  }
  check(mux.pending_count() == 0 || plan.monitor_traffic, "taken commands stay pending");
  return 0;
}
