#include "report/text.hpp"

#include <pango/pangocairo.h>

#include <memory>
#include <string>

namespace ill::report {
namespace {

constexpr const char* k_families = "DejaVu Sans, Noto Sans";

struct LayoutDeleter {
  void operator()(PangoLayout* layout) const { g_object_unref(layout); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, LayoutDeleter>;

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

LayoutPtr make_layout(cairo_t* cr, std::string_view text, const TextStyle& style) {
  LayoutPtr layout(pango_cairo_create_layout(cr));
  std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), k_families);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_font_description_set_weight(
      font.get(), style.weight == Weight::bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  if (style.max_width >= 0) {
    pango_layout_set_width(layout.get(), static_cast<int>(style.max_width * PANGO_SCALE));
    if (style.wrap == Wrap::words) {
      pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
      if (style.max_lines > 0) {
        pango_layout_set_height(layout.get(), -style.max_lines);
        pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
      }
    } else {
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
    }
  }
  return layout;
}

TextExtent extent_of(PangoLayout* layout) {
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  return {static_cast<double>(logical.width) / PANGO_SCALE,
          static_cast<double>(logical.height) / PANGO_SCALE};
}

}  // namespace

TextExtent measure_text(cairo_t* cr, std::string_view text, const TextStyle& style) {
  auto layout = make_layout(cr, text, style);
  return extent_of(layout.get());
}

TextExtent draw_text(cairo_t* cr, double x, double y, std::string_view text,
                     const TextStyle& style) {
  auto layout = make_layout(cr, text, style);
  const TextExtent e = extent_of(layout.get());
  double left = x;
  if (style.align == Align::center) left = x - e.width / 2;
  if (style.align == Align::right) left = x - e.width;
  cairo_save(cr);
  cairo_set_source_rgb(cr, style.r, style.g, style.b);
  cairo_move_to(cr, left, y);
  pango_cairo_show_layout(cr, layout.get());
  cairo_restore(cr);
  return e;
}

}  // namespace ill::report
