#include "notify/alert_engine.hpp"

#include "core/format.hpp"
#include "figures/month_report.hpp"
#include "notify/alert_rules.hpp"
#include "sla/period.hpp"
#include "store/client_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/outbox_repository.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

namespace ill::notify {
namespace {

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

Condition condition_of(std::string_view text) {
  if (text == "good") return Condition::good;
  if (text == "bad") return Condition::bad;
  return Condition::unknown;
}

std::string_view name_of(Condition c) {
  switch (c) {
  case Condition::good: return "good";
  case Condition::bad: return "bad";
  case Condition::unknown: break;
  }
  return "unknown";
}

}  // namespace

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto item = text.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

AlertEngine::AlertEngine(const config::Config& c)
    : m_settings(c.alerts),
      m_link_down_after(c.alerts.link_down_after_s),
      m_router_down_after(c.alerts.router_down_after_s),
      m_hold_down(c.alerts.hold_down_s),
      m_sla(c.sla),
      m_email(!c.smtp.host.empty()),
      m_webhook(!c.webhook.url.empty()),
      m_whatsapp(!c.whatsapp.phone_number_id.empty()),
      m_noc_email(split_list(c.alerts.noc_email)) {}

Status AlertEngine::evaluate(store::Database& db, std::span<const collect::PollResult> batch,
                             std::chrono::sys_seconds now) {
  if (!m_settings.enabled) return {};
  for (const auto& result : batch) {
    if (auto st = watch_router(db, result, now); !st) return st;
    if (!result.poll) continue;  // its links are unknown: the router's alert covers them
    for (const auto& link : result.target->links) {
      if (auto st = watch_link(db, result.target->router, link, now); !st) return st;
    }
  }
  return {};
}

Status AlertEngine::watch_router(store::Database& db, const collect::PollResult& result,
                                 std::chrono::sys_seconds now) {
  if (result.status == store::RouterStatus::unknown) return {};
  const store::Router& router = result.target->router;
  const Condition condition =
      result.status == store::RouterStatus::online ? Condition::good : Condition::bad;
  const auto at = std::chrono::time_point_cast<std::chrono::seconds>(result.at);
  store::AlertStateRepository states(db);
  const std::string subject = fmt::format("router:{}", router.id);
  auto stored = states.get(subject);
  if (!stored) return fail(stored.error());
  store::AlertState state = stored->value_or(store::AlertState{subject});
  const store::AlertState before = state;
  if (condition_of(state.condition) != condition || !state.since) {
    state.condition = std::string(name_of(condition));
    state.since = at;
  }
  auto d = decide({state.open, state.opened_from}, {condition, *state.since, now},
                  m_router_down_after, m_hold_down);
  state.open = d.next.open;
  state.opened_from = d.next.opened_from;
  if (d.action != Action::none) {
    AlertEvent e;
    e.event = d.action == Action::raise ? "router_down" : "router_up";
    e.id = fmt::format("{}/{}/{}", e.event, subject, unix_seconds(d.from));
    e.at = now;
    e.from = d.from;
    if (d.action == Action::close) e.to = d.to;
    e.router = router.name;
    if (d.action == Action::raise) {
      e.detail = std::string(store::to_string(result.status));
      if (result.error) e.detail += ": " + result.error->message();
    }
    if (auto st = enqueue(db, e, std::nullopt); !st) return st;
  }
  if (state.open == before.open && state.opened_from == before.opened_from &&
      state.condition == before.condition && state.since == before.since && stored->has_value())
    return {};
  state.updated_at = now;
  return states.put(state);
}

Status AlertEngine::watch_link(store::Database& db, const store::Router& router,
                               const store::Link& link, std::chrono::sys_seconds now) {
  auto last = store::LinkStateRepository(db).last(link.id);
  if (!last) return fail(last.error());
  if (!*last) return {};
  const Condition condition = (*last)->state == sla::State::up     ? Condition::good
                              : (*last)->state == sla::State::down ? Condition::bad
                                                                   : Condition::unknown;
  store::AlertStateRepository states(db);
  const std::string subject = fmt::format("link:{}", link.id);
  auto stored = states.get(subject);
  if (!stored) return fail(stored.error());
  store::AlertState state = stored->value_or(store::AlertState{subject});
  auto d = decide({state.open, state.opened_from}, {condition, (*last)->from, now},
                  m_link_down_after, m_hold_down);
  if (d.action != Action::none) {
    AlertEvent e;
    e.event = d.action == Action::raise ? "link_down" : "link_up";
    e.id = fmt::format("{}/{}/{}", e.event, subject, unix_seconds(d.from));
    e.at = now;
    e.from = d.from;
    if (d.action == Action::close) e.to = d.to;
    e.link = link.name;
    e.client = link.client_name;
    e.router = router.name;
    e.circuit = link.circuit_id;
    if (auto st = enqueue(db, e, link.client_id); !st) return st;
    state.open = d.next.open;
    state.opened_from = d.next.opened_from;
    state.condition = std::string(name_of(condition));
    state.updated_at = now;
    if (auto st = states.put(state); !st) return st;
  }
  if (condition == Condition::bad) return watch_month(db, link, now);
  return {};
}

Status AlertEngine::watch_month(store::Database& db, const store::Link& link,
                                std::chrono::sys_seconds now) {
  // Both thresholds are raised once a month: once both are, the month need not be weighed
  // again on every batch the link stays down.
  auto zone = figures::zone_of(db, link);
  if (!zone) return fail(std::move(zone.error()).with_context("alerts, link " + link.name));
  auto this_month = figures::link_month(link, *zone, "this", now);
  if (!this_month) return fail(this_month.error());
  store::AlertStateRepository states(db);
  bool all_raised = true;
  for (const char* event : {"availability_below", "budget_used"}) {
    auto stored = states.get(fmt::format("{}:link:{}:{}", event, link.id, this_month->month));
    if (!stored) return fail(stored.error());
    all_raised = all_raised && stored->has_value();
  }
  if (all_raised) return {};
  // The month so far exactly as the reports will count it (figures/): maintenance windows,
  // excused causes, business hours and the unknown-time policy included.
  auto report = figures::compute_month(db, link, this_month->month, now, m_sla);
  if (!report) return fail(std::move(report.error()).with_context("alerts, link " + link.name));
  const sla::MonthFigures& figures = report->figures;
  const std::chrono::sys_seconds from = report->period.from;
  BudgetFigures f;
  f.elapsed_s = figures.scheduled_s;
  f.month_s = figures.budget ? figures.budget->full_scheduled_s : figures.scheduled_s;
  f.downtime_s = figures.downtime_s;
  f.committed_pct = link.committed_uptime_pct;
  const std::string& month_text = report->month;
  struct Threshold {
    const char* event;
    bool crossed;
    std::string detail;
  };
  const double allowed = static_cast<double>(f.month_s) * (100.0 - f.committed_pct) / 100.0;
  const Threshold thresholds[] = {
      {"availability_below", availability_below(f),
       fmt::format("month-to-date availability {:.3f} % < committed {:.3f} %",
                   f.elapsed_s > 0 ? 100.0 * static_cast<double>(f.elapsed_s - f.downtime_s) /
                                         static_cast<double>(f.elapsed_s)
                                   : 100.0,
                   f.committed_pct)},
      {"budget_used", budget_used(f, m_settings.budget_share_pct),
       fmt::format("{} s down of {:.0f} s allowed this month ({} % threshold)", f.downtime_s,
                   allowed, m_settings.budget_share_pct)},
  };
  for (const auto& t : thresholds) {
    if (!t.crossed) continue;
    const std::string subject = fmt::format("{}:link:{}:{}", t.event, link.id, month_text);
    auto stored = states.get(subject);
    if (!stored) return fail(stored.error());
    if (*stored) continue;  // raised once this month already
    AlertEvent e;
    e.event = t.event;
    e.id = fmt::format("{}/link:{}/{}", t.event, link.id, month_text);
    e.at = now;
    e.from = from;
    e.link = link.name;
    e.client = link.client_name;
    e.router = link.router_name;
    e.circuit = link.circuit_id;
    e.detail = t.detail;
    if (auto st = enqueue(db, e, link.client_id); !st) return st;
    if (auto st = states.put({subject, true, from, "bad", from, now}); !st) return st;
  }
  return {};
}

Status AlertEngine::enqueue(store::Database& db, const AlertEvent& e,
                            std::optional<std::int64_t> client_id) {
  std::vector<std::pair<std::string, std::string>> to;  // channel, recipient
  if (contains(split_list(m_settings.noc_events), e.event)) {
    const auto channels = split_list(m_settings.noc_channels);
    if (m_email && contains(channels, "email")) {
      for (const auto& a : m_noc_email) to.emplace_back("email", a);
    }
    if (m_webhook && contains(channels, "webhook")) to.emplace_back("webhook", "noc");
  }
  if (client_id && contains(split_list(m_settings.client_events), e.event)) {
    auto client = store::ClientRepository(db).get(*client_id);
    if (!client) return fail(client.error());
    const auto channels = split_list(m_settings.client_channels);
    if (m_email && contains(channels, "email")) {
      for (const auto& a : client->report_emails) to.emplace_back("email", a);
    }
    if (m_whatsapp && contains(channels, "whatsapp") && client->whatsapp &&
        !client->whatsapp->empty())
      to.emplace_back("whatsapp", *client->whatsapp);
  }
  spdlog::info("alert {}: {} deliveries", e.id, to.size());
  const std::string payload = to_json(e);
  store::OutboxRepository outbox(db);
  for (const auto& [channel, recipient] : to) {
    store::OutboxRow row;
    row.idem_key = e.id + "/" + channel + "/" + recipient;
    row.event = e.event;
    row.channel = channel;
    row.recipient = recipient;
    row.payload = payload;
    row.created_at = e.at;
    row.next_attempt_at = row.created_at;
    auto added = outbox.add(row);
    if (!added) return fail(added.error());
    if (*added) ++m_queued;
  }
  return {};
}

}  // namespace ill::notify
