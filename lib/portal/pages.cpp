#include "portal/pages.hpp"

#include "core/format.hpp"
#include "portal/html.hpp"
#include "portal/totp.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace ill::portal {

namespace {

std::string optional_number(const std::optional<double>& v, const char* format_text,
                            const char* unit) {
  if (!v) return "—";
  return fmt::format(fmt::runtime(format_text), *v) + unit;
}

std::string mbps(const std::optional<double>& bps) {
  if (!bps) return "—";
  return fmt::format("{:.2f} Mbps", *bps / 1e6);
}

std::string state_badge(const std::string& state) {
  return fmt::format("<span class=\"state state-{}\">{}</span>", escape(state), escape(state));
}

void month_rows(std::string& out, const MonthSummary& m) {
  out += fmt::format("<dt>Availability {}</dt><dd", escape(m.month));
  const bool below = m.availability_pct && *m.availability_pct < m.committed_pct;
  out += below ? " class=\"bad\">" : ">";
  out += optional_number(m.availability_pct, "{:.3f}", " %");
  out += fmt::format(" <span class=\"muted\">(committed {:.2f} %)</span></dd>", m.committed_pct);
  out += "<dt>Error budget left</dt><dd";
  const bool spent = m.budget_left_min && *m.budget_left_min < 0;
  out += spent ? " class=\"bad\">" : ">";
  out += optional_number(m.budget_left_min, "{:.1f}", " min");
  out += "</dd>";
}

void link_card(std::string& out, const PageContext& ctx, const LinkNow& l) {
  out += fmt::format("<section class=\"card\" data-link=\"{}\"><h2><a href=\"/links/{}\">",
                     l.link.id, l.link.id);
  append_escaped(out, l.link.name);
  out += "</a></h2><dl><dt>Status</dt><dd>" + state_badge(l.state);
  if (l.since) out += " since " + escape(local_time(*l.since, ctx.zone));
  out += "</dd>";
  const auto* s = l.latest ? &*l.latest : nullptr;
  out += fmt::format(
      "<dt>In / out</dt><dd data-in-bps=\"{}\" data-out-bps=\"{}\">{} / {} "
      "<span class=\"muted\">of {:.0f} Mbps</span></dd>",
      s && s->rx_bps ? fmt::format("{:.0f}", *s->rx_bps) : "",
      s && s->tx_bps ? fmt::format("{:.0f}", *s->tx_bps) : "", mbps(s ? s->rx_bps : std::nullopt),
      mbps(s ? s->tx_bps : std::nullopt), l.link.committed_mbps);
  out += "<dt>Latency</dt><dd>" +
         optional_number(s ? s->latency_avg_ms : std::nullopt, "{:.1f}", " ms") + "</dd>";
  out += "<dt>Loss</dt><dd>" + optional_number(s ? s->loss_pct : std::nullopt, "{:.1f}", " %") +
         "</dd>";
  if (l.month) month_rows(out, *l.month);
  if (s) out += "<dt>Measured</dt><dd>" + escape(local_time(s->t, ctx.zone)) + "</dd>";
  out += "</dl></section>";
}

const char* range_name(Range r) {
  switch (r) {
  case Range::day: return "24h";
  case Range::week: return "7d";
  case Range::month30: return "30d";
  case Range::calendar_month: return "month";
  }
  return "24h";
}

}  // namespace

std::string local_time(std::chrono::sys_seconds when, const date::time_zone* zone) {
  if (!zone) return date::format("%Y-%m-%d %H:%M UTC", when);
  try {
    return date::format("%Y-%m-%d %H:%M %Z", date::make_zoned(zone, when));
  } catch (const std::exception&) {
    return date::format("%Y-%m-%d %H:%M UTC", when);
  }
}

std::string login_page(std::string_view error, std::string_view form_token) {
  std::string body = "<h1>Sign in</h1>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>";
  body +=
      "<form class=\"stack\" method=\"post\" action=\"/login\"><input type=\"hidden\" "
      "name=\"csrf\" value=\"" +
      escape(form_token) +
      "\"><label>User name<input name=\"username\" autocomplete=\"username\" required "
      "maxlength=\"64\"></label><label>Password<input name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required maxlength=\"1024\"></label>"
      "<button type=\"submit\">Sign in</button></form>";
  return page({.title = "Sign in"}, body);
}

std::string dashboard_page(const PageContext& ctx, const std::vector<LinkNow>& links) {
  std::string body = "<h1>Your links</h1>";
  body += "<p class=\"muted\">Shown " + escape(local_time(ctx.now, ctx.zone)) +
          fmt::format("; this page refreshes every {} s.</p>", ctx.refresh_s);
  if (links.empty()) body += "<p>No links yet.</p>";
  body += "<div class=\"cards\">";
  for (const auto& l : links) link_card(body, ctx, l);
  body += "</div>";
  return page(
      {.title = "Your links", .client = ctx.client, .csrf = ctx.csrf, .refresh_s = ctx.refresh_s},
      body);
}

