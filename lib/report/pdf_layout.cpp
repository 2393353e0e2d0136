#include "report/pdf_layout.hpp"

#include <cairo-pdf.h>
#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <optional>

namespace ill::report {
namespace {

constexpr double k_margin = 40;
constexpr double k_cell_pad = 2.5;
constexpr int k_cell_lines = 4;

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

PdfLayout::PdfLayout(std::string footer, std::string_view title, std::string_view author)
    : m_footer(std::move(footer)),
      m_content{k_margin, k_margin, k_a4_width - 2 * k_margin, k_a4_height - 2 * k_margin - 10} {
  m_surface = cairo_pdf_surface_create_for_stream(append, &m_bytes, k_a4_width, k_a4_height);
  cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_TITLE, std::string(title).c_str());
  cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_AUTHOR, std::string(author).c_str());
  cairo_pdf_surface_set_metadata(m_surface, CAIRO_PDF_METADATA_CREATOR, "ill");
  m_cr = cairo_create(m_surface);
  m_y = m_content.y;
}

PdfLayout::~PdfLayout() {
  if (m_cr) cairo_destroy(m_cr);
  if (m_surface) cairo_surface_destroy(m_surface);
}

void PdfLayout::footer() {
  TextStyle style;
  style.size = 7;
  style.r = style.g = style.b = 0.4;
  const double y = k_a4_height - k_margin + 8;
  cairo_save(m_cr);
  cairo_set_source_rgb(m_cr, 0.8, 0.8, 0.8);
  cairo_set_line_width(m_cr, 0.5);
  cairo_move_to(m_cr, m_content.x, y - 4);
  cairo_line_to(m_cr, m_content.x + m_content.width, y - 4);
  cairo_stroke(m_cr);
  cairo_restore(m_cr);
  const auto page = fmt::format("Page {}", m_page);
  TextStyle right = style;
  right.align = Align::right;
  const double page_w = draw_text(m_cr, m_content.x + m_content.width, y, page, right).width;
  TextStyle left = style;
  left.max_width = m_content.width - page_w - 20;
  draw_text(m_cr, m_content.x, y, m_footer, left);
}

void PdfLayout::new_page() {
  footer();
  cairo_show_page(m_cr);
  ++m_page;
  m_y = m_content.y;
}

void PdfLayout::need(double height) {
  if (m_y > m_content.y && height > space_left()) new_page();
}

void PdfLayout::paragraph(std::string_view text, TextStyle style) {
  style.max_width = m_content.width;
  style.wrap = Wrap::words;
  style.align = Align::left;
  const ShapedText shaped(m_cr, text, style);
  need(shaped.extent().height);
  shaped.draw(m_cr, m_content.x, m_y);
  m_y += shaped.extent().height;
}

Box PdfLayout::block(double height) {
  need(height);
  Box box{m_content.x, m_y, m_content.width, height};
  m_y += height;
  return box;
}

PdfLayout::ShapedRow PdfLayout::shape_row(const std::vector<double>& widths,
                                          const std::vector<std::string>& cells,
                                          const TextStyle& style) const {
  ShapedRow row;
  row.cells.reserve(widths.size());
  double h = 0;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    TextStyle s = style;
    s.max_width = widths[i] - 2 * k_cell_pad;
    s.wrap = Wrap::words;
    s.max_lines = k_cell_lines;
    s.align = Align::left;
    row.cells.emplace_back(m_cr,
                           i < cells.size() ? std::string_view(cells[i]) : std::string_view(""), s);
    if (i < cells.size()) h = std::max(h, row.cells.back().extent().height);
  }
  row.height = h + 2 * k_cell_pad;
  return row;
}

void PdfLayout::draw_row(const std::vector<double>& widths, const std::vector<Column>& columns,
                         const ShapedRow& row, bool header, bool shaded) {
  cairo_save(m_cr);
  if (header || shaded) {
    if (header)
      cairo_set_source_rgb(m_cr, 0.88, 0.90, 0.93);
    else
      cairo_set_source_rgb(m_cr, 0.965, 0.97, 0.975);
    cairo_rectangle(m_cr, m_content.x, m_y, m_content.width, row.height);
    cairo_fill(m_cr);
  }
  cairo_restore(m_cr);
  double x = m_content.x;
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const ShapedText& cell = row.cells[i];
    double left = x + k_cell_pad;
    if (columns[i].align == Align::right)
      left = x + widths[i] - k_cell_pad - cell.extent().width;
    else if (columns[i].align == Align::center)
      left = x + (widths[i] - cell.extent().width) / 2;
    cell.draw(m_cr, left, m_y + k_cell_pad);
    x += widths[i];
  }
  m_y += row.height;
}

void PdfLayout::table(const std::vector<Column>& columns,
                      const std::vector<std::vector<std::string>>& rows, double font_size) {
  const double total = std::accumulate(columns.begin(), columns.end(), 0.0,
                                       [](double a, const Column& c) { return a + c.width; });
  std::vector<double> widths;
  for (const auto& c : columns) widths.push_back(m_content.width * c.width / total);
  std::vector<std::string> headers;
  for (const auto& c : columns) headers.push_back(c.header);
  TextStyle header_style;
  header_style.size = font_size;
  header_style.weight = Weight::bold;
  TextStyle body;
  body.size = font_size;
  // The header is shaped once and drawn on every page the table runs onto.
  const ShapedRow header = shape_row(widths, headers, header_style);

  std::optional<ShapedRow> first;
  if (!rows.empty()) first = shape_row(widths, rows.front(), body);
  need(header.height + (first ? first->height : 0));
  draw_row(widths, columns, header, true, false);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const ShapedRow row = r == 0 ? std::move(*first) : shape_row(widths, rows[r], body);
    if (row.height > space_left()) {
      new_page();
      draw_row(widths, columns, header, true, false);
    }
    draw_row(widths, columns, row, false, r % 2 == 1);
  }
}

std::string PdfLayout::finish() {
  if (!m_finished) {
    footer();
    cairo_show_page(m_cr);
    cairo_destroy(m_cr);
    m_cr = nullptr;
    cairo_surface_finish(m_surface);
    cairo_surface_destroy(m_surface);
    m_surface = nullptr;
    m_finished = true;
  }
  return std::move(m_bytes);
}

}  // namespace ill::report
