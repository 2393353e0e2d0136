#include "portal/pages.hpp"

#include "core/format.hpp"
#include "portal/graph.hpp"
#include "portal/html.hpp"

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
  if (s)
    out += "<dt>Measured</dt><dd>" + escape(local_time(unix_seconds(s->t), ctx.zone)) + "</dd>";
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

struct Stats {
  std::optional<double> min, avg, max;
};

template <typename Get>
Stats stats_of(const std::vector<Point>& points, Get get) {
  Stats s;
  double sum = 0;
  std::size_t n = 0;
  for (const auto& p : points) {
    auto v = get(p);
    if (!v) continue;
    s.min = s.min ? std::min(*s.min, *v) : *v;
    s.max = s.max ? std::max(*s.max, *v) : *v;
    sum += *v;
    ++n;
  }
  if (n) s.avg = sum / static_cast<double>(n);
  return s;
}

std::optional<double> p95(const std::vector<Point>& points) {
  std::vector<double> v;
  for (const auto& p : points) {
    if (p.in_bps || p.out_bps) v.push_back(std::max(p.in_bps.value_or(0), p.out_bps.value_or(0)));
  }
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(0.95 * static_cast<double>(v.size())));
  return v[std::max<std::size_t>(rank, 1) - 1];
}

template <typename Get>
GraphSeries series_of(std::string name, std::string colour, const std::vector<Point>& points,
                      double scale, Get get) {
  GraphSeries s{std::move(name), std::move(colour), {}};
  s.points.reserve(points.size());
  for (const auto& p : points) {
    auto v = get(p);
    s.points.emplace_back(p.t, v ? std::optional(*v / scale) : std::nullopt);
  }
  return s;
}

void figure(std::string& out, const std::string& svg, const std::string& caption,
            const std::vector<std::pair<std::string, Stats>>& rows, const char* unit) {
  out += "<figure>" + svg + "<figcaption>";
  append_escaped(out, caption);
  out +=
      "</figcaption><div class=\"scroll\"><table><tr><th></th><th>min</th><th>avg</th>"
      "<th>max</th></tr>";
  for (const auto& [name, s] : rows) {
    out += "<tr><th>" + escape(name) + "</th>";
    for (const auto* v : {&s.min, &s.avg, &s.max})
      out += "<td>" + optional_number(*v, "{:.2f}", unit) + "</td>";
    out += "</tr>";
  }
  out += "</table></div></figure>";
}

}  // namespace