std::string link_page(const PageContext& ctx, const LinkNow& l, Range range,
                      std::string_view shown_month, const MonthSummary* month,
                      const std::vector<store::MaintenanceWindow>& windows,
                      std::string_view grafana_uid, std::string_view charts) {
  std::string body = "<h1>";
  append_escaped(body, l.link.name);
  body += "</h1><div class=\"cards\">";
  link_card(body, ctx, l);
  body += "<section class=\"card\"><h2>Circuit</h2><dl>";
  if (!l.link.circuit_id.empty())
    body += "<dt>Circuit id</dt><dd>" + escape(l.link.circuit_id) + "</dd>";
  body += fmt::format(
      "<dt>Committed</dt><dd>{:.0f} Mbps, {:.2f} % uptime, {:.0f} ms, {:.2f} % "
      "loss</dd>",
      l.link.committed_mbps, l.link.committed_uptime_pct, l.link.committed_latency_ms,
      l.link.committed_loss_pct);
  if (!ctx.grafana_url.empty() && !grafana_uid.empty()) {
    body += "<dt>Dashboard</dt><dd><a rel=\"noopener noreferrer\" href=\"" +
            escape(ctx.grafana_url + "/d/" + std::string(grafana_uid)) + "\">Grafana</a></dd>";
  }
  body += "</dl></section></div>";

  body += "<nav class=\"ranges\" aria-label=\"Range\">";
  for (auto r : {Range::day, Range::week, Range::month30}) {
    if (r == range)
      body += fmt::format("<span>{}</span>", range_name(r));
    else
      body += fmt::format("<a href=\"/links/{}?range={}\">{}</a>", l.link.id, range_name(r),
                          range_name(r));
  }
  body += fmt::format(
      "<form method=\"get\" action=\"/links/{}\"><input type=\"hidden\" "
      "name=\"range\" value=\"month\"><input name=\"month\" type=\"month\" "
      "value=\"{}\" aria-label=\"Month\"> <button type=\"submit\">Show "
      "month</button></form></nav>",
      l.link.id, escape(shown_month));

  body += charts;

  if (month) {
    body += "<h2>Outages in " + escape(month->month) + "</h2>";
    if (month->outages.empty()) {
      body += "<p>None.</p>";
    } else {
      body +=
          "<div class=\"scroll\"><table><tr><th>Start</th><th>Duration</th><th>Cause</th>"
          "<th>Counts</th><th>Note</th></tr>";
      for (const auto& o : month->outages) {
        body += "<tr><td>" + escape(local_time(o.start, ctx.zone)) + "</td><td>" +
                escape(ill::duration_text(std::chrono::seconds(o.duration_s))) + "</td><td>" +
                escape(sla::to_string(o.cause)) + "</td><td>" + (o.is_downtime ? "yes" : "no") +
                "</td><td>" + escape(o.note) + "</td></tr>";
      }
      body += "</table></div>";
    }
  }
  body += "<h2>Planned maintenance</h2>";
  if (windows.empty()) {
    body += "<p>None in the 90 days before or after today.</p>";
  } else {
    body +=
        "<div class=\"scroll\"><table><tr><th>From</th><th>To</th><th>Reason</th><th></th>"
        "</tr>";
    for (const auto& w : windows) {
      const auto start = w.start_t;
      const auto end = w.end_t;
      body += "<tr><td>" + escape(local_time(start, ctx.zone)) + "</td><td>" +
              escape(local_time(end, ctx.zone)) + "</td><td>" + escape(w.reason) + "</td><td>" +
              (end <= ctx.now    ? "past"
               : start > ctx.now ? "upcoming"
                                 : "now") +
              "</td></tr>";
    }
    body += "</table></div>";
  }
  return page({.title = l.link.name, .client = ctx.client, .csrf = ctx.csrf}, body);
}

std::string reports_page(const PageContext& ctx,
                         const std::vector<store::ReportDocument>& documents) {
  std::string body = "<h1>Reports</h1>";
  body +=
      "<p><a class=\"button\" href=\"/reports/month-to-date.pdf\">This month to date "
      "(PDF)</a> <span class=\"muted\">made now from the latest figures; not part of the "
      "history below</span></p><h2>Issued reports</h2>";
  if (documents.empty()) {
    body += "<p>No reports issued yet.</p>";
  } else {
    body +=
        "<div class=\"scroll\"><table class=\"documents\"><tr><th>Month</th><th>Covers</th>"
        "<th>Format</th><th>Issued</th><th>Size</th><th>SHA-256</th></tr>";
    for (const auto& d : documents) {
      body += "<tr data-document=\"" + std::to_string(d.id) + "\"><td>" + escape(d.month) +
              "</td><td>" + (d.scope == "all" ? std::string("all links") : escape(d.scope)) +
              fmt::format("</td><td><a href=\"/reports/{}\" download>", d.id) + escape(d.format) +
              "</a></td><td>" + escape(local_time(d.generated_at, ctx.zone)) +
              fmt::format("</td><td>{} bytes</td><td><code>", d.size) + escape(d.sha256) +
              "</code></td></tr>";
    }
    body += "</table></div>";
  }
  return page({.title = "Reports", .client = ctx.client, .csrf = ctx.csrf}, body);
}

