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
#pragma once

#include <cairo.h>

#include <string_view>

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

// The size `text` takes in `style`.
TextExtent measure_text(cairo_t* cr, std::string_view text, const TextStyle& style);
// Draws `text` with its top at `y`; `x` is its left edge, centre or right edge by `style.align`.
// Returns its extent.
TextExtent draw_text(cairo_t* cr, double x, double y, std::string_view text,
                     const TextStyle& style);

}  // namespace ill::report
