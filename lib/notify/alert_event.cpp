#include "notify/alert_event.hpp"

#include "core/format.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>

namespace ill::notify {
namespace {

std::string readable(std::chrono::sys_seconds t) {
  std::string s = rfc3339(t);
  return s.substr(0, 10) + " " + s.substr(11, 5) + " UTC";
}

std::string duration(std::chrono::seconds d) {
  const std::int64_t s = d.count();
  if (s < 60) return fmt::format("{} s", s);
  if (s < 3600) return fmt::format("{} min {} s", s / 60, s % 60);
  return fmt::format("{} h {} min", s / 3600, (s % 3600) / 60);
}

std::string what(const AlertEvent& e) {
  if (e.event == "link_down") return fmt::format("link {} down since {}", e.link, readable(e.from));
  if (e.event == "link_up")
    return fmt::format("link {} up again after {}", e.link, duration(e.to.value_or(e.at) - e.from));
  if (e.event == "router_down")
    return fmt::format("router {} unreachable since {}", e.router, readable(e.from));
  if (e.event == "router_up")
    return fmt::format("router {} reachable again after {}", e.router,
                       duration(e.to.value_or(e.at) - e.from));
  if (e.event == "availability_below")
    return fmt::format("link {}: month-to-date availability below the commitment", e.link);
  if (e.event == "budget_used")
    return fmt::format("link {}: most of the month's downtime budget used", e.link);
  return e.event;
}

}  // namespace

std::string to_json(const AlertEvent& e) {
  nlohmann::json j = {
      {"id", e.id},         {"event", e.event},   {"at", rfc3339(e.at)}, {"from", rfc3339(e.from)},
      {"link", e.link},     {"client", e.client}, {"router", e.router},  {"circuit", e.circuit},
      {"detail", e.detail}, {"message", what(e)}};
  j["to"] = e.to ? nlohmann::json(rfc3339(*e.to)) : nlohmann::json(nullptr);
  if (e.to) j["outage_s"] = (*e.to - e.from).count();
  j["at_unix"] = unix_seconds(e.at);
  j["from_unix"] = unix_seconds(e.from);
  if (e.to) j["to_unix"] = unix_seconds(*e.to);
  return j.dump();
}

Result<AlertEvent> alert_from_json(std::string_view text) {
  try {
    auto j = nlohmann::json::parse(text);
    AlertEvent e;
    e.id = j.at("id").get<std::string>();
    e.event = j.at("event").get<std::string>();
    e.at = from_unix_seconds(j.at("at_unix").get<std::int64_t>());
    e.from = from_unix_seconds(j.at("from_unix").get<std::int64_t>());
    if (j.contains("to_unix")) e.to = from_unix_seconds(j.at("to_unix").get<std::int64_t>());
    e.link = j.value("link", "");
    e.client = j.value("client", "");
    e.router = j.value("router", "");
    e.circuit = j.value("circuit", "");
    e.detail = j.value("detail", "");
    return e;
  } catch (const nlohmann::json::exception& ex) {
    return fail(Errc::invalid_input, "outbox payload: {}", ex.what());
  }
}

std::string alert_subject(const AlertEvent& e) { return "[ill] " + what(e); }

std::string alert_body(const AlertEvent& e) {
  std::string body = what(e) + ".\n\n";
  if (!e.client.empty()) body += "Client:  " + e.client + "\n";
  if (!e.link.empty()) body += "Link:    " + e.link + "\n";
  if (!e.circuit.empty()) body += "Circuit: " + e.circuit + "\n";
  if (!e.router.empty()) body += "Router:  " + e.router + "\n";
  body += "Since:   " + readable(e.from) + "\n";
  if (e.to) {
    body += "Until:   " + readable(*e.to) + "\n";
    body += "Outage:  " + duration(*e.to - e.from) + "\n";
  }
  if (!e.detail.empty()) body += "Detail:  " + e.detail + "\n";
  body += "\nAlert " + e.id + ", raised " + readable(e.at) + " by illd.\n";
  return body;
}

}  // namespace ill::notify
