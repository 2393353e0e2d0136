#include "portal/charts.hpp"

#include "core/format.hpp"
#include "portal/html.hpp"
#include "portal/pages.hpp"
#include "report/render.hpp"
#include "report/series.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ill::portal {

namespace {

using std::chrono::sys_seconds;

std::string figure_text(const std::optional<double>& v, const char* unit) {
  if (!v) return "—";
  return fmt::format("{:.2f}{}", *v, unit);
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

// Nearest rank over the larger of in and out of each point, as the month figures count it.
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

std::optional<double> scaled(const std::optional<double>& v, double by) {
  return v ? std::optional(*v / by) : std::nullopt;
}

void stats_table(std::string& out, const std::vector<std::pair<std::string, Stats>>& rows,
                 const char* unit) {
  out +=
      "<div class=\"scroll\"><table><tr><th></th><th>min</th><th>avg</th><th>max</th>"
      "</tr>";
  for (const auto& [name, s] : rows) {
    out += "<tr><th>" + escape(name) + "</th>";
    for (const auto* v : {&s.min, &s.avg, &s.max}) out += "<td>" + figure_text(*v, unit) + "</td>";
    out += "</tr>";
  }
  out += "</table></div>";
}

report::SpanState span_state(sla::State s) {
  switch (s) {
  case sla::State::up: return report::SpanState::up;
  case sla::State::down: return report::SpanState::down;
  case sla::State::unknown: return report::SpanState::unknown;
  }
  return report::SpanState::unknown;
}

const date::time_zone* zone_or_utc(const date::time_zone* zone) {
  if (zone) return zone;
  try {
    return date::locate_zone("UTC");
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

std::string svg_presentation(std::string_view svg) {
  constexpr std::string_view marker = " style=\"";
  std::string out;
  out.reserve(svg.size() + svg.size() / 16);
  std::size_t at = 0;
  for (std::size_t hit; (hit = svg.find(marker, at)) != std::string_view::npos;) {
    const auto begin = hit + marker.size();
    const auto end = svg.find('"', begin);
    if (end == std::string_view::npos) break;
    out.append(svg, at, hit - at);
    std::string_view declarations = svg.substr(begin, end - begin);
    while (!declarations.empty()) {
      auto semi = declarations.find(';');
      auto one = declarations.substr(0, semi);
      declarations = semi == std::string_view::npos ? "" : declarations.substr(semi + 1);
      auto colon = one.find(':');
      if (colon == std::string_view::npos) continue;
      auto trim = [](std::string_view t) {
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        return t;
      };
      auto name = trim(one.substr(0, colon));
      auto value = trim(one.substr(colon + 1));
      if (name.empty()) continue;
      out += ' ';
      out += name;
      out += "=\"";
      out += value;
      out += '"';
    }
    at = end + 1;
  }
  out.append(svg, at);
  return out;
}

void append_link_charts(std::string& out, const LinkNow& l, const LinkSeries& series,
                        const std::vector<store::MaintenanceWindow>& windows,
                        const date::time_zone* client_zone) {
  const auto* zone = zone_or_utc(client_zone);
  const sla::TimeRange range{series.from, series.to};
  const auto when = [&](sys_seconds t) { return escape(local_time(t, client_zone)); };

  // Availability: the timeline with the maintenance windows over it.
  std::vector<report::StateSpan> spans;
  for (const auto& s : series.states) spans.push_back({s.from, s.to, span_state(s.state)});
  std::vector<sla::TimeRange> planned;
  for (const auto& w : windows) planned.push_back({w.start_t, w.end_t});
  spans = report::overlay_maintenance(spans, planned, range);
  const auto strip_title = fmt::format(
      "Availability from {} to {}, one column per day: green up, red down, grey not known, "
      "blue planned maintenance",
      local_time(series.from, client_zone), local_time(series.to, client_zone));
  out += "<figure class=\"chart\" data-chart=\"availability\">";
  if (zone) {
    out += svg_presentation(report::render_svg(report::AvailabilityStrip{range, zone, spans},
                                               {720, 220}, strip_title, "chart-availability"));
  }
  out += "<figcaption>";
  append_escaped(out, strip_title);
  out +=
      "</figcaption><details><summary>States as text</summary><div class=\"scroll\"><table>"
      "<tr><th>From</th><th>To</th><th>State</th></tr>";
  for (const auto& s : spans) {
    out += "<tr><td>" + when(s.from) + "</td><td>" + when(s.to) + "</td><td>" +
           escape(report::to_string(s.state)) + "</td></tr>";
  }
  out += "</table></div></details></figure>";

  // Traffic.
  const auto top = p95(series.points);
  std::vector<report::TrafficPoint> traffic;
  std::vector<report::QualityPoint> quality;
  traffic.reserve(series.points.size());
  quality.reserve(series.points.size());
  for (const auto& p : series.points) {
    traffic.push_back({p.t, p.in_bps, p.out_bps});
    quality.push_back({p.t, p.latency_ms, p.loss_pct});
  }
  const double committed_bps = l.link.committed_mbps * 1e6;
  const auto traffic_title = fmt::format(
      "Traffic in and out, averages per {} min; committed {:.0f} Mbps; 95th percentile {}",
      series.step / std::chrono::minutes{1}, l.link.committed_mbps,
      top ? fmt::format("{:.2f} Mbps", *top / 1e6) : std::string("—"));
  out += "<figure class=\"chart\" data-chart=\"traffic\">";
  if (zone) {
    out += svg_presentation(
        report::render_svg(report::TrafficChart{range, zone, traffic, committed_bps, top},
                           {720, 240}, traffic_title, "chart-traffic"));
  }
  out += "<figcaption>";
  append_escaped(out, traffic_title);
  out += "</figcaption>";
  stats_table(
      out,
      {{"in", stats_of(series.points, [](const Point& p) { return scaled(p.in_bps, 1e6); })},
       {"out", stats_of(series.points, [](const Point& p) { return scaled(p.out_bps, 1e6); })}},
      " Mbps");
  out += "</figure>";

  // Latency and loss.
  const auto quality_title =
      fmt::format("Latency (committed {:.0f} ms) and packet loss (committed {:.2f} %)",
                  l.link.committed_latency_ms, l.link.committed_loss_pct);
  out += "<figure class=\"chart\" data-chart=\"quality\">";
  if (zone) {
    out += svg_presentation(
        report::render_svg(report::QualityChart{range, zone, quality, l.link.committed_latency_ms,
                                                l.link.committed_loss_pct},
                           {720, 280}, quality_title, "chart-quality"));
  }
  out += "<figcaption>";
  append_escaped(out, quality_title);
  out += "</figcaption>";
  stats_table(out,
              {{"latency", stats_of(series.points, [](const Point& p) { return p.latency_ms; })}},
              " ms");
  stats_table(out, {{"loss", stats_of(series.points, [](const Point& p) { return p.loss_pct; })}},
              " %");
  out += "</figure>";

  // Every plotted point, as text.
  out += fmt::format(
      "<details class=\"points\"><summary>The {} plotted points as text</summary><div "
      "class=\"scroll\"><table><tr><th>Time</th><th>In, Mbps</th><th>Out, Mbps</th>"
      "<th>Latency, ms</th><th>Loss, %</th></tr>",
      series.points.size());
  for (const auto& p : series.points) {
    out += "<tr><td>" + when(p.t) + "</td><td>" + figure_text(scaled(p.in_bps, 1e6), "") +
           "</td><td>" + figure_text(scaled(p.out_bps, 1e6), "") + "</td><td>" +
           figure_text(p.latency_ms, "") + "</td><td>" + figure_text(p.loss_pct, "") + "</td></tr>";
  }
  out += "</table></div></details>";
}

Result<DrawnCharts> ChartCache::get(const std::string& key, std::chrono::sys_seconds now,
                                    const std::function<Result<DrawnCharts>()>& make) {
  {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it != m_entries.end() && now >= it->second.at && now - it->second.at < m_ttl)
      return it->second.drawn;
  }
  auto drawn = make();  // outside the lock: other links' pages need not wait for this one
  if (!drawn) return drawn;
  std::lock_guard lock(m_mutex);
  // Stale entries go as new ones come, so the map holds about what a minute of use needs.
  std::erase_if(m_entries, [&](const auto& e) { return now - e.second.at >= m_ttl; });
  m_entries[key] = {now, *drawn};
  return drawn;
}

}  // namespace ill::portal
