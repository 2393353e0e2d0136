// The portal's graphs as inline SVG. The one place that draws them: when the shared chart
// module of lib/report/ lands, these two functions call it instead.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ill::portal {

struct GraphSeries {
  std::string name;
  std::string colour;                                                  // CSS colour
  std::vector<std::pair<std::int64_t, std::optional<double>>> points;  // (unix s, value)
};

struct GraphLine {  // a horizontal reference: committed speed, 95th percentile
  std::string name;
  std::string colour;
  double value = 0;
};

struct Graph {
  std::string title;  // also the SVG's accessible <title>
  std::string unit;   // "Mbps", "ms", "%"
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::vector<GraphSeries> series;
  std::vector<GraphLine> lines;
};

std::string render_graph(const Graph& graph);

struct StripSpan {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::string state;  // up | down | unknown
};

// The availability strip over [from, to): one coloured band per span.
std::string render_strip(const std::vector<StripSpan>& spans, std::int64_t from, std::int64_t to,
                         const std::string& title);

}  // namespace ill::portal
