#include "sim/session.hpp"

#include "routeros/legacy_login.hpp"
#include "routeros/word_codec.hpp"
#include "sim/menus.hpp"

#include <fmt/format.h>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>

namespace ill::sim {

TimeMs Clock::now() const {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  return std::chrono::duration_cast<std::chrono::milliseconds>(since).count() + offset;
}

namespace {

constexpr std::string_view k_bad_login_modern = "invalid user name or password (6)";
constexpr std::string_view k_bad_login_legacy = "cannot log in";
constexpr int k_max_failures = 5;  // the 5th failure before login is a !fatal

routeros::DecoderLimits session_limits() {
  routeros::DecoderLimits limits;
  limits.max_word_bytes = 1u << 20;
  limits.max_sentence_bytes = 4u << 20;
  return limits;
}

std::optional<std::uint64_t> parse_count(std::string_view text) {
  std::uint64_t v = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

struct Session::Job {
  enum class Kind { ping, monitor };
  Job(const asio::any_io_executor& ex, Kind k, Tag t) : kind(k), tag(std::move(t)), timer(ex) {}
  Kind kind;
  Tag tag;
  asio::steady_timer timer;
  bool finished = false;
  // ping
  std::string address;
  std::uint64_t count = 0;  // 0 = until /cancel
  std::int64_t interval_us = 1000000;
  std::string size = "56";
  std::uint64_t seq = 0, sent = 0, received = 0;
  std::int64_t min_us = 0, max_us = 0, sum_us = 0;
  std::chrono::steady_clock::time_point started;
  // monitor-traffic
  std::vector<std::string> interfaces;
  std::vector<std::string> proplist;
};

Session::Session(Router& router, const Clock& clock, asio::ip::tcp::socket socket)
    : m_router(router),
      m_clock(clock),
      m_plain(std::move(socket)),
      m_hold(m_plain.get_executor()),
      m_decoder(session_limits()) {}

asio::ip::tcp::socket& Session::socket() { return m_tls ? m_tls->next_layer() : m_plain; }

void Session::start() {
  std::error_code ignored;
  m_plain.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (!m_router.tls) {
    read();
    return;
  }
  m_tls.emplace(std::move(m_plain), *m_router.tls);
  m_tls->async_handshake(asio::ssl::stream_base::server,
                         [self = shared_from_this()](const std::error_code& ec) {
                           if (ec) {
                             self->close();
                             return;
                           }
                           self->read();
                         });
}

void Session::close() {
  if (m_closed) return;
  m_closed = true;
  for (auto& job : m_jobs) job->timer.cancel();
  m_jobs.clear();
  m_hold.cancel();
  std::error_code ignored;
  socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket().close(ignored);
  // Leave the router's set after the current handler, so callers may iterate over a copy.
  auto self = shared_from_this();
  asio::post(m_hold.get_executor(), [self] { self->m_router.sessions.erase(self); });
}

void Session::read() {
  auto handler = [self = shared_from_this()](const std::error_code& ec, std::size_t n) {
    if (self->m_closed) return;
    if (ec) {
      self->close();
      return;
    }
    if (self->m_stalled) {
      self->read();
      return;
    }
    auto status = self->m_decoder.feed(std::string_view(self->m_buffer.data(), n));
    while (auto sentence = self->m_decoder.next()) {
      self->on_sentence(*sentence);
      if (self->m_closed || self->m_stalled) break;
    }
    if (!status) {  // garbage from the client: a router drops the connection
      self->close();
      return;
    }
    self->flush();
    if (!self->m_closed && !self->m_close_after_flush) self->read();
  };
  if (m_tls)
    m_tls->async_read_some(asio::buffer(m_buffer), handler);
  else
    m_plain.async_read_some(asio::buffer(m_buffer), handler);
}

void Session::on_sentence(const routeros::Sentence& s) {
  Tag tag;
  if (auto t = s.tag(); t && !t->empty()) tag = std::string(*t);
  if (!m_logged_in) {
    if (s.first() == "/login") {
      login(s, tag);
      return;
    }
    if (++m_failures >= k_max_failures) {
      fatal("too many commands before login");
      return;
    }
    trap(tag, "not logged in");
    reply("!done", tag);
    return;
  }
  if (apply_fault()) return;
  command(s, tag);
}

// ------------------------------------------------------------------------------------------------
// Login

void Session::login(const routeros::Sentence& s, const Tag& tag) {
  const auto& cfg = m_router.model.config();
  auto name = s.attribute("name");
  auto password = s.attribute("password");
  auto response = s.attribute("response");
  const UserConfig* user = nullptr;
  if (name)
    for (const auto& u : cfg.users)
      if (u.name == *name) user = &u;

  bool ok = false;
  if (cfg.login == LoginStyle::legacy) {
    if (!response) {
      // Pre-6.43: any /login without a response gets a fresh challenge.
      std::uint64_t a = mix(hash_text(cfg.name), static_cast<std::uint64_t>(m_clock.now()));
      std::uint64_t b = mix(a, m_router.sessions_started);
      m_challenge = fmt::format("{:016x}{:016x}", a, b);
      reply("!done", tag, {{"ret", m_challenge}});
      return;
    }
    if (user && !m_challenge.empty()) {
      auto expected = routeros::legacy_login_response(user->password, m_challenge);
      std::string got(*response);
      std::transform(got.begin(), got.end(), got.begin(), ::tolower);
      ok = expected && *expected == got;
    }
    m_challenge.clear();
  } else {
    ok = user && password && *password == user->password;
  }
  if (ok && !has_policy(m_router.model, user->group, "api")) ok = false;
  if (!ok) {
    login_failed(tag, cfg.login == LoginStyle::legacy ? k_bad_login_legacy : k_bad_login_modern);
    return;
  }
  m_logged_in = true;
  m_user = user->name;
  m_group = user->group;
  reply("!done", tag);
  if (m_router.fault == Fault::close_after_login) {
    if (m_router.fault_once) {
      m_router.fault = Fault::none;
      m_router.fault_once = false;
    }
    m_close_after_flush = true;
  }
}

void Session::login_failed(const Tag& tag, std::string_view message) {
  if (++m_failures >= k_max_failures) {
    fatal("too many commands before login");
    return;
  }
  trap(tag, message);
  reply("!done", tag);
}

// ------------------------------------------------------------------------------------------------
// Faults

bool Session::apply_fault() {
  Fault f = m_router.fault;
  if (f == Fault::none || f == Fault::close_after_login) return false;
  if (m_router.fault_once) {
    m_router.fault = Fault::none;
    m_router.fault_once = false;
  }
  switch (f) {
  case Fault::garbage: {
    // A well-framed sentence whose reply word is no reply word, then bytes that frame nothing.
    std::string junk;
    routeros::append_word(junk, "!garbage");
    std::string noise;
    std::uint64_t h = hash_text(m_router.model.name());
    for (int i = 0; i < 64; ++i) {
      h = mix(h, static_cast<std::uint64_t>(i));
      noise += static_cast<char>((h & 0x7F) | 0x01);
    }
    routeros::append_word(junk, noise.substr(0, 32));
    junk.push_back('\0');
    junk += noise.substr(32);
    raw(junk);
    m_stalled = true;
    flush();
    break;
  }
  case Fault::huge_length:
    raw(std::string("\xF0\xFF\xFF\xFF\xF0", 5) + std::string(64, 'x'));
    m_stalled = true;
    flush();
    break;
  case Fault::control_byte:
    raw(std::string("\xF8\x03!re\x00", 6));
    m_stalled = true;
    flush();
    break;
  case Fault::fatal: fatal(m_router.fatal_reason); break;
  case Fault::stall:
  default: m_stalled = true; break;
  }
  return true;
}

// ------------------------------------------------------------------------------------------------
// Commands

void Session::command(const routeros::Sentence& s, const Tag& tag) {
  std::string path(s.first());
  if (path.size() > 7 && path.ends_with("/getall")) path.replace(path.size() - 7, 7, "/print");
  TimeMs now = m_clock.now();
  const auto& model = m_router.model;

  if (path == "/interface/print") return print(s, tag, interface_rows(model, now));
  if (path == "/system/identity/print") return print(s, tag, {identity_row(model)});
  if (path == "/system/resource/print") return print(s, tag, {resource_row(model, now)});
  if (path == "/tool/netwatch/print") return print(s, tag, netwatch_rows(model, now));
  if (path == "/user/print") return print(s, tag, user_rows(model));
  if (path == "/user/group/print") return print(s, tag, group_rows(model));
  if (path == "/system/clock/print") {
    auto style = model.config().version.date_style();
    std::string date = format_routeros_date(now, style);
    auto space = date.find(' ');
    return print(s, tag,
                 {{{"time", date.substr(space + 1)},
                   {"date", date.substr(0, space)},
                   {"time-zone-autodetect", "false"},
                   {"time-zone-name", "UTC"},
                   {"gmt-offset", "+00:00"},
                   {"dst-active", "false"}}});
  }
  if (path == "/interface/monitor-traffic") return monitor_traffic(s, tag);
  if (path == "/ping" || path == "/tool/ping") return ping(s, tag);
  if (path == "/cancel") return cancel(s, tag);
  if (path == "/login") return reply("!done", tag);
  if (path == "/quit") return fatal("session terminated on request");
  if (path == "/system/reboot") {
    if (!has_policy(model, m_group, "reboot")) {
      trap(tag, "not enough permissions (9)");
      return reply("!done", tag);
    }
    // A real router drops every connection without a reply; the server's tick does the rest.
    m_router.model.reboot(now, 0);
    auto sessions = m_router.sessions;
    for (const auto& session : sessions) session->close();
    return;
  }
  trap(tag, "no such command prefix");
  reply("!done", tag);
}

void Session::print(const routeros::Sentence& s, const Tag& tag, const std::vector<Row>& rows) {
  std::vector<std::string> queries;
  for (auto word : s)
    if (!word.empty() && word[0] == '?') queries.emplace_back(word);
  auto program = QueryProgram::compile(queries);
  if (!program) {
    trap(tag, "unknown parameter", 1);
    return reply("!done", tag);
  }
  std::vector<std::string> proplist;
  if (auto p = s.attribute(".proplist")) proplist = split_proplist(*p);
  bool count_only = s.has_attribute("count-only");
  std::size_t matched = 0;
  for (const auto& row : rows) {
    if (!program->matches(row)) continue;
    ++matched;
    if (count_only) continue;
    if (proplist.empty())
      reply_row("!re", tag, row);  // no copy: a ?: with project() would copy every row
    else
      reply_row("!re", tag, project(row, proplist));
  }
  if (count_only) return reply("!done", tag, {{"ret", std::to_string(matched)}});
  if (matched == 0 && m_router.model.config().version.sends_empty()) reply("!empty", tag);
  reply("!done", tag);
}

void Session::monitor_traffic(const routeros::Sentence& s, const Tag& tag) {
  auto names = s.attribute("interface");
  if (!names || names->empty()) {
    trap(tag, "missing value(s) of argument(s) interface", 1);
    return reply("!done", tag);
  }
  auto job = std::make_shared<Job>(m_hold.get_executor(), Job::Kind::monitor, tag);
  job->interfaces = split_proplist(*names);
  for (const auto& name : job->interfaces) {
    if (!m_router.model.interface_index(name)) {
      trap(tag, "input does not match any value of interface", 1);
      return reply("!done", tag);
    }
  }
  if (auto p = s.attribute(".proplist")) job->proplist = split_proplist(*p);
  if (s.has_attribute("once")) {
    TimeMs now = m_clock.now();
    for (const auto& name : job->interfaces) {
      auto row = monitor_traffic_row(m_router.model, name, now);
      reply_row("!re", tag, project(*row, job->proplist));
    }
    return reply("!done", tag);
  }
  m_jobs.push_back(job);
  monitor_tick(job);
}

void Session::monitor_tick(const std::shared_ptr<Job>& job) {
  if (job->finished || m_closed) return;
  TimeMs now = m_clock.now();
  for (const auto& name : job->interfaces) {
    auto row = monitor_traffic_row(m_router.model, name, now);
    if (row) reply_row("!re", job->tag, project(*row, job->proplist));
  }
  flush();
  job->timer.expires_after(std::chrono::seconds(1));
  job->timer.async_wait([self = shared_from_this(), job](const std::error_code& ec) {
    if (!ec) self->monitor_tick(job);
  });
}

void Session::ping(const routeros::Sentence& s, const Tag& tag) {
  auto address = s.attribute("address");
  if (!address || address->empty()) {
    trap(tag, "missing value(s) of argument(s) address", 1);
    return reply("!done", tag);
  }
  if (!has_policy(m_router.model, m_group, "test")) {
    trap(tag, "not enough permissions (9)");
    return reply("!done", tag);
  }
  auto job = std::make_shared<Job>(m_hold.get_executor(), Job::Kind::ping, tag);
  job->address = std::string(*address);
  if (auto c = s.attribute("count")) {
    auto count = parse_count(*c);
    if (!count) {
      trap(tag, "invalid value for argument count", 1);
      return reply("!done", tag);
    }
    job->count = *count;
  }
  if (auto i = s.attribute("interval")) {
    auto interval = parse_duration_us(*i);
    if (!interval || *interval < 1000) {
      trap(tag, "invalid value for argument interval", 1);
      return reply("!done", tag);
    }
    job->interval_us = *interval;
  }
  if (auto size = s.attribute("size"); size && !size->empty()) job->size = std::string(*size);
  job->started = std::chrono::steady_clock::now();
  m_jobs.push_back(job);
  ping_next(job);
}

// Schedules probe `seq`: its row appears after the round-trip time (capped below the interval),
// or at the end of the interval when it is lost.
void Session::ping_next(const std::shared_ptr<Job>& job) {
  if (job->finished || m_closed) return;
  std::uint64_t seq = job->seq;
  Probe probe = m_router.model.probe(job->address, m_clock.now(), seq);
  std::int64_t delay = probe.replied
                           ? std::min<std::int64_t>(probe.rtt_us, job->interval_us * 9 / 10)
                           : job->interval_us;
  auto due = job->started +
             std::chrono::microseconds(static_cast<std::int64_t>(seq) * job->interval_us + delay);
  job->timer.expires_at(due);
  job->timer.async_wait([self = shared_from_this(), job, probe](const std::error_code& ec) {
    if (ec || job->finished || self->m_closed) return;
    auto style = self->m_router.model.config().version.ping_style();
    std::uint64_t probe_seq = job->seq++;
    ++job->sent;
    Row row;
    row.emplace_back("seq", std::to_string(probe_seq));
    row.emplace_back("host", job->address);
    if (probe.replied) {
      ++job->received;
      job->sum_us += probe.rtt_us;
      job->min_us = job->received == 1 ? probe.rtt_us : std::min(job->min_us, probe.rtt_us);
      job->max_us = std::max(job->max_us, probe.rtt_us);
      row.emplace_back("size", job->size);
      row.emplace_back("ttl", "64");
      row.emplace_back("time", format_ping_time(probe.rtt_us, style));
    } else {
      row.emplace_back("status", "timeout");
    }
    row.emplace_back("sent", std::to_string(job->sent));
    row.emplace_back("received", std::to_string(job->received));
    row.emplace_back("packet-loss", std::to_string((job->sent - job->received) * 100 / job->sent));
    if (job->received > 0) {
      row.emplace_back("min-rtt", format_ping_time(job->min_us, style));
      row.emplace_back(
          "avg-rtt",
          format_ping_time(job->sum_us / static_cast<std::int64_t>(job->received), style));
      row.emplace_back("max-rtt", format_ping_time(job->max_us, style));
    }
    self->reply_row("!re", job->tag, row);
    if (job->count != 0 && job->sent >= job->count) {
      self->finish_job(job);
      self->reply("!done", job->tag);
    } else {
      self->ping_next(job);
    }
    self->flush();
  });
}

void Session::finish_job(const std::shared_ptr<Job>& job) {
  job->finished = true;
  job->timer.cancel();
  std::erase(m_jobs, job);
}

void Session::cancel(const routeros::Sentence& s, const Tag& tag) {
  std::vector<std::shared_ptr<Job>> targets;
  if (auto target = s.attribute("tag")) {
    for (const auto& job : m_jobs)
      if (job->tag && *job->tag == *target) targets.push_back(job);
    if (targets.empty()) {
      trap(tag, "no such command");  // unverified against a router; see README.md
      return reply("!done", tag);
    }
  } else {
    targets = m_jobs;
  }
  for (const auto& job : targets) trap(job->tag, "interrupted", 2);
  reply("!done", tag);
  for (const auto& job : targets) {
    finish_job(job);
    reply("!done", job->tag);
  }
}

// ------------------------------------------------------------------------------------------------
// Output

void Session::reply(std::string_view word, const Tag& tag,
                    std::initializer_list<std::pair<std::string_view, std::string_view>> attrs) {
  if (m_stalled || m_closed) return;
  routeros::append_word(m_out, word);
  if (tag) routeros::append_word(m_out, ".tag=" + *tag);
  std::string w;
  for (const auto& [k, v] : attrs) {
    w.assign("=");
    w.append(k).append("=").append(v);
    routeros::append_word(m_out, w);
  }
  m_out.push_back('\0');
}

void Session::reply_row(std::string_view word, const Tag& tag, const Row& row) {
  if (m_stalled || m_closed) return;
  if (m_router.fault == Fault::stall) {  // a stall set while a stream runs
    m_stalled = true;
    return;
  }
  routeros::append_word(m_out, word);
  if (tag) routeros::append_word(m_out, ".tag=" + *tag);
  std::string w;
  for (const auto& [k, v] : row) {
    w.assign("=");
    w.append(k).append("=").append(v);
    routeros::append_word(m_out, w);
  }
  m_out.push_back('\0');
}

void Session::trap(const Tag& tag, std::string_view message, std::optional<int> category) {
  if (category) {
    std::string c = std::to_string(*category);
    reply("!trap", tag, {{"category", c}, {"message", message}});
  } else {
    reply("!trap", tag, {{"message", message}});
  }
}

void Session::fatal(std::string_view reason) {
  if (m_closed) return;
  m_stalled = false;
  routeros::append_word(m_out, "!fatal");
  routeros::append_word(m_out, reason);
  m_out.push_back('\0');
  for (auto& job : m_jobs) job->timer.cancel();
  m_jobs.clear();
  m_close_after_flush = true;
  flush();
}

void Session::raw(std::string_view bytes) { m_out.append(bytes); }

void Session::flush() {
  if (m_closed || m_write_in_flight || m_hold_armed) return;
  if (m_out.empty()) {
    if (m_close_after_flush) close();
    return;
  }
  TimeMs now = m_clock.now();
  if (!m_router.model.reachable(now)) {
    // Unreachable (stall mode): hold every byte until the window ends.
    TimeMs again = m_router.model.reachable_again(now);
    m_hold_armed = true;
    m_hold.expires_after(std::chrono::milliseconds(std::clamp<TimeMs>(again - now, 10, 1000)));
    m_hold.async_wait([self = shared_from_this()](const std::error_code& ec) {
      self->m_hold_armed = false;
      if (!ec) self->flush();
    });
    return;
  }
  m_writing.clear();
  m_writing.swap(m_out);
  m_write_in_flight = true;
  auto handler = [self = shared_from_this()](const std::error_code& ec, std::size_t) {
    self->m_write_in_flight = false;
    if (ec) {
      self->close();
      return;
    }
    self->flush();
  };
  if (m_tls)
    asio::async_write(*m_tls, asio::buffer(m_writing), handler);
  else
    asio::async_write(m_plain, asio::buffer(m_writing), handler);
}

}  // namespace ill::sim
