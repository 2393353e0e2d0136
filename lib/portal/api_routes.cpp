// The /api/v1/ routes of the portal.
#include "core/format.hpp"
#include "portal/api.hpp"
#include "portal/portal_impl.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

namespace ill::portal {

namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::chrono::days k_day{1};

// A query parameter of Unix seconds (the API's unit).
std::optional<std::chrono::sys_seconds> parse_time(const std::map<std::string, std::string>& query,
                                                   const char* name) {
  auto it = query.find(name);
  if (it == query.end() || it->second.empty() || it->second.size() > 12) return std::nullopt;
  std::int64_t v = 0;
  const auto& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || v < 0) return std::nullopt;
  return from_unix_seconds(v);
}

}  // namespace

Result<std::optional<store::PortalPrincipal>> Portal::Impl::api_principal(Call& call) {
  if (auto it = call.request.headers.find("authorization"); it != call.request.headers.end()) {
    std::string_view value = it->second;
    if (value.size() > 7 && (value.substr(0, 7) == "Bearer " || value.substr(0, 7) == "bearer "))
      return auth.api_token(call.db, value.substr(7), call.now);
    return std::optional<store::PortalPrincipal>();
  }
  auto session = auth.session(call.db, session_token(call), call.now);
  if (!session) return fail(session.error());
  if (!*session) return std::optional<store::PortalPrincipal>();
  // A session that must still set up its second factor reaches the account page only.
  auto required = enrolment_required(call, **session);
  if (!required) return fail(required.error());
  if (*required) return std::optional<store::PortalPrincipal>();
  return std::optional<store::PortalPrincipal>((*session)->principal);
}

http::Response Portal::Impl::api(Call& call, std::string_view rest) {
  if (rest == "openapi.json") return json_response(200, std::string(openapi_document()));
  if (call.request.method == "POST") return json_response(405, error_json("method not allowed"));
  auto who = api_principal(call);
  if (!who) return internal_error(who.error());
  if (!*who) {
    auto r = json_response(401, error_json("sign in, or give an API token"));
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  }
  const auto& principal = **who;

  if (rest == "links") {
    auto links = views.dashboard(call.db, principal, call.now);
    if (!links) return internal_error(links.error());
    return json_response(200, links_json(*links));
  }
  if (rest == "reports") {
    auto documents = reports.list(call.db, principal.client_id);
    if (!documents) return internal_error(documents.error());
    return json_response(200, reports_json(*documents));
  }
  if (rest.starts_with("reports/")) {
    auto id = parse_id(rest.substr(8));
    if (!id) return api_not_found();
    auto document = reports.get(call.db, principal.client_id, *id);
    if (!document) return internal_error(document.error());
    if (!*document) return api_not_found();
    return document_response(**document);
  }
  if (!rest.starts_with("links/")) return api_not_found();
  rest.remove_prefix(6);
  auto slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id) return api_not_found();
  std::string_view tail = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  if (slash != std::string_view::npos && tail != "samples" && tail != "outages")
    return api_not_found();
  // Ownership first: another client's link is not found whatever the parameters say.
  auto link = views.link(call.db, principal, *id, call.now);
  if (!link) return internal_error(link.error());
  if (!*link) return api_not_found();
  if (tail.empty()) return json_response(200, link_json(**link));

  const auto& query = call.request.query;
  if (tail == "outages") {
    std::string month = "this";
    if (auto it = query.find("month"); it != query.end()) {
      if (!is_month_text(it->second))
        return json_response(400, error_json("month must be YYYY-MM"));
      month = it->second;
    }
    auto summary = views.month(call.db, (*link)->link, month, call.now);
    if (!summary) {
      if (summary.error().category() == Errc::invalid_input ||
          summary.error().category() == Errc::usage)
        return json_response(400, error_json("month must be YYYY-MM"));
      return internal_error(summary.error());
    }
    return json_response(200, outages_json(*id, *summary));
  }
  auto from = parse_time(query, "from");
  auto to = parse_time(query, "to");
  if (!from || !to || *to <= *from)
    return json_response(400, error_json("from and to must be Unix seconds with from < to"));
  std::string step = "auto";
  if (auto it = query.find("step"); it != query.end()) step = it->second;
  const seconds span = *to - *from;
  seconds step_length{0};  // 0: raw samples
  if (step == "auto") {
    step_length = span <= 2 * k_day ? seconds{minutes{5}} : seconds{hours{1}};
  } else if (step == "raw") {
    step_length = seconds{0};
  } else if (step == "5m") {
    step_length = minutes{5};
  } else if (step == "1h") {
    step_length = hours{1};
  } else {
    return json_response(400, error_json("step must be auto, raw, 5m or 1h"));
  }
  const seconds limit = step_length == seconds{0}   ? 2 * k_day
                        : step_length == minutes{5} ? 35 * k_day
                                                    : 400 * k_day;
  if (span > limit) return json_response(400, error_json("range too long for this step"));
  const sla::TimeRange range{*from, *to};
  auto points = views.points(call.db, *id, range, step_length);
  if (!points) return internal_error(points.error());
  return json_response(200, points_json(*id, range, step_length, *points));
}

}  // namespace ill::portal
