#include "portal/portal.hpp"

#include "config/listen_address.hpp"
#include "core/clock.hpp"

#include "portal/html.hpp"
#include "portal/pages.hpp"
#include "portal/portal_impl.hpp"
#include "portal/reports.hpp"
#include "portal/token.hpp"
#include "sla/period.hpp"
#include "store/link_dashboard_repository.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <sstream>

namespace ill::portal {

namespace {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::io, "cannot read {}", path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

const date::time_zone* zone_named(const std::string& name) {
  auto zone = sla::find_zone(name);
  return zone ? *zone : nullptr;
}

}  // namespace

std::string cookie(std::string_view name, std::string_view value, bool secure,
                   std::int64_t max_age) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{}", name, value, max_age,
                     secure ? "; Secure" : "");
}

namespace {
std::string header_of(const http::Request& r, const char* name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? std::string() : it->second;
}

}  // namespace

std::string cookie_of(const Call& call, std::string_view secure_name, std::string_view plain) {
  auto header = header_of(call.request, "cookie");
  return cookie_value(header, call.origin.secure ? secure_name : plain);
}

std::string field_of(const Form& form, const char* name) {
  if (!form) return {};
  auto it = form->find(name);
  return it == form->end() ? std::string() : it->second;
}

std::string Portal::Impl::issuer() const {
  return options.isp_name.empty() ? std::string("ill") : options.isp_name;
}

http::Response html(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(body);
  return r;
}

http::Response json_response(int status, std::string body) {
  http::Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = std::move(body);
  return r;
}

http::Response redirect(std::string_view to) {
  http::Response r = html(303, "");
  r.headers.emplace_back("Location", std::string(to));
  return r;
}

http::Response page_not_found() { return html(404, not_found_page()); }
http::Response api_not_found() { return json_response(404, R"({"error":"not found"})"); }

http::Response internal_error(const Error& error) {
  spdlog::error("portal: {}", error.what());
  return http::Response::text(500, "internal error\n");
}

Portal::Impl::Impl(PortalOptions o)
    : options(std::move(o)),
      proxies(split_list(options.settings.trusted_proxies)),
      auth(auth_settings(options.settings)),
      views(options.sla, options.figures_ttl),
      reports(options.sla, options.isp_name, options.figures_ttl),
      charts(options.figures_ttl) {}

std::chrono::sys_seconds Portal::Impl::now() const {
  if (options.clock) return options.clock();
  return now_seconds();
}

Result<std::unique_ptr<store::Database>> Portal::Impl::acquire() {
  {
    std::lock_guard lock(pool_mutex);
    if (!pool.empty()) {
      auto db = std::move(pool.back());
      pool.pop_back();
      return db;
    }
  }
  return store::Database::open(options.db_path, store::OpenMode::existing);
}

void Portal::Impl::release(std::unique_ptr<store::Database> db) {
  std::lock_guard lock(pool_mutex);
  if (pool.size() < 16) pool.push_back(std::move(db));
}

std::string Portal::Impl::session_token(const Call& call) const {
  return cookie_of(call, k_session_secure, k_session_plain);
}

