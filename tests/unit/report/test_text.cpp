// Text on cairo: each cairo context keeps the text it has shaped and reuses it, which must give
// what shaping it afresh gives, whatever the style, width and transformation.
#include "report/text.hpp"

#include <cairo.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <vector>

using namespace ill::report;

namespace {

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

struct Canvas {
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface{
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 120)};
  std::unique_ptr<cairo_t, ContextDeleter> cr{cairo_create(surface.get())};

  void clear() {
    cairo_save(cr.get());
    cairo_identity_matrix(cr.get());
    cairo_set_source_rgb(cr.get(), 1, 1, 1);
    cairo_paint(cr.get());
    cairo_restore(cr.get());
  }
  std::vector<unsigned char> pixels() {
    cairo_surface_flush(surface.get());
    const auto* data = cairo_image_surface_get_data(surface.get());
    const auto size = static_cast<std::size_t>(cairo_image_surface_get_stride(surface.get()) *
                                               cairo_image_surface_get_height(surface.get()));
    return {data, data + size};
  }
};

TextStyle styled(double size, Weight weight, double max_width, Wrap wrap, int max_lines) {
  TextStyle s;
  s.size = size;
  s.weight = weight;
  s.max_width = max_width;
  s.wrap = wrap;
  s.max_lines = max_lines;
  return s;
}

}  // namespace

TEST_CASE("text shaped again on one cairo context measures and draws as on a fresh one",
          "[unit][report]") {
  const std::string text = "Availability 99.95 % of 99.5 % committed";
  const std::vector<TextStyle> styles = {
      styled(8, Weight::normal, -1, Wrap::none, 0),     styled(8, Weight::bold, -1, Wrap::none, 0),
      styled(7.5, Weight::normal, 60, Wrap::none, 0),    // ellipsized
      styled(7.5, Weight::normal, 60, Wrap::words, 2),   // two lines, the second ellipsized
      styled(7.5, Weight::normal, 120, Wrap::words, 4),  // wraps once
      styled(7.5, Weight::normal, 400, Wrap::words, 4),  // one line: only the width differs
  };
  // One context for everything, shaping each text in each style at each scale in turn (an image
  // surface hints its metrics, so a text's extent depends on the scale).
  Canvas shared;
  for (const double scale : {1.0, 2.5, 1.0}) {
    for (const auto& style : styles) {
      cairo_identity_matrix(shared.cr.get());
      cairo_scale(shared.cr.get(), scale, scale);
      const ShapedText reused(shared.cr.get(), text, style);

      Canvas fresh;
      cairo_scale(fresh.cr.get(), scale, scale);
      const ShapedText once(fresh.cr.get(), text, style);
      INFO("scale " << scale << ", size " << style.size << ", width " << style.max_width);
      CHECK(reused.extent().width == once.extent().width);
      CHECK(reused.extent().height == once.extent().height);

      shared.clear();
      fresh.clear();
      reused.draw(shared.cr.get(), 4, 4);
      once.draw(fresh.cr.get(), 4, 4);
      CHECK(shared.pixels() == fresh.pixels());
    }
  }
  // The widths and line limits are part of what is reused: an ellipsized or wrapped text is
  // narrower than the whole line, and two lines are lower than four.
  Canvas c;
  const double whole = ShapedText(c.cr.get(), text, styles[0]).extent().width;
  CHECK(ShapedText(c.cr.get(), text, styles[2]).extent().width < whole);
  CHECK(ShapedText(c.cr.get(), text, styles[4]).extent().width < whole);
  CHECK(ShapedText(c.cr.get(), text, styles[4]).extent().height >
        ShapedText(c.cr.get(), text, styles[5]).extent().height);
  CHECK(ShapedText(c.cr.get(), text, styles[3]).extent().height <
        ShapedText(c.cr.get(), text + " " + text + " " + text, styles[4]).extent().height);
}

TEST_CASE("draw_text in a style's colour and alignment puts the text where it says",
          "[unit][report]") {
  Canvas c;
  c.clear();
  TextStyle style;
  style.size = 12;
  style.r = 1;
  style.g = style.b = 0;
  style.align = Align::right;
  const auto extent = draw_text(c.cr.get(), 200, 10, "WWWW", style);
  REQUIRE(extent.width > 20);
  // Red ink left of x = 200 and none right of it.
  const auto pixels = c.pixels();
  const int stride = cairo_image_surface_get_stride(c.surface.get());
  bool red_left = false;
  bool ink_right = false;
  for (int y = 10; y < 10 + static_cast<int>(extent.height); ++y)
    for (int x = 0; x < 400; ++x) {
      std::uint32_t v = 0;
      std::memcpy(&v, pixels.data() + y * stride + x * 4, 4);
      const bool ink = (v & 0xffffff) != 0xffffff;
      if (ink && x < 200 && (v >> 16 & 0xff) > 200 && (v & 0xff) < 100) red_left = true;
      if (ink && x > 201) ink_right = true;
    }
  CHECK(red_left);
  CHECK_FALSE(ink_right);
}
