#include "report/render.hpp"

#include "core/markup_text.hpp"

#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>

#include <atomic>
#include <cmath>
#include <functional>

namespace ill::report {
namespace {

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

std::string replace_all(const std::string& text, std::string_view what, const std::string& with) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t at = 0;
  for (std::size_t hit; (hit = text.find(what, at)) != std::string::npos; at = hit + what.size()) {
    out.append(text, at, hit - at);
    out += with;
  }
  out.append(text, at);
  return out;
}

void paint_white(cairo_t* cr) {
  cairo_save(cr);
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  cairo_restore(cr);
}

std::string svg_of(const std::function<void(cairo_t*)>& paint, Size size, std::string_view title,
                   std::string_view id) {
  static std::atomic<unsigned> counter{0};
  const std::string prefix = id.empty() ? fmt::format("ill-chart-{}", ++counter) : std::string(id);
  std::string raw;
  cairo_surface_t* surface =
      cairo_svg_surface_create_for_stream(append, &raw, size.width, size.height);
  cairo_svg_surface_set_document_unit(surface, CAIRO_SVG_UNIT_PX);
  cairo_t* cr = cairo_create(surface);
  paint(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);

  // Prefix ids and their references; drop the XML declaration; label the root element.
  std::string out = replace_all(raw, "id=\"", "id=\"" + prefix + "-");
  out = replace_all(out, "href=\"#", "href=\"#" + prefix + "-");
  out = replace_all(out, "url(#", "url(#" + prefix + "-");
  if (out.rfind("<?xml", 0) == 0) out.erase(0, out.find('\n') + 1);
  const auto root = out.find("<svg");
  if (root != std::string::npos) {
    const auto end = out.find('>', root);
    const std::string label = xml_escape(title);
    out.insert(end, fmt::format(" id=\"{}\" role=\"img\" aria-label=\"{}\"", prefix, label));
    out.insert(out.find('>', root) + 1, fmt::format("\n<title>{}</title>", label));
  }
  return out;
}

std::string png_of(const std::function<void(cairo_t*)>& paint, Size size, double scale) {
  const int w = static_cast<int>(std::lround(size.width * scale));
  const int h = static_cast<int>(std::lround(size.height * scale));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  paint(cr);
  cairo_destroy(cr);
  std::string bytes;
  cairo_surface_write_to_png_stream(surface, append, &bytes);
  cairo_surface_destroy(surface);
  return bytes;
}

template <typename Chart>
std::function<void(cairo_t*)> painter(const Chart& chart, Size size) {
  return [&chart, size](cairo_t* cr) {
    paint_white(cr);
    draw(cr, chart, Box{4, 4, size.width - 8, size.height - 8});
  };
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_markup_escaped(out, text);
  return out;
}

std::string render_svg(const AvailabilityStrip& chart, Size size, std::string_view title,
                       std::string_view id) {
  return svg_of(painter(chart, size), size, title, id);
}
std::string render_svg(const TrafficChart& chart, Size size, std::string_view title,
                       std::string_view id) {
  return svg_of(painter(chart, size), size, title, id);
}
std::string render_svg(const QualityChart& chart, Size size, std::string_view title,
                       std::string_view id) {
  return svg_of(painter(chart, size), size, title, id);
}

std::string render_png(const AvailabilityStrip& chart, Size size, double scale) {
  return png_of(painter(chart, size), size, scale);
}
std::string render_png(const TrafficChart& chart, Size size, double scale) {
  return png_of(painter(chart, size), size, scale);
}
std::string render_png(const QualityChart& chart, Size size, double scale) {
  return png_of(painter(chart, size), size, scale);
}

}  // namespace ill::report
