#include "portal/graph.hpp"

#include "portal/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ill::portal {

namespace {

constexpr double k_width = 720;
constexpr double k_height = 200;
constexpr double k_left = 48;
constexpr double k_right = 8;
constexpr double k_top = 8;
constexpr double k_bottom = 22;

std::string number(double v) {
  if (v >= 100) return fmt::format("{:.0f}", v);
  if (v >= 10) return fmt::format("{:.1f}", v);
  return fmt::format("{:.2f}", v);
}

}  // namespace

std::string render_graph(const Graph& g) {
  double top = 0;
  for (const auto& s : g.series)
    for (const auto& [t, v] : s.points)
      if (v) top = std::max(top, *v);
  for (const auto& l : g.lines) top = std::max(top, l.value);
  top = top > 0 ? top * 1.1 : 1;
  const double span = g.to > g.from ? static_cast<double>(g.to - g.from) : 1;
  const double plot_w = k_width - k_left - k_right;
  const double plot_h = k_height - k_top - k_bottom;
  auto x = [&](std::int64_t t) { return k_left + plot_w * static_cast<double>(t - g.from) / span; };
  auto y = [&](double v) { return k_top + plot_h * (1 - v / top); };

  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "width=\"{}\" height=\"{}\"><title>",
      k_width, k_height, k_width, k_height);
  append_escaped(out, g.title);
  out += "</title>";
  out += fmt::format(
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fbfcfe\" "
      "stroke=\"#d8dee8\"/>",
      k_left, k_top, plot_w, plot_h);
  for (int i = 0; i <= 4; ++i) {
    double v = top * i / 4;
    out += fmt::format(
        "<text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" text-anchor=\"end\" "
        "fill=\"#5a6577\">{}</text>",
        k_left - 4, y(v) + 4, number(v));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5a6577\">", k_left,
                     k_height - 6);
  append_escaped(out, g.unit);
  out += "</text>";
  for (const auto& l : g.lines) {
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" "
        "stroke-dasharray=\"6 4\"><title>",
        k_left, k_left + plot_w, y(l.value), y(l.value), escape(l.colour));
    append_escaped(out, fmt::format("{} {} {}", l.name, number(l.value), g.unit));
    out += "</title></line>";
  }
  for (const auto& s : g.series) {
    std::string path;
    bool pen = false;
    for (const auto& [t, v] : s.points) {
      if (!v) {
        pen = false;
        continue;
      }
      path += fmt::format("{}{:.1f},{:.1f}", pen ? " L" : " M", x(t), y(*v));
      pen = true;
    }
    out += fmt::format("<path fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" d=\"{}\"><title>",
                       escape(s.colour), path.empty() ? "M0,0" : path);
    append_escaped(out, s.name);
    out += "</title></path>";
  }
  out += "</svg>";
  return out;
}

std::string render_strip(const std::vector<StripSpan>& spans, std::int64_t from, std::int64_t to,
                         const std::string& title) {
  const double span = to > from ? static_cast<double>(to - from) : 1;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} 24\" role=\"img\" "
      "width=\"{}\" height=\"24\"><title>",
      k_width, k_width);
  append_escaped(out, title);
  out += fmt::format("</title><rect x=\"0\" y=\"0\" width=\"{}\" height=\"24\" fill=\"#dfe4ea\"/>",
                     k_width);
  for (const auto& s : spans) {
    auto a = std::clamp(s.from, from, to);
    auto b = std::clamp(s.to, from, to);
    if (b <= a) continue;
    const char* colour = s.state == "up" ? "#2a9d4b" : s.state == "down" ? "#c0392b" : "#9aa5b1";
    out += fmt::format("<rect x=\"{:.2f}\" y=\"0\" width=\"{:.2f}\" height=\"24\" fill=\"{}\"/>",
                       k_width * static_cast<double>(a - from) / span,
                       std::max(0.5, k_width * static_cast<double>(b - a) / span), colour);
  }
  out += "</svg>";
  return out;
}

}  // namespace ill::portal
