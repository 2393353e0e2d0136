#include "report/text.hpp"

#include <pango/pangocairo.h>

#include <memory>
#include <string>
#include <utility>

namespace ill::report {
namespace {

constexpr const char* k_families = "DejaVu Sans, Noto Sans";

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

cairo_user_data_key_t k_context_key;

void unref_context(void* context) { g_object_unref(context); }

// A new layout in the Pango context `cr` keeps for its text (made on first use, freed with `cr`),
// brought up to date with cr's transformation and font options first: the same layout
// pango_cairo_create_layout makes, without a new context each time.
PangoLayout* new_layout(cairo_t* cr) {
  auto* context = static_cast<PangoContext*>(cairo_get_user_data(cr, &k_context_key));
  if (context != nullptr) {
    pango_cairo_update_context(cr, context);
    return pango_layout_new(context);
  }
  context = pango_cairo_create_context(cr);
  PangoLayout* layout = pango_layout_new(context);
  // Without memory to keep it with `cr`, the layout alone holds the context.
  if (cairo_set_user_data(cr, &k_context_key, context, unref_context) != CAIRO_STATUS_SUCCESS)
    g_object_unref(context);
  return layout;
}

PangoLayout* make_layout(cairo_t* cr, std::string_view text, const TextStyle& style) {
  PangoLayout* layout = new_layout(cr);
  std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_new());
  pango_font_description_set_family(font.get(), k_families);
  pango_font_description_set_absolute_size(font.get(), style.size * PANGO_SCALE);
  pango_font_description_set_weight(
      font.get(), style.weight == Weight::bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font.get());
  pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
  if (style.max_width >= 0) {
    pango_layout_set_width(layout, static_cast<int>(style.max_width * PANGO_SCALE));
    if (style.wrap == Wrap::words) {
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
      if (style.max_lines > 0) {
        pango_layout_set_height(layout, -style.max_lines);
        pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
      }
    } else {
      pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
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

ShapedText::ShapedText(cairo_t* cr, std::string_view text, const TextStyle& style)
    : m_layout(make_layout(cr, text, style)), m_style(style), m_extent(extent_of(m_layout)) {}

ShapedText::~ShapedText() {
  if (m_layout != nullptr) g_object_unref(m_layout);
}

ShapedText::ShapedText(ShapedText&& other) noexcept
    : m_layout(std::exchange(other.m_layout, nullptr)),
      m_style(other.m_style),
      m_extent(other.m_extent) {}

ShapedText& ShapedText::operator=(ShapedText&& other) noexcept {
  if (this != &other) {
    if (m_layout != nullptr) g_object_unref(m_layout);
    m_layout = std::exchange(other.m_layout, nullptr);
    m_style = other.m_style;
    m_extent = other.m_extent;
  }
  return *this;
}

TextExtent ShapedText::draw(cairo_t* cr, double x, double y, Align align) const {
  double left = x;
  if (align == Align::center) left = x - m_extent.width / 2;
  if (align == Align::right) left = x - m_extent.width;
  cairo_save(cr);
  cairo_set_source_rgb(cr, m_style.r, m_style.g, m_style.b);
  cairo_move_to(cr, left, y);
  pango_cairo_show_layout(cr, m_layout);
  cairo_restore(cr);
  return m_extent;
}

TextExtent draw_text(cairo_t* cr, double x, double y, std::string_view text,
                     const TextStyle& style) {
  return ShapedText(cr, text, style).draw(cr, x, y);
}

}  // namespace ill::report
