// Traffic, latency and loss over time: lines that break at gaps, on a shared time axis.
#include "report/axes.hpp"
#include "report/chart.hpp"
#include "report/text.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace ill::report {
namespace {

using namespace std::chrono;

struct Value {
  sys_seconds t;
  std::optional<double> v;
};

// Calls `segment` with each run of consecutive values without a gap, as (x, y) points.
template <typename Segment>
void for_each_run(const std::vector<Value>& values, double gap_s, const Frame& f, double top,
                  Segment segment) {
  std::vector<std::pair<double, double>> run;
  const auto y_of = [&](double v) {
    return f.plot.y + f.plot.height - f.plot.height * std::clamp(v / top, 0.0, 1.0);
  };
  std::optional<sys_seconds> previous;
  for (const auto& value : values) {
    const bool gap =
        previous && gap_s > 0 && static_cast<double>((value.t - *previous).count()) > gap_s;
    if (!value.v || gap) {
      if (!run.empty()) segment(run);
      run.clear();
    }
    if (value.v) run.emplace_back(f.x_of(value.t), y_of(*value.v));
    previous = value.t;
  }
  if (!run.empty()) segment(run);
}

void stroke_series(cairo_t* cr, const std::vector<Value>& values, double gap_s, const Frame& f,
                   double top, Rgb colour, double width, bool fill) {
  cairo_save(cr);
  cairo_rectangle(cr, f.plot.x, f.plot.y, f.plot.width, f.plot.height);
  cairo_clip(cr);
  cairo_set_line_width(cr, width);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for_each_run(values, gap_s, f, top, [&](const std::vector<std::pair<double, double>>& run) {
    if (run.size() == 1) {  // a lone point: a short tick, so it is not lost
      set_colour(cr, colour);
      cairo_rectangle(cr, run[0].first - width, run[0].second - width, 2 * width, 2 * width);
      cairo_fill(cr);
      return;
    }
    cairo_move_to(cr, run[0].first, run[0].second);
    for (std::size_t i = 1; i < run.size(); ++i) cairo_line_to(cr, run[i].first, run[i].second);
    if (fill) {
      cairo_path_t* line = cairo_copy_path(cr);
      cairo_line_to(cr, run.back().first, f.plot.y + f.plot.height);
      cairo_line_to(cr, run.front().first, f.plot.y + f.plot.height);
      cairo_close_path(cr);
      set_colour(cr, colour, 0.3);
      cairo_fill(cr);
      cairo_append_path(cr, line);
      cairo_path_destroy(line);
    }
    set_colour(cr, colour);
    cairo_stroke(cr);
  });
  cairo_restore(cr);
}

void horizontal_line(cairo_t* cr, const Frame& f, double value, double top, Rgb colour) {
  if (top <= 0) return;
  double y = f.plot.y + f.plot.height - f.plot.height * std::clamp(value / top, 0.0, 1.0);
  // On the middle of a device pixel row, so a raster (the PNG) shows a crisp line in exactly
  // its colour rather than two rows of a blend; a vector surface moves it by under half a point.
  double x = f.plot.x;
  cairo_user_to_device(cr, &x, &y);
  y = std::floor(y) + 0.5;
  cairo_device_to_user(cr, &x, &y);
  cairo_save(cr);
  const double dash[] = {4, 2.5};
  cairo_set_dash(cr, dash, 2, 0);
  cairo_set_line_width(cr, 1.0);
  set_colour(cr, colour);
  cairo_move_to(cr, f.plot.x, y);
  cairo_line_to(cr, f.plot.x + f.plot.width, y);
  cairo_stroke(cr);
  cairo_restore(cr);
}

double max_of(const std::vector<Value>& values, double at_least) {
  double m = at_least;
  for (const auto& v : values)
    if (v.v) m = std::max(m, *v.v);
  return m;
}

std::vector<sys_seconds> times_of(const std::vector<Value>& values) {
  std::vector<sys_seconds> times;
  times.reserve(values.size());
  for (const auto& v : values) times.push_back(v.t);
  return times;
}

std::string latency_label(double ms) { return number_label(ms) + " ms"; }
std::string loss_label(double pct) { return number_label(pct) + " %"; }

}  // namespace

