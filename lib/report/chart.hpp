// Charts of a link: plain data in, drawn by one code path (draw()) onto any cairo surface, so a
// PDF page, an SVG for the portal and a PNG show the same picture.
//
// Decisions:
// - Times are UTC instants; the axes are labelled in `zone` (the client's), which must be set.
// - The availability strip has one column per local day of `range` (its first local day to the
//   local day of its last second). A column is as tall as that day is long (23 h and 25 h on DST
//   days), at one scale for the whole strip: the longest day fills the plot height. Inside a
//   column, time runs down from local midnight; each span is drawn at its exact seconds, so a
//   one-minute outage is one minute of the column. Time no span covers is `unknown`.
// - Spans are drawn in order, maintenance last, so maintenance shows over what happened in it.
// - A series point with no value breaks its line (no interpolation across gaps); so does a gap
//   longer than three times the smallest step between points.
// - Committed and 95th-percentile lines are drawn only when given; the y axis always includes
//   them, so they are never off the chart.
#pragma once

#include "sla/interval.hpp"

#include <date/tz.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

// cairo's context, declared as cairo.h does: users of the charts need not see cairo's headers
// (libill links Cairo and Pango privately).
typedef struct _cairo cairo_t;  // NOLINT(modernize-use-using): the C declaration, verbatim

namespace ill::report {

enum class SpanState { up, down, unknown, maintenance };
std::string_view to_string(SpanState state);

struct StateSpan {
  std::chrono::sys_seconds from;
  std::chrono::sys_seconds to;
  SpanState state = SpanState::unknown;
  friend bool operator==(const StateSpan&, const StateSpan&) = default;
};

struct AvailabilityStrip {
  sla::TimeRange range;  // usually the SLA period
  const date::time_zone* zone = nullptr;
  std::vector<StateSpan> spans;  // by time, need not cover the range
};

struct TrafficPoint {
  std::chrono::sys_seconds t;
  std::optional<double> in_bps;
  std::optional<double> out_bps;
};

struct TrafficChart {
  sla::TimeRange range;
  const date::time_zone* zone = nullptr;
  std::vector<TrafficPoint> points;  // by time
  std::optional<double> committed_bps;
  std::optional<double> p95_bps;
};

struct QualityPoint {
  std::chrono::sys_seconds t;
  std::optional<double> latency_ms;
  std::optional<double> loss_pct;
};

// Latency (upper panel) and loss (lower panel) over the same time axis.
struct QualityChart {
  sla::TimeRange range;
  const date::time_zone* zone = nullptr;
  std::vector<QualityPoint> points;  // by time
  std::optional<double> committed_latency_ms;
  std::optional<double> committed_loss_pct;
};

// Where to draw, in surface units.
struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// RGB of each state's colour, 0-255: what a test reads back from a PNG.
struct Rgb {
  unsigned char r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb&, const Rgb&) = default;
};
Rgb colour_of(SpanState state);
inline constexpr Rgb k_traffic_in{46, 139, 87};
inline constexpr Rgb k_traffic_out{44, 106, 180};
inline constexpr Rgb k_committed{200, 40, 40};
inline constexpr Rgb k_p95{230, 140, 20};

// The inner plot area draw() uses for `box` (without axes, labels and legend): what a test
// needs to find a minute's pixel.
Box plot_area(const AvailabilityStrip& chart, const Box& box);
// The local days of a strip's columns, with their start and length in seconds.
struct StripDay {
  date::local_days day;
  std::chrono::sys_seconds start;
  std::int64_t length_s = 0;
};
std::vector<StripDay> strip_days(const AvailabilityStrip& chart);

// Draws the chart into `box` of `cr`; leaves the cairo state as it found it.
void draw(cairo_t* cr, const AvailabilityStrip& chart, const Box& box);
void draw(cairo_t* cr, const TrafficChart& chart, const Box& box);
void draw(cairo_t* cr, const QualityChart& chart, const Box& box);

}  // namespace ill::report
