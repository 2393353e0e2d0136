// A chart as bytes: SVG to embed inline in HTML (the portal), PNG, or drawn into a box of a PDF
// page with draw() (chart.hpp). All three go through the same draw().
//
// Decisions:
// - The SVG has no XML declaration (it is embedded in HTML), role="img", an aria-label and a
//   <title> with `title`; every id cairo writes (glyphs, clips, patterns) is prefixed with `id`
//   and the references rewritten, so two charts on one page do not share ids. Without an `id`,
//   "ill-chart-N" with N counting up in this process.
// - Sizes are in CSS pixels (SVG) or pixels (PNG, times `scale` for sharp high-DPI images).
#pragma once

#include "report/chart.hpp"

#include <string>
#include <string_view>

namespace ill::report {

struct Size {
  double width = 640;
  double height = 200;
};

std::string render_svg(const AvailabilityStrip& chart, Size size, std::string_view title,
                       std::string_view id = {});
std::string render_svg(const TrafficChart& chart, Size size, std::string_view title,
                       std::string_view id = {});
std::string render_svg(const QualityChart& chart, Size size, std::string_view title,
                       std::string_view id = {});

std::string render_png(const AvailabilityStrip& chart, Size size, double scale = 1);
std::string render_png(const TrafficChart& chart, Size size, double scale = 1);
std::string render_png(const QualityChart& chart, Size size, double scale = 1);

// Escapes &, <, >, " and ' for XML text and attributes.
std::string xml_escape(std::string_view text);

}  // namespace ill::report
