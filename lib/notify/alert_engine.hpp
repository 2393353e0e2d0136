// illd's alerts: after the writer recorded a batch of polls, and inside the same transaction,
// the engine looks at what changed (routers' status, links' timeline, the month's downtime),
// applies alert_rules.hpp, and writes each raised alert into the outbox, one row per channel
// and recipient, with an idempotency key. The batch and its alerts commit together or not at
// all, so a crash can neither lose an alert whose cause was recorded nor raise one twice.
//
// Routing: an event in alerts.noc_events goes to each alerts.noc_channels channel (e-mail to
// alerts.noc_email, the webhook); a link event in alerts.client_events goes to the link's client
// on each alerts.client_channels channel (e-mail to its report addresses, WhatsApp to its
// number). Channels that are not configured are skipped. The month of the thresholds is the
// client's calendar month in its time zone; planned maintenance is not taken out of it (the
// report's figures do that), so a threshold alert is a warning, not the month's verdict.
#pragma once

#include "collect/collector.hpp"
#include "config/config.hpp"
#include "core/result.hpp"
#include "notify/alert_event.hpp"
#include "store/database.hpp"

#include <atomic>
#include <chrono>
#include <span>

namespace ill::notify {

class AlertEngine {
public:
  explicit AlertEngine(const config::Config& config);

  // Called with the writer's transaction open, after `batch` was recorded.
  Status evaluate(store::Database& db, std::span<const collect::PollResult> batch,
                  std::chrono::sys_seconds now);

  // Outbox rows added since start.
  std::uint64_t queued() const { return m_queued.load(); }

private:
  Status watch_router(store::Database& db, const collect::PollResult& result,
                      std::chrono::sys_seconds now);
  Status watch_link(store::Database& db, const store::Router& router, const store::Link& link,
                    std::chrono::sys_seconds now);
  Status watch_month(store::Database& db, const store::Link& link, std::chrono::sys_seconds now);
  Status enqueue(store::Database& db, const AlertEvent& event, std::optional<std::int64_t> client);

  config::AlertSettings m_settings;
  // The delays of m_settings, read once from the config's seconds.
  std::chrono::seconds m_link_down_after;
  std::chrono::seconds m_router_down_after;
  std::chrono::seconds m_hold_down;
  config::SlaSettings m_sla;  // the defaults of the effective policy (figures/)
  bool m_email = false;
  bool m_webhook = false;
  bool m_whatsapp = false;
  std::vector<std::string> m_noc_email;
  std::atomic<std::uint64_t> m_queued{0};
};

// A comma-separated list, trimmed, without empty items.
std::vector<std::string> split_list(std::string_view text);

}  // namespace ill::notify
