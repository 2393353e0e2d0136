// Charts: the strip's days in a DST zone, what the SVG carries for the portal, and PNG pixels
// where the data says a minute was down or up.
#include "report/axes.hpp"
#include "report/chart.hpp"
#include "report/render.hpp"

#include <cairo.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <regex>
#include <set>

using namespace ill;
using namespace std::chrono;
using date::local_days;

namespace {

const date::time_zone* berlin() { return date::locate_zone("Europe/Berlin"); }

sys_seconds local(const date::time_zone* zone, date::year_month_day day, hours h,
                  minutes m = minutes(0)) {
  return zone->to_sys(date::local_days(day) + h + m);
}

sla::TimeRange month_of(const date::time_zone* zone, date::year_month ym) {
  return {zone->to_sys(date::local_days(ym / 1)),
          zone->to_sys(date::local_days((ym + date::months(1)) / 1))};
}

struct PngReader {
  std::string bytes;
  std::size_t at = 0;
  static cairo_status_t read(void* closure, unsigned char* data, unsigned int length) {
    auto* self = static_cast<PngReader*>(closure);
    if (self->at + length > self->bytes.size()) return CAIRO_STATUS_READ_ERROR;
    std::memcpy(data, self->bytes.data() + self->at, length);
    self->at += length;
    return CAIRO_STATUS_SUCCESS;
  }
};

// A decoded PNG.
class Image {
public:
  explicit Image(const std::string& png) {
    PngReader reader{png};
    m_surface = cairo_image_surface_create_from_png_stream(PngReader::read, &reader);
    REQUIRE(cairo_surface_status(m_surface) == CAIRO_STATUS_SUCCESS);
    cairo_surface_flush(m_surface);
  }
  ~Image() { cairo_surface_destroy(m_surface); }
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  report::Rgb at(double x, double y) const {
    const int stride = cairo_image_surface_get_stride(m_surface);
    const unsigned char* data = cairo_image_surface_get_data(m_surface);
    std::uint32_t v = 0;
    std::memcpy(&v, data + static_cast<int>(y) * stride + static_cast<int>(x) * 4, 4);
    return {static_cast<unsigned char>(v >> 16), static_cast<unsigned char>(v >> 8),
            static_cast<unsigned char>(v)};
  }

private:
  cairo_surface_t* m_surface = nullptr;
};

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("the strip has a column per local day, DST days 23 and 25 hours long", "[unit][report]") {
  const auto* zone = berlin();
  report::AvailabilityStrip march{month_of(zone, date::year(2026) / 3), zone, {}};
  auto days = report::strip_days(march);
  REQUIRE(days.size() == 31);
  for (const auto& d : days) {
    const bool dst = d.day == date::local_days(date::year(2026) / 3 / 29);
    CHECK(d.length_s == (dst ? 23 : 24) * 3600);
  }
  report::AvailabilityStrip october{month_of(zone, date::year(2026) / 10), zone, {}};
  days = report::strip_days(october);
  REQUIRE(days.size() == 31);
  CHECK(days[24].length_s == 25 * 3600);  // 25 October
  CHECK(days[23].length_s == 24 * 3600);
  report::AvailabilityStrip february{month_of(zone, date::year(2026) / 2), zone, {}};
  CHECK(report::strip_days(february).size() == 28);
}

TEST_CASE("a down minute is drawn in the down colour, at its local time", "[unit][report]") {
  const auto* zone = berlin();
  const auto range = month_of(zone, date::year(2026) / 10);
  report::AvailabilityStrip strip{range, zone, {}};
  strip.spans.push_back({range.from, range.to, report::SpanState::up});
  // On the 25 h day, 02:00-04:00 local after the clocks went back: the second 02:00 hour.
  const auto day = date::year(2026) / 10 / 25;
  const auto down_from = local(zone, day, hours(0)) + hours(3);  // 3 h after midnight
  strip.spans.push_back({down_from, down_from + hours(2), report::SpanState::down});
  // Maintenance on the 10th, 12:00-14:00, over an up span.
  const auto m_from = local(zone, date::year(2026) / 10 / 10, hours(12));
  strip.spans.push_back({m_from, m_from + hours(2), report::SpanState::maintenance});

  const report::Size size{620, 300};
  const std::string png = report::render_png(strip, size);
  REQUIRE(png.substr(1, 3) == "PNG");
  const Image image(png);
  const report::Box plot =
      report::plot_area(strip, report::Box{4, 4, size.width - 8, size.height - 8});
  const auto days = report::strip_days(strip);
  const double column = plot.width / static_cast<double>(days.size());
  const double per_s = plot.height / (25.0 * 3600);  // the longest day fills the plot
  const auto at = [&](std::size_t index, sys_seconds t) {
    const double x = plot.x + column * (static_cast<double>(index) + 0.5);
    const double y = plot.y + per_s * static_cast<double>((t - days[index].start).count());
    return image.at(x, y);
  };
  CHECK(at(24, down_from + hours(1)) == report::colour_of(report::SpanState::down));
  CHECK(at(24, down_from - hours(1)) == report::colour_of(report::SpanState::up));
  CHECK(at(24, down_from + hours(3)) == report::colour_of(report::SpanState::up));
  CHECK(at(9, m_from + hours(1)) == report::colour_of(report::SpanState::maintenance));
  CHECK(at(9, m_from - hours(1)) == report::colour_of(report::SpanState::up));
  // The 24 h columns stop above the last hour of the 25 h one.
  const double below_24h = plot.y + per_s * (24.5 * 3600);
  const double x23 = plot.x + column * 23.5;
  const double x24 = plot.x + column * 24.5;
  CHECK(image.at(x24, below_24h) == report::colour_of(report::SpanState::up));
  CHECK_FALSE(image.at(x23, below_24h) == report::colour_of(report::SpanState::up));
}

TEST_CASE("time not covered by a span is unknown", "[unit][report]") {
  const auto* zone = date::locate_zone("Asia/Kolkata");
  const auto range = month_of(zone, date::year(2026) / 4);
  report::AvailabilityStrip strip{range, zone, {}};
  strip.spans.push_back({range.from, range.from + days(15), report::SpanState::up});
  const report::Size size{400, 200};
  const Image image(report::render_png(strip, size));
  const auto plot = report::plot_area(strip, {4, 4, size.width - 8, size.height - 8});
  const double column = plot.width / 30;
  CHECK(image.at(plot.x + column * 3.5, plot.y + plot.height / 2) ==
        report::colour_of(report::SpanState::up));
  CHECK(image.at(plot.x + column * 20.5, plot.y + plot.height / 2) ==
        report::colour_of(report::SpanState::unknown));
}

TEST_CASE("an SVG chart embeds inline: labelled, a column per day, its own ids", "[unit][report]") {
  const auto* zone = berlin();
  const auto range = month_of(zone, date::year(2026) / 3);
  report::AvailabilityStrip strip{range, zone, {}};
  // One up span per day, so each column has exactly one up fill (plus the legend's swatch).
  for (auto d = date::local_days(date::year(2026) / 3 / 1);
       d < date::local_days(date::year(2026) / 4 / 1); d += date::days(1))
    strip.spans.push_back(
        {zone->to_sys(d), zone->to_sys(d + date::days(1)), report::SpanState::up});
  const std::string a = report::render_svg(strip, {640, 220}, "Availability <acme> & co", "a");
  const std::string b = report::render_svg(strip, {640, 220}, "Availability", "b");
  CHECK(a.rfind("<svg", 0) == 0);
  CHECK(a.find("<?xml") == std::string::npos);
  CHECK(a.find("<title>Availability &lt;acme&gt; &amp; co</title>") != std::string::npos);
  CHECK(a.find("role=\"img\"") != std::string::npos);
  CHECK(a.find("aria-label=\"Availability &lt;acme&gt; &amp; co\"") != std::string::npos);
  // cairo writes each fill's colour as percentages of 255.
  const std::string up = "fill:rgb(29.803922%,68.627451%,31.372549%)";
  CHECK(count(a, up) == 31 + 1);

  const std::regex id(R"re(\bid="([^"]+)")re");
  std::set<std::string> ids_a;
  for (std::sregex_iterator it(a.begin(), a.end(), id), end; it != end; ++it) {
    CHECK((*it)[1].str().rfind("a", 0) == 0);
    ids_a.insert((*it)[1].str());
  }
  for (std::sregex_iterator it(b.begin(), b.end(), id), end; it != end; ++it)
    CHECK(ids_a.count((*it)[1].str()) == 0);
  // Every reference points at an id of the same chart.
  const std::regex ref(R"re(href="#([^"]+)")re");
  std::size_t refs = 0;
  for (std::sregex_iterator it(a.begin(), a.end(), ref), end; it != end; ++it, ++refs)
    CHECK(ids_a.count((*it)[1].str()) == 1);
  CHECK(refs > 0);  // the day numbers and legend are glyphs used by reference
}

TEST_CASE("traffic chart: the committed and 95th-percentile lines are drawn", "[unit][report]") {
  const auto* zone = berlin();
  const auto from = local(zone, date::year(2026) / 5 / 4, hours(0));
  report::TrafficChart chart{{from, from + hours(24)}, zone, {}, 100e6, 60e6};
  for (int i = 0; i < 288; ++i) chart.points.push_back({from + minutes(5 * i), 20e6, 10e6});
  const report::Size size{600, 200};
  const Image image(report::render_png(chart, size));
  // The committed line is dashed: some pixel on its row, across the plot, is its colour.
  bool committed = false;
  bool p95 = false;
  for (int y = 10; y < 190 && !(committed && p95); ++y)
    for (int x = 100; x < 500; x += 1) {
      const auto px = image.at(x, y);
      committed = committed || px == report::k_committed;
      p95 = p95 || px == report::k_p95;
    }
  CHECK(committed);
  CHECK(p95);
  const std::string svg = report::render_svg(chart, size, "Traffic");
  CHECK(svg.find("ill-chart-") != std::string::npos);
}

TEST_CASE("time ticks fall on local midnights and hours across a DST change", "[unit][report]") {
  const auto* zone = berlin();
  const auto from = local(zone, date::year(2026) / 3 / 29, hours(0));
  const auto ticks = report::time_ticks({from, from + hours(23)}, zone, 8);
  REQUIRE(!ticks.empty());
  CHECK(ticks.front().t == from);
  CHECK(ticks.front().label == "29 Mar");
  // 3-hourly local ticks: 00, 03 (the jump skips 02:00-03:00), 06, ...; 03:00 is 2 h after 00:00.
  REQUIRE(ticks.size() >= 2);
  CHECK(ticks[1].label == "03:00");
  CHECK(ticks[1].t - ticks[0].t == hours(2));
  const auto month = month_of(zone, date::year(2026) / 3);
  const auto day_ticks = report::time_ticks(month, zone, 40);
  CHECK(day_ticks.size() == 31);
  const auto vt = report::value_ticks(87e6, 4);
  CHECK(vt.step == 20e6);
  CHECK(vt.top == 100e6);
  CHECK(report::rate_label(12.5e6) == "12.5 Mb/s");
}
