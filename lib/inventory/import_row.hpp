// The pieces of the inventory CSV import that read one row: cells by column name, typed with
// every bad cell reported against its line and column (Row), text helpers, and what changed
// between a stored object and its row (the importer's "updated: host, port").
#pragma once

#include "inventory/csv_reader.hpp"
#include "inventory/importer.hpp"
#include "inventory/validation.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ill::inventory::detail {

std::string lower(std::string_view text);
std::string trim(std::string_view text);
// "a@x.org, b@x.org; c@x.org" as its items (commas, semicolons, spaces or newlines between).
std::vector<std::string> split_list(std::string_view text);

// One data row: its cells by column name, and the errors found in it.
class Row {
public:
  Row(const CsvRecord& record, const std::vector<std::string>& header,
      std::vector<ImportError>& errors)
      : m_line(record.line), m_errors(errors) {
    for (std::size_t i = 0; i < header.size(); ++i)
      m_cells[header[i]] = i < record.fields.size() ? trim(record.fields[i]) : std::string();
    if (record.fields.size() > header.size()) {
      for (std::size_t i = header.size(); i < record.fields.size(); ++i)
        if (!trim(record.fields[i]).empty())
          error("", fmt::format("more cells than the header has columns ({})", header.size()));
    }
  }

  std::size_t line() const { return m_line; }
  bool has(std::string_view column) const { return m_cells.count(std::string(column)) > 0; }
  // The cell, when the column is present (possibly empty).
  const std::string* cell(std::string_view column) const {
    auto it = m_cells.find(std::string(column));
    return it == m_cells.end() ? nullptr : &it->second;
  }
  void error(std::string column, std::string message) {
    m_reported.push_back(column);
    m_errors.push_back({m_line, std::move(column), std::move(message)});
    ++m_error_count;
  }
  // Reports validation problems, except for columns already reported as unreadable.
  void errors(const std::vector<FieldError>& problems) {
    for (const auto& p : problems)
      if (std::find(m_reported.begin(), m_reported.end(), p.field) == m_reported.end())
        error(p.field, p.message);
  }
  std::size_t error_count() const { return m_error_count; }

  // Reads a present column into `out`; an empty cell means `empty_value`.
  void text(std::string_view column, std::string& out, const std::string& empty_value = {}) {
    if (auto* c = cell(column)) out = c->empty() ? empty_value : *c;
  }
  void opt_text(std::string_view column, std::optional<std::string>& out) {
    if (auto* c = cell(column)) out = c->empty() ? std::nullopt : std::optional<std::string>(*c);
  }
  void number(std::string_view column, double& out, double empty_value) {
    auto* c = cell(column);
    if (!c) return;
    if (c->empty()) {
      out = empty_value;
      return;
    }
    double value = 0;
    auto [end, ec] = std::from_chars(c->data(), c->data() + c->size(), value);
    if (ec != std::errc() || end != c->data() + c->size())
      error(std::string(column), fmt::format("'{}' is not a number", *c));
    else
      out = value;
  }
  template <typename Int>
  void integer(std::string_view column, std::optional<Int>& out) {
    auto* c = cell(column);
    if (!c) return;
    if (c->empty()) {
      out.reset();
      return;
    }
    long long value = 0;
    auto [end, ec] = std::from_chars(c->data(), c->data() + c->size(), value);
    if (ec != std::errc() || end != c->data() + c->size())
      error(std::string(column), fmt::format("'{}' is not a whole number", *c));
    else if (!std::in_range<Int>(value))
      // Checked before narrowing: 4294976024 must not become port 8728.
      error(std::string(column),
            fmt::format("'{}' is out of range ({} to {})", *c, std::numeric_limits<Int>::min(),
                        std::numeric_limits<Int>::max()));
    else
      out = static_cast<Int>(value);
  }
  void boolean(std::string_view column, bool& out) {
    auto* c = cell(column);
    if (!c) return;
    std::string v = lower(*c);
    if (v.empty() || v == "yes" || v == "y" || v == "true" || v == "1")
      out = true;
    else if (v == "no" || v == "n" || v == "false" || v == "0")
      out = false;
    else
      error(std::string(column), fmt::format("'{}' is not yes or no", *c));
  }

private:
  std::size_t m_line;
  std::map<std::string, std::string> m_cells;
  std::vector<ImportError>& m_errors;
  std::size_t m_error_count = 0;
  std::vector<std::string> m_reported;
};

// The names of the columns whose values differ between the stored object and the imported one.
std::vector<std::string> router_changes(const store::Router& a, const store::Router& b);
std::vector<std::string> client_changes(const store::Client& a, const store::Client& b);
std::vector<std::string> link_changes(const store::Link& a, const store::Link& b);

}  // namespace ill::inventory::detail
