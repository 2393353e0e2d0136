// Pages of an A4 PDF with a running cursor: paragraphs, charts in boxes and tables that split
// across pages with their header repeated, a footer on every page. Only layout; what goes on the
// pages is month_pdf's.
//
// Decisions:
// - A4 portrait, 1 unit = 1 pt, 40 pt margins; the footer sits in the bottom margin.
// - Nothing is drawn outside the content box: text wraps (or is ellipsized) to its width, a
//   block that does not fit the rest of a page starts the next one, and a table row never
//   splits (its cells are capped at a few lines, so a row always fits a page).
// - The footer reads "<ISP> · <left text>" on the left and "Page N" on the right.
#pragma once

#include "report/chart.hpp"
#include "report/text.hpp"

#include <cairo.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ill::report {

inline constexpr double k_a4_width = 595.276;
inline constexpr double k_a4_height = 841.89;

struct Column {
  std::string header;
  double width = 1;  // relative to the other columns
  Align align = Align::left;
};

class PdfLayout {
public:
  // `title` and `author` go into the PDF's metadata.
  PdfLayout(std::string footer, std::string_view title, std::string_view author);
  ~PdfLayout();
  PdfLayout(const PdfLayout&) = delete;
  PdfLayout& operator=(const PdfLayout&) = delete;

  cairo_t* cr() const { return m_cr; }
  const Box& content() const { return m_content; }
  double y() const { return m_y; }
  double space_left() const { return m_content.y + m_content.height - m_y; }
  int page() const { return m_page; }

  void new_page();
  // Starts a new page unless `height` fits on this one.
  void need(double height);
  void skip(double height) { m_y += height; }
  // A paragraph at the cursor, wrapped to the content width (always left-aligned).
  void paragraph(std::string_view text, TextStyle style);
  // A box of `height` for a chart, across the content width; returns where to draw.
  Box block(double height);
  // A table; the header is repeated on every page it runs onto.
  void table(const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows,
             double font_size = 7);

  // Ends the last page and returns the PDF's bytes.
  std::string finish();

private:
  // A row's cells shaped once: measured for the row's height, then drawn.
  struct ShapedRow {
    std::vector<ShapedText> cells;
    double height = 0;
  };

  void footer();
  ShapedRow shape_row(const std::vector<double>& widths, const std::vector<std::string>& cells,
                      const TextStyle& style) const;
  void draw_row(const std::vector<double>& widths, const std::vector<Column>& columns,
                const ShapedRow& row, bool header, bool shaded);

  std::string m_bytes;
  std::string m_footer;
  cairo_surface_t* m_surface = nullptr;
  cairo_t* m_cr = nullptr;
  Box m_content;
  double m_y = 0;
  int m_page = 1;
  bool m_finished = false;
};

}  // namespace ill::report
