// The availability strip: a column per local day, time running down from local midnight.
#include "report/axes.hpp"
#include "report/chart.hpp"
#include "report/text.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ill::report {
namespace {

using namespace std::chrono;

constexpr double k_legend_h = 12;
constexpr double k_left = 30;
constexpr double k_bottom = 12;
constexpr double k_right = 4;

sys_seconds midnight(const date::time_zone* zone, date::local_days day) {
  const auto local = date::local_seconds(day);
  const auto info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) return info.first.end;
  return sys_seconds(local.time_since_epoch() - info.first.offset);
}

}  // namespace

std::string_view to_string(SpanState state) {
  switch (state) {
  case SpanState::up: return "up";
  case SpanState::down: return "down";
  case SpanState::unknown: return "unknown";
  case SpanState::maintenance: return "maintenance";
  }
  return "unknown";
}

Rgb colour_of(SpanState state) {
  switch (state) {
  case SpanState::up: return {76, 175, 80};
  case SpanState::down: return {211, 47, 47};
  case SpanState::unknown: return {176, 176, 176};
  case SpanState::maintenance: return {66, 133, 244};
  }
  return {176, 176, 176};
}

std::vector<StripDay> strip_days(const AvailabilityStrip& chart) {
  std::vector<StripDay> days;
  if (chart.range.empty() || chart.zone == nullptr) return days;
  const auto first = floor<date::days>(chart.zone->to_local(chart.range.from));
  const auto last = floor<date::days>(chart.zone->to_local(chart.range.to - seconds(1)));
  for (auto d = first; d <= last; d += date::days(1)) {
    const auto start = midnight(chart.zone, d);
    const auto end = midnight(chart.zone, d + date::days(1));
    days.push_back({d, start, (end - start).count()});
  }
  return days;
}

Box plot_area(const AvailabilityStrip&, const Box& box) {
  return {box.x + k_left, box.y + k_legend_h + 2, std::max(1.0, box.width - k_left - k_right),
          std::max(1.0, box.height - k_legend_h - 2 - k_bottom)};
}

void draw(cairo_t* cr, const AvailabilityStrip& chart, const Box& box) {
  cairo_save(cr);
  draw_legend(cr, box.x + k_left, box.y,
              {{colour_of(SpanState::up), "up"},
               {colour_of(SpanState::down), "down"},
               {colour_of(SpanState::unknown), "unknown"},
               {colour_of(SpanState::maintenance), "maintenance"}});
  const Box plot = plot_area(chart, box);
  const auto days = strip_days(chart);
  std::int64_t longest = 0;
  for (const auto& d : days) longest = std::max(longest, d.length_s);
  if (days.empty() || longest <= 0) {
    cairo_restore(cr);
    return;
  }
  const double column = plot.width / static_cast<double>(days.size());
  const double gap = column > 4 ? std::min(1.5, column * 0.15) : 0;
  const double per_s = plot.height / static_cast<double>(longest);

  // Hour lines and labels: time since local midnight.
  TextStyle label;
  label.size = 6.5;
  label.align = Align::right;
  cairo_set_line_width(cr, 0.4);
  for (int h = 0; h <= 24; h += 6) {
    const double y = plot.y + per_s * h * 3600.0;
    cairo_set_source_rgb(cr, 0.8, 0.8, 0.8);
    cairo_move_to(cr, plot.x - 2, y);
    cairo_line_to(cr, plot.x, y);
    cairo_stroke(cr);
    const ShapedText text(cr, fmt::format("{:02}:00", h), label);
    text.draw(cr, plot.x - 3, y - text.extent().height / 2);
  }

  // Spans, maintenance last, each clipped to its day's column.
  std::vector<const StateSpan*> order;
  order.reserve(chart.spans.size());
  for (const auto& s : chart.spans)
    if (s.state != SpanState::maintenance) order.push_back(&s);
  for (const auto& s : chart.spans)
    if (s.state == SpanState::maintenance) order.push_back(&s);

  TextStyle day_label;
  day_label.size = 6.5;
  day_label.align = Align::center;
  const int label_every = column >= 12 ? 1 : column >= 6 ? 2 : 5;
  for (std::size_t i = 0; i < days.size(); ++i) {
    const auto& d = days[i];
    const double x = plot.x + column * static_cast<double>(i) + gap / 2;
    const double w = column - gap;
    const auto day_end = d.start + seconds(d.length_s);
    const auto y_of = [&](sys_seconds t) {
      return plot.y + per_s * static_cast<double>((t - d.start).count());
    };
    // Outside the range: blank; inside: unknown until a span says otherwise.
    const auto in_from = std::max(d.start, chart.range.from);
    const auto in_to = std::min(day_end, chart.range.to);
    cairo_set_source_rgb(cr, 0.96, 0.96, 0.96);
    cairo_rectangle(cr, x, plot.y, w, per_s * static_cast<double>(d.length_s));
    cairo_fill(cr);
    if (in_to > in_from) {
      set_colour(cr, colour_of(SpanState::unknown));
      cairo_rectangle(cr, x, y_of(in_from), w, y_of(in_to) - y_of(in_from));
      cairo_fill(cr);
    }
    for (const StateSpan* s : order) {
      const auto from = std::max({s->from, d.start, chart.range.from});
      const auto to = std::min({s->to, day_end, chart.range.to});
      if (to <= from) continue;
      set_colour(cr, colour_of(s->state));
      cairo_rectangle(cr, x, y_of(from), w, y_of(to) - y_of(from));
      cairo_fill(cr);
    }
    const unsigned dom = static_cast<unsigned>(date::year_month_day(d.day).day());
    if ((dom - 1) % static_cast<unsigned>(label_every) == 0 || days.size() == 1)
      draw_text(cr, x + w / 2, plot.y + plot.height + 2, std::to_string(dom), day_label);
  }
  cairo_restore(cr);
}

}  // namespace ill::report