void draw(cairo_t* cr, const TrafficChart& chart, const Box& box) {
  std::vector<Value> in;
  std::vector<Value> out;
  in.reserve(chart.points.size());
  out.reserve(chart.points.size());
  for (const auto& p : chart.points) {
    in.push_back({p.t, p.in_bps});
    out.push_back({p.t, p.out_bps});
  }
  double max = std::max(max_of(in, 0), max_of(out, 0));
  if (chart.committed_bps) max = std::max(max, *chart.committed_bps);
  if (chart.p95_bps) max = std::max(max, *chart.p95_bps);
  const ValueTicks ticks = value_ticks(max * 1.05, 4);

  cairo_save(cr);
  const Frame f = frame_for(box, chart.range, 52, 12);
  std::vector<LegendEntry> legend = {{k_traffic_in, "in"}, {k_traffic_out, "out"}};
  if (chart.committed_bps)
    legend.push_back({k_committed, "committed " + rate_label(*chart.committed_bps), true});
  if (chart.p95_bps)
    legend.push_back({k_p95, "95th percentile " + rate_label(*chart.p95_bps), true});
  draw_legend(cr, f.plot.x, box.y, legend);
  draw_value_axis(cr, f, ticks, rate_label);
  draw_time_axis(cr, f, chart.zone, true);
  const double gap = gap_limit_s(times_of(in));
  stroke_series(cr, in, gap, f, ticks.top, k_traffic_in, 0.8, true);
  stroke_series(cr, out, gap, f, ticks.top, k_traffic_out, 0.8, false);
  if (chart.committed_bps) horizontal_line(cr, f, *chart.committed_bps, ticks.top, k_committed);
  if (chart.p95_bps) horizontal_line(cr, f, *chart.p95_bps, ticks.top, k_p95);
  cairo_restore(cr);
}

void draw(cairo_t* cr, const QualityChart& chart, const Box& box) {
  std::vector<Value> latency;
  std::vector<Value> loss;
  for (const auto& p : chart.points) {
    latency.push_back({p.t, p.latency_ms});
    loss.push_back({p.t, p.loss_pct});
  }
  const double gap = gap_limit_s(times_of(latency));
  cairo_save(cr);
  // Upper panel: latency, 60 % of the height; lower: loss.
  Box upper = box;
  upper.height = box.height * 0.58;
  Box lower = box;
  lower.y = box.y + upper.height + 2;
  lower.height = box.height - upper.height - 2;

  const Frame fl = frame_for(upper, chart.range, 52, 12);
  std::vector<LegendEntry> legend = {{k_traffic_out, "latency"}};
  if (chart.committed_latency_ms)
    legend.push_back(
        {k_committed, "committed " + latency_label(*chart.committed_latency_ms), true});
  draw_legend(cr, fl.plot.x, upper.y, legend);
  const ValueTicks lt =
      value_ticks(max_of(latency, chart.committed_latency_ms.value_or(0)) * 1.05, 3);
  draw_value_axis(cr, fl, lt, latency_label);
  draw_time_axis(cr, fl, chart.zone, true);
  stroke_series(cr, latency, gap, fl, lt.top, k_traffic_out, 0.8, false);
  if (chart.committed_latency_ms)
    horizontal_line(cr, fl, *chart.committed_latency_ms, lt.top, k_committed);

  const Frame fs = frame_for(lower, chart.range, 52, 12);
  legend = {{k_p95, "loss"}};
  if (chart.committed_loss_pct)
    legend.push_back({k_committed, "committed " + loss_label(*chart.committed_loss_pct), true});
  draw_legend(cr, fs.plot.x, lower.y, legend);
  const ValueTicks st =
      value_ticks(std::max(max_of(loss, chart.committed_loss_pct.value_or(0)) * 1.05, 1.0), 2);
  draw_value_axis(cr, fs, st, loss_label);
  draw_time_axis(cr, fs, chart.zone, true);
  stroke_series(cr, loss, gap, fs, st.top, k_p95, 0.8, true);
  if (chart.committed_loss_pct)
    horizontal_line(cr, fs, *chart.committed_loss_pct, st.top, k_committed);
  cairo_restore(cr);
}

}  // namespace ill::report
