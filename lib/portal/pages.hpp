// The portal's HTML pages, rendered on the server from the views (no script). Every text from
// the store is escaped; times are shown in the client's time zone.
#pragma once

#include "portal/views.hpp"
#include "store/maintenance_repository.hpp"
#include "store/report_document_repository.hpp"

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::portal {

struct PageContext {
  std::string client;
  std::string csrf;
  const date::time_zone* zone = nullptr;
  std::chrono::sys_seconds now;
  int refresh_s = 0;
  std::string grafana_url;  // empty: no Grafana links
};

// "2026-12-06 21:04 IST" in `zone` (UTC when null).
std::string local_time(std::chrono::sys_seconds t, const date::time_zone* zone);

std::string login_page(std::string_view error, std::string_view form_token);
std::string dashboard_page(const PageContext& ctx, const std::vector<LinkNow>& links);
// `range` and `shown_month` (YYYY-MM of a month range) pick the range links; `charts` is the
// drawn charts' HTML (charts.hpp).
std::string link_page(const PageContext& ctx, const LinkNow& link, Range range,
                      std::string_view shown_month, const MonthSummary* month,
                      const std::vector<store::MaintenanceWindow>& windows,
                      std::string_view grafana_uid, std::string_view charts);
std::string reports_page(const PageContext& ctx,
                         const std::vector<store::ReportDocument>& documents);
// The second factor as the account page shows it.
struct SecondFactorView {
  bool enabled = false;                // confirmed and in force
  bool required = false;               // [portal] require_2fa names the client
  std::int64_t recovery_left = 0;      // unused recovery codes
  std::optional<std::string> pending;  // otpauth:// URI of an enrolment waiting for its code
  std::vector<std::string> new_codes;  // recovery codes just made: shown this once
};
std::string account_page(const PageContext& ctx, std::string_view message, bool error,
                         const SecondFactorView& factor);
// The second step of a sign-in: the six digits (or a recovery code).
std::string code_page(std::string_view error, std::string_view form_token);
// An invitation: choose a password (`user` is the account it is for).
std::string invite_page(std::string_view user, std::string_view form_token, std::string_view error);
std::string invite_gone_page();
std::string logout_page(const PageContext& ctx);
// The one body of every 404, whether the thing is missing or another client's.
std::string not_found_page();

}  // namespace ill::portal
