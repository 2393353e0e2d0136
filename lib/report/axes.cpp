#include "report/axes.hpp"

#include "report/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace ill::report {
namespace {

using namespace std::chrono;

constexpr std::array<const char*, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

sys_seconds to_sys(const date::time_zone* zone, date::local_seconds local) {
  // A local time the DST jump skips maps to the jump; an ambiguous one to its first occurrence.
  const auto info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) return info.first.end;
  return sys_seconds(local.time_since_epoch() - info.first.offset);
}

date::local_seconds to_local(const date::time_zone* zone, sys_seconds t) {
  return zone->to_local(t);
}

std::string day_label(date::local_days day) {
  const date::year_month_day ymd(day);
  return fmt::format("{} {}", static_cast<unsigned>(ymd.day()),
                     k_months[static_cast<unsigned>(ymd.month()) - 1]);
}

}  // namespace

std::vector<TimeTick> time_ticks(const sla::TimeRange& range, const date::time_zone* zone,
                                 int max_ticks) {
  std::vector<TimeTick> ticks;
  if (range.empty() || zone == nullptr || max_ticks < 1) return ticks;
  const double span_h = static_cast<double>(range.length_s()) / 3600.0;
  static constexpr std::array<int, 5> hour_steps = {1, 3, 6, 12, 24};
  static constexpr std::array<int, 5> day_steps = {1, 2, 7, 14, 28};
  int hours = 0;
  for (int h : hour_steps)
    if (span_h / h <= max_ticks) {
      hours = h;
      break;
    }
  const auto first_local = to_local(zone, range.from);
  auto day = floor<days>(first_local);
  if (hours > 0 && hours < 24) {
    for (auto local = date::local_seconds(day);; local += std::chrono::hours(hours)) {
      const auto t = to_sys(zone, local);
      if (t >= range.to) break;
      if (t < range.from) continue;
      const auto since_midnight = local - floor<days>(local);
      const bool midnight = since_midnight == seconds(0);
      const auto hm = date::hh_mm_ss<seconds>(since_midnight);
      std::string label =
          midnight ? day_label(floor<days>(local))
                   : fmt::format("{:02}:{:02}", hm.hours().count(), hm.minutes().count());
      ticks.push_back({t, std::move(label), midnight});
    }
    return ticks;
  }
  int step = day_steps.back();
  const double span_d = span_h / 24.0;
  for (int d : day_steps)
    if (span_d / d <= max_ticks) {
      step = d;
      break;
    }
  for (auto d = day;; d += date::days(1)) {
    const auto t = to_sys(zone, date::local_seconds(d));
    if (t >= range.to) break;
    if (t < range.from) continue;
    const unsigned dom = static_cast<unsigned>(date::year_month_day(d).day());
    const bool labelled = step == 1 || (dom - 1) % static_cast<unsigned>(step) == 0;
    ticks.push_back({t, labelled ? day_label(d) : std::string(), true});
  }
  return ticks;
}

ValueTicks value_ticks(double max, int target) {
  if (!(max > 0) || !std::isfinite(max)) return {1, 1};
  target = std::max(target, 1);
  const double raw = max / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  // The nice step whose number of intervals up to `max` is nearest `target`; on a tie, the
  // fewer intervals (the larger step).
  ValueTicks best{magnitude * 10, std::ceil(max / (magnitude * 10) - 1e-9) * magnitude * 10};
  double best_miss = std::numeric_limits<double>::infinity();
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    const double step = m * magnitude;
    const double intervals = std::ceil(max / step - 1e-9);
    const double miss = std::fabs(intervals - target);
    if (miss <= best_miss) {
      best = {step, intervals * step};
      best_miss = miss;
    }
  }
  return best;
}

