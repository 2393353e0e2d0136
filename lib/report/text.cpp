#include "report/text.hpp"

#include <pango/pangocairo.h>

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

namespace ill::report {
namespace {

constexpr const char* k_families = "DejaVu Sans, Noto Sans";

struct FontDeleter {
  void operator()(PangoFontDescription* font) const { pango_font_description_free(font); }
};

// What a piece of text is laid out by (not its colour or where it goes), with the linear part
// of the transformation it was shaped under.
struct LayoutKey {
  std::string text;
  double size = 0;
  Weight weight = Weight::normal;
  Wrap wrap = Wrap::none;
  double max_width = 0;
  int max_lines = 0;
  double xx = 0, yx = 0, xy = 0, yy = 0;
  bool operator==(const LayoutKey&) const = default;
};

struct LayoutKeyHash {
  std::size_t operator()(const LayoutKey& k) const {
    std::size_t h = std::hash<std::string>()(k.text);
    for (const double d : {k.size, k.max_width, k.xx, k.yx, k.xy, k.yy})
      h = h * 31 + std::hash<double>()(d + 0.0);  // -0.0 == 0.0, so both hash alike
    return h * 31 + static_cast<std::size_t>(k.weight) * 7 + static_cast<std::size_t>(k.wrap) * 3 +
           static_cast<std::size_t>(k.max_lines);
  }
};

struct Shaped {
  PangoLayout* layout = nullptr;
  TextExtent extent;
};

// What a cairo context keeps for its text, freed with it: one Pango context, and each text it
// laid out (a document repeats most of its labels: day numbers, axis ticks, legends, "yes").
// Bounded, so a long-lived context does not grow without end.
class TextCache {
public:
  static constexpr std::size_t k_max_layouts = 8192;

  explicit TextCache(cairo_t* cr) : m_context(pango_cairo_create_context(cr)) {
    cairo_get_matrix(cr, &m_matrix);
  }
  ~TextCache() {
    for (auto& [key, shaped] : m_layouts) g_object_unref(shaped.layout);
    g_object_unref(m_context);
  }
  TextCache(const TextCache&) = delete;
  TextCache& operator=(const TextCache&) = delete;

  // The Pango context, set to cr's transformation when that changed (the font options are the
  // surface's, which do not). Only then: Pango counts every update as a change, and a change
  // makes every layout of the context shape its text again when it is next measured or drawn.
  PangoContext* context(cairo_t* cr) {
    cairo_matrix_t m;
    cairo_get_matrix(cr, &m);
    if (m.xx != m_matrix.xx || m.yx != m_matrix.yx || m.xy != m_matrix.xy || m.yy != m_matrix.yy) {
      pango_cairo_update_context(cr, m_context);
      m_matrix = m;
    }
    return m_context;
  }
  const Shaped* find(const LayoutKey& key) const {
    const auto it = m_layouts.find(key);
    return it == m_layouts.end() ? nullptr : &it->second;
  }
  // Keeps a reference to `shaped.layout` while there is room.
  void keep(LayoutKey key, const Shaped& shaped) {
    if (m_layouts.size() >= k_max_layouts) return;
    g_object_ref(shaped.layout);
    m_layouts.emplace(std::move(key), shaped);
  }

private:
  PangoContext* m_context;
  cairo_matrix_t m_matrix{};  // what m_context was last set to (its linear part counts)
  std::unordered_map<LayoutKey, Shaped, LayoutKeyHash> m_layouts;
};

cairo_user_data_key_t k_cache_key;

void delete_cache(void* cache) { delete static_cast<TextCache*>(cache); }

// The cache `cr` keeps, made on first use; null only without memory to attach it.
TextCache* cache_of(cairo_t* cr) {
  auto* cache = static_cast<TextCache*>(cairo_get_user_data(cr, &k_cache_key));
  if (cache != nullptr) return cache;
  auto made = std::make_unique<TextCache>(cr);
  if (cairo_set_user_data(cr, &k_cache_key, made.get(), delete_cache) != CAIRO_STATUS_SUCCESS)
    return nullptr;
  return made.release();
}

// A new layout for `cr`: in the Pango context its cache keeps, brought up to date with cr's
// transformation first, which is the layout pango_cairo_create_layout makes without a new
// context each time.
PangoLayout* new_layout(cairo_t* cr, TextCache* cache) {
  if (cache == nullptr) return pango_cairo_create_layout(cr);
  return pango_layout_new(cache->context(cr));
}

PangoLayout* make_layout(cairo_t* cr, TextCache* cache, std::string_view text,
                         const TextStyle& style) {
  PangoLayout* layout = new_layout(cr, cache);
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

// The same text in the same style under the same transformation is shaped once per cairo
// context and its layout shared: Pango lays a layout out again by itself should its context
// change.
Shaped shape(cairo_t* cr, std::string_view text, const TextStyle& style) {
  TextCache* cache = cache_of(cr);
  cairo_matrix_t m;
  cairo_get_matrix(cr, &m);
  LayoutKey key{std::string(text), style.size, style.weight, style.wrap, style.max_width,
                style.max_lines,   m.xx,       m.yx,         m.xy,       m.yy};
  if (cache != nullptr)
    if (const Shaped* found = cache->find(key)) {
      cache->context(cr);
      g_object_ref(found->layout);
      return *found;
    }
  Shaped shaped;
  shaped.layout = make_layout(cr, cache, text, style);
  shaped.extent = extent_of(shaped.layout);
  if (cache != nullptr) cache->keep(std::move(key), shaped);
  return shaped;
}

}  // namespace

ShapedText::ShapedText(cairo_t* cr, std::string_view text, const TextStyle& style)
    : m_style(style) {
  const Shaped shaped = shape(cr, text, style);
  m_layout = shaped.layout;
  m_extent = shaped.extent;
}

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