http::Response Portal::Impl::route(Call& call) {
  const auto& req = call.request;
  std::string_view path = req.path;
  const bool post = req.method == "POST";
  if (path == "/static/portal.css") {
    http::Response r = http::Response::text(200, std::string(stylesheet()));
    r.content_type = "text/css; charset=utf-8";
    r.headers.emplace_back("Cache-Control", "public, max-age=3600");
    return r;
  }
  if (path.starts_with("/api/v1/")) return api(call, path.substr(8));
  const bool secure = call.origin.secure;
  const auto session_name = secure ? k_session_secure : k_session_plain;

  std::optional<std::map<std::string, std::string>> form;
  if (post) {
    form = parse_form(req.body);
    if (!form) return html(400, page({.title = "Bad request"}, "<h1>Bad request</h1>"));
  }
  auto field = [&](const char* name) -> std::string {
    auto it = form->find(name);
    return it == form->end() ? std::string() : it->second;
  };

  auto session = auth.session(call.db, session_token(call), call.now);
  if (!session) return internal_error(session.error());

  if (path == "/login" || path == "/login/code") return sign_in(call, form, session->has_value());
  if (path.starts_with("/invite/")) return invitation(call, form);

  if (!*session) return redirect("/login");
  const auto& s = **session;
  if (post && !equal_secret(field("csrf"), s.session.csrf)) {
    return html(403, page({.title = "Forbidden"},
                          "<h1>Forbidden</h1><p>The form expired. Go back, reload the page "
                          "and try again.</p>"));
  }
  PageContext ctx{.client = s.principal.client_name,
                  .csrf = s.session.csrf,
                  .zone = zone_named(s.principal.timezone),
                  .now = call.now,
                  .refresh_s = options.settings.refresh_s,
                  .grafana_url = options.settings.grafana_url};

  if (path == "/logout") {
    if (!post) return html(200, logout_page(ctx));
    if (auto st = auth.logout(call.db, s, call.origin.address, call.now); !st)
      return internal_error(st.error());
    auto r = redirect("/login");
    r.headers.emplace_back("Set-Cookie", cookie(session_name, "", secure, 0));
    return r;
  }
  if (path.starts_with("/account")) return account(call, s, ctx, form);
  if (auto required = enrolment_required(call, s); !required) {
    return internal_error(required.error());
  } else if (*required) {
    return redirect("/account");
  }
  if (post) return html(405, page({.title = "Method not allowed"}, "<h1>Method not allowed</h1>"));

  if (path == "/") {
    auto links = views.dashboard(call.db, s.principal, call.now);
    if (!links) return internal_error(links.error());
    return html(200, dashboard_page(ctx, *links));
  }
  if (path == "/reports") {
    auto documents = reports.list(call.db, s.principal.client_id);
    if (!documents) return internal_error(documents.error());
    return html(200, reports_page(ctx, *documents));
  }
  if (path == "/reports/month-to-date.pdf") {
    auto made =
        reports.month_to_date(call.db, s.principal.client_id, s.principal.client_name, call.now);
    if (!made) return internal_error(made.error());
    if (!*made) return page_not_found();
    http::Response r;
    r.content_type = "application/pdf";
    r.body = (*made)->bytes;
    r.headers.emplace_back("Content-Disposition",
                           attachment((*made)->filename, "month-to-date.pdf"));
    return r;
  }
  if (path.starts_with("/reports/")) {
    auto id = parse_id(path.substr(9));
    if (!id) return page_not_found();
    auto document = reports.get(call.db, s.principal.client_id, *id);
    if (!document) return internal_error(document.error());
    if (!*document) return page_not_found();
    return document_response(**document);
  }
  if (path.starts_with("/links/")) {
    auto id = parse_id(path.substr(7));
    if (!id) return page_not_found();
    auto link = views.link(call.db, s.principal, *id, call.now);
    if (!link) return internal_error(link.error());
    if (!*link) return page_not_found();
    Range range = Range::day;
    std::string month = "this";
    auto query = [&](const char* name) {
      auto it = req.query.find(name);
      return it == req.query.end() ? std::string() : it->second;
    };
    auto range_text = query("range");
    if (range_text == "7d")
      range = Range::week;
    else if (range_text == "30d")
      range = Range::month30;
    else if (range_text == "month")
      range = Range::calendar_month;
    else if (!range_text.empty() && range_text != "24h")
      return html(400, page({.title = "Bad request"}, "<h1>Bad request</h1><p>Unknown range.</p>"));
    if (range == Range::calendar_month) {
      month = query("month");
      if (month.empty()) month = "this";
      if (month != "this" && !is_month_text(month))
        return html(400, page({.title = "Bad request"},
                              "<h1>Bad request</h1><p>Month must be YYYY-MM.</p>"));
    }
    auto windows = views.maintenance(call.db, *id, call.now);
    if (!windows) return internal_error(windows.error());
    const auto key = fmt::format("{}|{}|{}|{}", *id, range_text, month, s.principal.timezone);
    auto drawn = charts.get(key, call.now, [&]() -> Result<DrawnCharts> {
      auto series = views.series(call.db, (*link)->link, range, month, call.now);
      if (!series) return fail(series.error());
      DrawnCharts out;
      out.month = series->month;
      append_link_charts(out.html, **link, *series, *windows, ctx.zone);
      return out;
    });
    if (!drawn) {
      if (drawn.error().category() == Errc::invalid_input ||
          drawn.error().category() == Errc::usage)
        return html(400, page({.title = "Bad request"},
                              "<h1>Bad request</h1><p>Month must be "
                              "YYYY-MM.</p>"));
      return internal_error(drawn.error());
    }
    std::optional<MonthSummary> shown;
    if (range == Range::calendar_month) {
      auto m = views.month(call.db, (*link)->link, drawn->month, call.now);
      if (m) shown = std::move(*m);
    } else {
      shown = (*link)->month;
    }
    auto uid = store::LinkDashboardRepository(call.db).grafana_uid(*id);  // the link is theirs
    if (!uid) return internal_error(uid.error());
    return html(200, link_page(ctx, **link, range, drawn->month, shown ? &*shown : nullptr,
                               *windows, uid->value_or(""), drawn->html));
  }
  return page_not_found();
}

