// Text on a cairo surface, laid out by Pango: one place that knows fonts, so the charts and the
// documents measure and draw text the same way on PDF, SVG and PNG surfaces.
//
// Decisions:
// - The family list is "DejaVu Sans, Noto Sans": Pango picks the first that has a glyph, and
//   fontconfig falls back further (Noto Sans Devanagari, Noto Naskh Arabic, Noto Sans CJK) for
//   scripts neither has, so a client's name in any script renders, from Debian's font packages.
// - Sizes are in points of the surface (1 unit = 1 pt on PDF, 1 px on PNG and SVG).
// - Text never wraps unless a width is given; `max_width` with Wrap::none ellipsizes instead,
//   so a long name cannot run out of its cell.
// - Text that is measured before it is drawn (a table cell, a centred label) is shaped once:
//   ShapedText keeps Pango's layout from the measuring and draws that.
// - Each cairo context keeps one Pango context for all its text (updated to the context's
//   transformation before each use) and every text it has shaped, by the text, what of its
//   style lays it out (size, weight, width, wrapping, lines) and the transformation: a PDF
//   repeats most of its labels (day numbers, axis ticks, legends), each shaped once.
#pragma once

#include <cairo.h>

#include <string_view>

// Pango's layout, declared as pango-layout.h does, so that users need not see Pango's headers.
typedef struct _PangoLayout PangoLayout;  // NOLINT(modernize-use-using): the C declaration

namespace ill::report {

enum class Align { left, center, right };
enum class Weight { normal, bold };
enum class Wrap { none, words };

struct TextStyle {
  double size = 8;  // points
  Weight weight = Weight::normal;
  Align align = Align::left;
  Wrap wrap = Wrap::none;
  double max_width = -1;  // < 0: unbounded
  int max_lines = 0;      // with Wrap::words: at most this many lines, the last ellipsized
  double r = 0.13, g = 0.13, b = 0.13;
};

struct TextExtent {
  double width = 0;
  double height = 0;
};

// `text` laid out in `style` for `cr`: its extent known, drawn as often as needed without being
// shaped again. Drawn on the cairo context it was made for (or one of the same surface type and
// transformation).
class ShapedText {
public:
  ShapedText(cairo_t* cr, std::string_view text, const TextStyle& style);
  ~ShapedText();
  ShapedText(ShapedText&& other) noexcept;
  ShapedText& operator=(ShapedText&& other) noexcept;
  ShapedText(const ShapedText&) = delete;
  ShapedText& operator=(const ShapedText&) = delete;

  const TextExtent& extent() const { return m_extent; }
  // Draws it with its top at `y`; `x` is its left edge, centre or right edge by `align`, in the
  // style's colour. Returns its extent.
  TextExtent draw(cairo_t* cr, double x, double y, Align align) const;
  TextExtent draw(cairo_t* cr, double x, double y) const { return draw(cr, x, y, m_style.align); }

private:
  PangoLayout* m_layout = nullptr;
  TextStyle m_style;
  TextExtent m_extent;
};

// Draws `text` with its top at `y`; `x` is its left edge, centre or right edge by `style.align`.
// Returns its extent.
TextExtent draw_text(cairo_t* cr, double x, double y, std::string_view text,
                     const TextStyle& style);

}  // namespace ill::report
