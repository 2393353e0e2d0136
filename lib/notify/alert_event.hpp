// An alert as the outbox stores it (JSON, the webhook's body as is) and as people read it
// (an e-mail subject and body, a WhatsApp template parameter).
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace ill::notify {

struct AlertEvent {
  std::string id;     // unique per event: "link_down/link:12/1765054800"
  std::string event;  // link_down, link_up, router_down, router_up, availability_below, budget_used
  std::chrono::sys_seconds at{};               // when illd raised it
  std::chrono::sys_seconds from{};             // when the condition began
  std::optional<std::chrono::sys_seconds> to;  // recoveries: when it ended
  std::string link;
  std::string client;
  std::string router;
  std::string circuit;
  std::string detail;  // one line of specifics ("availability 99.12 % < committed 99.50 %")
};

std::string to_json(const AlertEvent& event);
Result<AlertEvent> alert_from_json(std::string_view json);

// "[ill] link acme-hq down since 2026-12-06 21:00 UTC"
std::string alert_subject(const AlertEvent& event);
// A few plain-text lines: what, where, since when, how long, the idempotency key.
std::string alert_body(const AlertEvent& event);

}  // namespace ill::notify
