// One API connection to a simulated router: TLS handshake (api-ssl), login, commands, streamed
// jobs (ping, monitor-traffic) with tags and /cancel, faults. Internal to the server.
#pragma once

#include "routeros/decoder.hpp"
#include "routeros/sentence.hpp"
#include "sim/config.hpp"
#include "sim/model.hpp"
#include "sim/query.hpp"

#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace ill::sim {

struct Clock {
  TimeMs offset = 0;
  TimeMs now() const;
};

class Session;

// A router's live state in the server: its model, listener and sessions.
struct Router {
  Router(asio::io_context& io, const RouterConfig& config, std::uint64_t seed, TimeMs start)
      : model(config, seed, start),
        acceptor(io),
        fault(config.fault),
        fatal_reason(config.fatal_reason) {}
  RouterModel model;
  asio::ip::tcp::acceptor acceptor;
  asio::ip::tcp::endpoint endpoint;  // as bound (the real port when the config said 0)
  std::shared_ptr<asio::ssl::context> tls;
  std::unordered_set<std::shared_ptr<Session>> sessions;
  Fault fault;
  bool fault_once = false;
  std::string fatal_reason;
  bool listening = false;
  TimeMs last_boot = 0;
  std::uint64_t sessions_started = 0;
};

class Session : public std::enable_shared_from_this<Session> {
public:
  Session(Router& router, const Clock& clock, asio::ip::tcp::socket socket);
  void start();
  // Drops the connection at once, without a reply (reboot, refuse, shutdown).
  void close();

private:
  using Tag = std::optional<std::string>;
  struct Job;

  asio::ip::tcp::socket& socket();
  void read();
  void on_sentence(const routeros::Sentence& sentence);
  void login(const routeros::Sentence& s, const Tag& tag);
  void login_failed(const Tag& tag, std::string_view message);
  bool apply_fault();
  void command(const routeros::Sentence& s, const Tag& tag);
  void print(const routeros::Sentence& s, const Tag& tag, const std::vector<Row>& rows);
  void monitor_traffic(const routeros::Sentence& s, const Tag& tag);
  void monitor_tick(const std::shared_ptr<Job>& job);
  void ping(const routeros::Sentence& s, const Tag& tag);
  void ping_next(const std::shared_ptr<Job>& job);
  void cancel(const routeros::Sentence& s, const Tag& tag);
  void finish_job(const std::shared_ptr<Job>& job);

  // Replies: the reply word, .tag when tagged, then =key=value words.
  void reply(std::string_view word, const Tag& tag,
             std::initializer_list<std::pair<std::string_view, std::string_view>> attrs = {});
  void reply_row(std::string_view word, const Tag& tag, const Row& row);
  void trap(const Tag& tag, std::string_view message, std::optional<int> category = {});
  void fatal(std::string_view reason);
  void raw(std::string_view bytes);
  void flush();

  Router& m_router;
  const Clock& m_clock;
  asio::ip::tcp::socket m_plain;
  std::optional<asio::ssl::stream<asio::ip::tcp::socket>> m_tls;
  asio::steady_timer m_hold;
  routeros::Decoder m_decoder;
  std::array<char, 4096> m_buffer;
  std::string m_out, m_writing;
  bool m_write_in_flight = false;
  bool m_hold_armed = false;
  bool m_close_after_flush = false;
  bool m_closed = false;
  bool m_stalled = false;  // a fault: read, discard, never answer
  bool m_logged_in = false;
  int m_failures = 0;  // failed logins and commands before login
  std::string m_user, m_group;
  std::string m_challenge;  // legacy login, hex
  std::vector<std::shared_ptr<Job>> m_jobs;
};

}  // namespace ill::sim