std::string account_page(const PageContext& ctx, std::string_view message, bool error,
                         const SecondFactorView& factor) {
  std::string body = "<h1>Account</h1>";
  if (!message.empty()) {
    body += std::string("<p class=\"") + (error ? "error" : "muted") + "\" role=\"status\">" +
            escape(message) + "</p>";
  }
  const auto csrf_field =
      "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.csrf) + "\">";
  body += "<h2>Second factor (authenticator app)</h2><section class=\"factor\">";
  if (!factor.new_codes.empty()) {
    body +=
        "<p>Your second factor is on. Keep these recovery codes somewhere safe: each signs you "
        "in once without your phone, and they are shown only now.</p><ul class=\"codes\">";
    for (const auto& c : factor.new_codes) body += "<li><code>" + escape(c) + "</code></li>";
    body += "</ul>";
  } else if (factor.enabled) {
    body += fmt::format(
        "<p data-factor=\"on\">On: sign-in asks for a code from your authenticator app. {} "
        "unused recovery codes left.</p>",
        factor.recovery_left);
  } else if (factor.pending) {
    body +=
        "<p>Scan this code with your authenticator app (or type the key below into it), then "
        "enter the six digits it shows.</p><div class=\"qr\">" +
        qr_svg(*factor.pending, "QR code of your authenticator key") +
        "</div><p class=\"muted\">Key: <code data-otpauth=\"" + escape(*factor.pending) + "\">" +
        escape(*factor.pending) +
        "</code></p><form class=\"stack\" method=\"post\" action=\"/account/2fa/confirm\">" +
        csrf_field +
        "<label>Six-digit code<input name=\"code\" inputmode=\"numeric\" "
        "autocomplete=\"one-time-code\" required pattern=\"[0-9]{6}\" maxlength=\"6\">"
        "</label><button type=\"submit\">Turn on</button></form>";
  } else {
    if (factor.required)
      body +=
          "<p class=\"error\" role=\"alert\">Your provider requires a second factor: set it "
          "up to use the portal.</p>";
    body +=
        "<p data-factor=\"off\">Off.</p><form class=\"stack\" method=\"post\" "
        "action=\"/account/2fa/start\">" +
        csrf_field + "<button type=\"submit\">Set up</button></form>";
  }
  body += "</section>";
  body +=
      "<h2>Change password</h2><form class=\"stack\" method=\"post\" "
      "action=\"/account/password\">" +
      csrf_field +
      "<label>Current password<input name=\"current\" type=\"password\" "
      "autocomplete=\"current-password\" required></label><label>New password (at least "
      "10 characters)<input name=\"new\" type=\"password\" autocomplete=\"new-password\" "
      "required minlength=\"10\"></label><button type=\"submit\">Change password</button>"
      "</form><p class=\"muted\">Changing it signs you out everywhere.</p>";
  return page({.title = "Account", .client = ctx.client, .csrf = ctx.csrf}, body);
}

std::string code_page(std::string_view error, std::string_view form_token) {
  std::string body = "<h1>Sign in: code</h1>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>";
  body +=
      "<form class=\"stack\" method=\"post\" action=\"/login/code\"><input type=\"hidden\" "
      "name=\"csrf\" value=\"" +
      escape(form_token) +
      "\"><label>Code from your authenticator app, or a recovery code<input name=\"code\" "
      "autocomplete=\"one-time-code\" required maxlength=\"32\"></label>"
      "<button type=\"submit\">Sign in</button></form>";
  return page({.title = "Sign in"}, body);
}

std::string invite_page(std::string_view user, std::string_view form_token,
                        std::string_view error) {
  std::string body =
      "<h1>Welcome</h1><p>Choose a password for <strong>" + escape(user) + "</strong>.</p>";
  if (!error.empty()) body += "<p class=\"error\" role=\"alert\">" + escape(error) + "</p>";
  body += "<form class=\"stack\" method=\"post\"><input type=\"hidden\" name=\"csrf\" value=\"" +
          escape(form_token) +
          "\"><label>New password (at least 10 characters)<input name=\"new\" type=\"password\" "
          "autocomplete=\"new-password\" required minlength=\"10\" maxlength=\"1024\"></label>"
          "<button type=\"submit\">Set password</button></form>";
  return page({.title = "Welcome"}, body);
}

std::string invite_gone_page() {
  return page({.title = "Invitation"},
              "<h1>This invitation cannot be used</h1><p>It was used already, has expired or "
              "does not exist. Ask your provider for a new one.</p>");
}

std::string logout_page(const PageContext& ctx) {
  std::string body =
      "<h1>Sign out</h1><form class=\"stack\" method=\"post\" action=\"/logout\">"
      "<input type=\"hidden\" name=\"csrf\" value=\"" +
      escape(ctx.csrf) + "\"><button type=\"submit\">Sign out</button></form>";
  return page({.title = "Sign out", .client = ctx.client, .csrf = ctx.csrf}, body);
}

std::string not_found_page() {
  return page({.title = "Not found"}, "<h1>Not found</h1><p>There is nothing here.</p>");
}

}  // namespace ill::portal