std::string local_time(std::int64_t t, const date::time_zone* zone) {
  using namespace std::chrono;
  sys_seconds when{seconds(t)};
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

std::string link_page(const PageContext& ctx, const LinkNow& l, const LinkSeries& series,
                      const MonthSummary* month,
                      const std::vector<store::MaintenanceWindow>& windows,
                      std::string_view grafana_uid) {
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
    if (r == series.range)
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
      l.link.id, escape(series.month));

  std::vector<StripSpan> spans;
  for (const auto& s : series.states)
    spans.push_back(
        {unix_seconds(s.from), unix_seconds(s.to), std::string(sla::to_string(s.state))});
  body += "<figure>" +
          render_strip(spans, series.from, series.to,
                       "Availability from " + local_time(series.from, ctx.zone) + " to " +
                           local_time(series.to, ctx.zone) + ": green up, red down, grey unknown") +
          "<figcaption>Availability: green up, red down, grey not known</figcaption></figure>";

  Graph traffic{"Traffic in and out, Mbps", "Mbps", series.from, series.to, {}, {}};
  traffic.series.push_back(
      series_of("in", "#1d6fb8", series.points, 1e6, [](const Point& p) { return p.in_bps; }));
  traffic.series.push_back(
      series_of("out", "#e67e22", series.points, 1e6, [](const Point& p) { return p.out_bps; }));
  traffic.lines.push_back({"committed", "#c0392b", l.link.committed_mbps});
  auto top = p95(series.points);
  if (top) traffic.lines.push_back({"95th percentile", "#7d3c98", *top / 1e6});
  auto in = stats_of(series.points, [](const Point& p) {
    return p.in_bps ? std::optional(*p.in_bps / 1e6) : std::nullopt;
  });
  auto out = stats_of(series.points, [](const Point& p) {
    return p.out_bps ? std::optional(*p.out_bps / 1e6) : std::nullopt;
  });
  figure(body, render_graph(traffic),
         fmt::format("Traffic, averages per {} min; committed {:.0f} Mbps; 95th percentile {}",
                     series.step_s / 60, l.link.committed_mbps,
                     top ? fmt::format("{:.2f} Mbps", *top / 1e6) : std::string("—")),
         {{"in", in}, {"out", out}}, " Mbps");

  Graph latency{"Latency, ms", "ms", series.from, series.to, {}, {}};
  latency.series.push_back(series_of("latency", "#1d6fb8", series.points, 1,
                                     [](const Point& p) { return p.latency_ms; }));
  latency.lines.push_back({"committed", "#c0392b", l.link.committed_latency_ms});
  figure(body, render_graph(latency), "Latency",
         {{"latency", stats_of(series.points, [](const Point& p) { return p.latency_ms; })}},
         " ms");
  Graph loss{"Packet loss, %", "%", series.from, series.to, {}, {}};
  loss.series.push_back(
      series_of("loss", "#c0392b", series.points, 1, [](const Point& p) { return p.loss_pct; }));
  figure(body, render_graph(loss), "Packet loss",
         {{"loss", stats_of(series.points, [](const Point& p) { return p.loss_pct; })}}, " %");

  if (month) {
    body += "<h2>Outages in " + escape(month->month) + "</h2>";
    if (month->outages.empty()) {
      body += "<p>None.</p>";
    } else {
      body +=
          "<div class=\"scroll\"><table><tr><th>Start</th><th>Duration</th><th>Cause</th>"
          "<th>Counts</th><th>Note</th></tr>";
      for (const auto& o : month->outages) {
        body += "<tr><td>" + escape(local_time(o.start.time_since_epoch().count(), ctx.zone)) +
                "</td><td>" + escape(ill::duration_text(std::chrono::seconds(o.duration_s))) +
                "</td><td>" + escape(sla::to_string(o.cause)) + "</td><td>" +
                (o.is_downtime ? "yes" : "no") + "</td><td>" + escape(o.note) + "</td></tr>";
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
      body += "<tr><td>" + escape(local_time(w.start_t, ctx.zone)) + "</td><td>" +
              escape(local_time(w.end_t, ctx.zone)) + "</td><td>" + escape(w.reason) + "</td><td>" +
              (w.end_t <= ctx.now    ? "past"
               : w.start_t > ctx.now ? "upcoming"
                                     : "now") +
              "</td></tr>";
    }
    body += "</table></div>";
  }
  return page({.title = l.link.name, .client = ctx.client, .csrf = ctx.csrf}, body);
}

std::string reports_page(const PageContext& ctx, const std::vector<store::SlaReport>& reports) {
  std::string body = "<h1>Reports</h1>";
  if (reports.empty()) {
    body += "<p>No monthly reports yet.</p>";
  } else {
    body +=
        "<div class=\"scroll\"><table><tr><th>Month</th><th>Link</th><th>Computed</th>"
        "<th>Document</th></tr>";
    for (const auto& r : reports) {
      body += "<tr><td>" + escape(r.month) + "</td><td>" + escape(r.link_name) + "</td><td>" +
              escape(local_time(r.computed_at, ctx.zone)) +
              fmt::format("</td><td><a href=\"/reports/{}\">JSON</a></td></tr>", r.id);
    }
    body += "</table></div>";
  }
  return page({.title = "Reports", .client = ctx.client, .csrf = ctx.csrf}, body);
}

std::string account_page(const PageContext& ctx, std::string_view message, bool error) {
  std::string body = "<h1>Account</h1>";
  if (!message.empty()) {
    body += std::string("<p class=\"") + (error ? "error" : "muted") + "\" role=\"status\">" +
            escape(message) + "</p>";
  }
  body +=
      "<h2>Change password</h2><form class=\"stack\" method=\"post\" "
      "action=\"/account/password\"><input type=\"hidden\" name=\"csrf\" value=\"" +
      escape(ctx.csrf) +
      "\"><label>Current password<input name=\"current\" type=\"password\" "
      "autocomplete=\"current-password\" required></label><label>New password (at least "
      "10 characters)<input name=\"new\" type=\"password\" autocomplete=\"new-password\" "
      "required minlength=\"10\"></label><button type=\"submit\">Change password</button>"
      "</form><p class=\"muted\">Changing it signs you out everywhere.</p>";
  return page({.title = "Account", .client = ctx.client, .csrf = ctx.csrf}, body);
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