std::string number_label(double value) {
  std::string s = fmt::format("{:.2f}", value);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string rate_label(double bps) {
  const double a = std::abs(bps);
  if (a >= 1e9) return number_label(bps / 1e9) + " Gb/s";
  if (a >= 1e6) return number_label(bps / 1e6) + " Mb/s";
  if (a >= 1e3) return number_label(bps / 1e3) + " kb/s";
  return number_label(bps) + " b/s";
}

void set_colour(cairo_t* cr, Rgb c, double alpha) {
  cairo_set_source_rgba(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0, alpha);
}

double Frame::x_of(sys_seconds t) const {
  const double length = static_cast<double>(range.length_s());
  if (length <= 0) return plot.x;
  return plot.x + plot.width * static_cast<double>((t - range.from).count()) / length;
}

Frame frame_for(const Box& box, const sla::TimeRange& range, double left_margin,
                double legend_height) {
  constexpr double k_axis_below = 14;  // time labels
  constexpr double k_right = 6;
  Frame f;
  f.range = range;
  f.plot = {box.x + left_margin, box.y + legend_height + 4,
            std::max(1.0, box.width - left_margin - k_right),
            std::max(1.0, box.height - legend_height - 4 - k_axis_below)};
  return f;
}

void draw_time_axis(cairo_t* cr, const Frame& f, const date::time_zone* zone, bool with_labels) {
  const int max_ticks = std::max(1, static_cast<int>(f.plot.width / 55));
  const auto ticks = time_ticks(f.range, zone, max_ticks);
  cairo_save(cr);
  cairo_set_line_width(cr, 0.4);
  TextStyle style;
  style.size = 6.5;
  style.align = Align::center;
  double last_right = -std::numeric_limits<double>::infinity();
  for (const auto& tick : ticks) {
    const double x = f.x_of(tick.t);
    cairo_set_source_rgb(cr, tick.major ? 0.75 : 0.87, tick.major ? 0.75 : 0.87,
                         tick.major ? 0.75 : 0.87);
    cairo_move_to(cr, x, f.plot.y);
    cairo_line_to(cr, x, f.plot.y + f.plot.height);
    cairo_stroke(cr);
    if (!with_labels || tick.label.empty()) continue;
    const ShapedText text(cr, tick.label, style);
    const TextExtent& e = text.extent();
    const double left = std::max(x - e.width / 2, f.plot.x - 4);
    if (left < last_right + 4 || left + e.width > f.plot.x + f.plot.width + 6) continue;
    text.draw(cr, left, f.plot.y + f.plot.height + 2, Align::left);
    last_right = left + e.width;
  }
  cairo_set_source_rgb(cr, 0.45, 0.45, 0.45);
  cairo_set_line_width(cr, 0.6);
  cairo_rectangle(cr, f.plot.x, f.plot.y, f.plot.width, f.plot.height);
  cairo_stroke(cr);
  cairo_restore(cr);
}

void draw_value_axis(cairo_t* cr, const Frame& f, const ValueTicks& ticks,
                     std::string (*label)(double)) {
  cairo_save(cr);
  cairo_set_line_width(cr, 0.4);
  TextStyle style;
  style.size = 6.5;
  style.align = Align::right;
  const int n = static_cast<int>(std::lround(ticks.top / ticks.step));
  for (int i = 0; i <= n; ++i) {
    const double v = ticks.step * i;
    const double y = f.plot.y + f.plot.height - f.plot.height * v / ticks.top;
    cairo_set_source_rgb(cr, 0.87, 0.87, 0.87);
    cairo_move_to(cr, f.plot.x, y);
    cairo_line_to(cr, f.plot.x + f.plot.width, y);
    cairo_stroke(cr);
    const ShapedText text(cr, label(v), style);
    text.draw(cr, f.plot.x - 3, y - text.extent().height / 2);
  }
  cairo_restore(cr);
}

double draw_legend(cairo_t* cr, double x, double y, const std::vector<LegendEntry>& entries) {
  TextStyle style;
  style.size = 6.5;
  double cx = x;
  cairo_save(cr);
  for (const auto& e : entries) {
    set_colour(cr, e.colour);
    if (e.dashed) {
      const double dash[] = {3, 2};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_set_line_width(cr, 1.2);
      cairo_move_to(cr, cx, y + 4.5);
      cairo_line_to(cr, cx + 10, y + 4.5);
      cairo_stroke(cr);
      cairo_set_dash(cr, nullptr, 0, 0);
    } else {
      cairo_rectangle(cr, cx, y + 1.5, 10, 6);
      cairo_fill(cr);
    }
    cx += 13;
    cx += draw_text(cr, cx, y, e.text, style).width + 10;
  }
  cairo_restore(cr);
  return cx - x;
}

double gap_limit_s(const std::vector<sys_seconds>& times) {
  std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
  for (std::size_t i = 1; i < times.size(); ++i) {
    const auto d = (times[i] - times[i - 1]).count();
    if (d > 0) smallest = std::min(smallest, d);
  }
  if (smallest == std::numeric_limits<std::int64_t>::max()) return 0;
  return 3.0 * static_cast<double>(smallest);
}

}  // namespace ill::report