Portal::Portal(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Portal::~Portal() = default;

Result<std::unique_ptr<Portal>> Portal::open(PortalOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  auto db = impl->acquire();
  if (!db) return fail(std::move(db.error()).with_context("portal"));
  impl->release(std::move(*db));
  return std::unique_ptr<Portal>(new Portal(std::move(impl)));
}

http::Response Portal::handle(const http::Request& request) {
  http::Response response;
  if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") {
    response = http::Response::text(405, "method not allowed\n");
    response.headers.emplace_back("Allow", "GET, HEAD, POST");
  } else {
    auto db = m_impl->acquire();
    if (!db) {
      response = internal_error(db.error());
    } else {
      Call call{request, origin_of(request, m_impl->proxies), m_impl->now(), **db};
      try {
        response = m_impl->route(call);
      } catch (const std::exception& e) {
        spdlog::error("portal: {} {}: {}", request.method, request.path, e.what());
        response = http::Response::text(500, "internal error\n");
      }
      m_impl->release(std::move(*db));
    }
  }
  auto& h = response.headers;
  h.emplace_back("Content-Security-Policy",
                 "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                 "base-uri 'none'; frame-ancestors " +
                     m_impl->options.settings.frame_ancestors);
  h.emplace_back("X-Content-Type-Options", "nosniff");
  h.emplace_back("Referrer-Policy", "no-referrer");
  if (std::none_of(h.begin(), h.end(), [](const auto& p) { return p.first == "Cache-Control"; }))
    h.emplace_back("Cache-Control", "no-store");
  return response;
}

Result<http::ServerOptions> Portal::server_options(const config::PortalSettings& s) {
  auto listen = config::parse_listen_address(s.listen);
  if (!listen) return fail(listen.error());
  http::ServerOptions o;
  o.listen = *listen;
  o.threads = static_cast<unsigned>(s.threads);
  o.max_body = static_cast<std::size_t>(s.max_body_bytes);
  o.connection_limit = static_cast<unsigned>(s.max_connections);
  o.connection_timeout_s = static_cast<unsigned>(s.timeout_s);
  o.per_address_limit = static_cast<unsigned>(s.max_connections_per_address);
  o.max_header = static_cast<std::size_t>(s.max_header_bytes);
  if (!s.tls_cert.empty() || !s.tls_key.empty()) {
    if (s.tls_cert.empty() || s.tls_key.empty())
      return fail(Errc::config, "portal.tls_cert and portal.tls_key go together");
    auto cert = read_file(s.tls_cert);
    if (!cert) return fail(std::move(cert.error()).with_context("portal.tls_cert"));
    auto key = read_file(s.tls_key);
    if (!key) return fail(std::move(key.error()).with_context("portal.tls_key"));
    o.tls_cert_pem = std::move(*cert);
    o.tls_key_pem = std::move(*key);
  }
  return o;
}

}  // namespace ill::portal
