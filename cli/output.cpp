#include "output.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

namespace ill::cli {
namespace {

// Display width of UTF-8 text: counts code points, not bytes (good enough for names and numbers).
std::size_t display_width(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

Table::Table(std::vector<std::string> headers) : m_headers(std::move(headers)) {}

void Table::add_row(std::vector<std::string> cells) {
  cells.resize(m_headers.size());
  m_rows.push_back(std::move(cells));
}

std::string Table::render() const {
  std::vector<std::size_t> widths(m_headers.size());
  for (std::size_t i = 0; i < m_headers.size(); ++i) widths[i] = display_width(m_headers[i]);
  for (const auto& row : m_rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::string out;
  auto append_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - display_width(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line;
    out += '\n';
  };
  append_row(m_headers);
  for (const auto& row : m_rows) append_row(row);
  return out;
}

void Table::print() const { std::fputs(render().c_str(), stdout); }

void print_json(const nlohmann::json& value) {
  // Router data is bytes; invalid UTF-8 is replaced rather than thrown on.
  std::string text = value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  text += '\n';
  std::fputs(text.c_str(), stdout);
}

void Progress::operator()(std::size_t done, std::size_t total) {
  const auto now = std::chrono::steady_clock::now();
  if (!m_enabled || (done < total && now - m_last < std::chrono::milliseconds(100))) return;
  m_last = now;
  m_shown = true;
  std::fprintf(stderr, "\r%s: %zu of %zu %s", m_what.c_str(), done, total, m_unit.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (m_shown) std::fputs("\r\033[K", stderr);
  m_shown = false;
}

}  // namespace ill::cli
