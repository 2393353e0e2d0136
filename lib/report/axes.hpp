// What the charts share: ticks of a time axis in a zone, ticks of a value axis, units, colours.
// Pure, except draw helpers that take the cairo context.
#pragma once

#include "report/chart.hpp"
#include "sla/interval.hpp"

#include <cairo.h>
#include <date/tz.h>

#include <chrono>
#include <string>
#include <vector>

namespace ill::report {

struct TimeTick {
  std::chrono::sys_seconds t;
  std::string label;   // empty: a tick without a label
  bool major = false;  // a local midnight
};
// Ticks at local whole hours or local midnights of `zone` inside `range`, at most about
// `max_ticks`, labelled "HH:MM" (with the date at midnights) or "D Mon".
std::vector<TimeTick> time_ticks(const sla::TimeRange& range, const date::time_zone* zone,
                                 int max_ticks);

// "Nice" steps (1, 2, 5 x 10^n) from 0 to at least `max`, about `target` of them.
struct ValueTicks {
  double step = 1;
  double top = 1;  // the axis end: a multiple of step >= max
};
ValueTicks value_ticks(double max, int target);

// "950 kb/s", "12.5 Mb/s", "1 Gb/s": a rate with as many digits as its tick step needs.
std::string rate_label(double bps);
// "%g" with at most two decimals.
std::string number_label(double value);

void set_colour(cairo_t* cr, Rgb colour, double alpha = 1);

// The frame shared by the series charts: a plot area inside `box` with room for the labels.
struct Frame {
  Box plot;
  sla::TimeRange range;
  double x_of(std::chrono::sys_seconds t) const;
};
Frame frame_for(const Box& box, const sla::TimeRange& range, double left_margin,
                double legend_height);
// Grid, time ticks and their labels below the plot; the value axis with `labels` on the left.
void draw_time_axis(cairo_t* cr, const Frame& frame, const date::time_zone* zone, bool with_labels);
void draw_value_axis(cairo_t* cr, const Frame& frame, const ValueTicks& ticks,
                     std::string (*label)(double));
// One legend row at (x, y): a swatch and a text per entry; returns the width used.
struct LegendEntry {
  Rgb colour;
  std::string text;
  bool dashed = false;
};
double draw_legend(cairo_t* cr, double x, double y, const std::vector<LegendEntry>& entries);

// Breaks a series at missing values and at gaps longer than three smallest steps.
double gap_limit_s(const std::vector<std::chrono::sys_seconds>& times);

}  // namespace ill::report
