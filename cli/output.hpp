// Human tables and JSON on stdout: the two faces of every illctl listing.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ill::cli {

// An aligned text table: a header row, then one row per object; columns padded to the widest cell.
class Table {
public:
  explicit Table(std::vector<std::string> headers);
  void add_row(std::vector<std::string> cells);
  bool empty() const { return m_rows.empty(); }
  std::string render() const;
  void print() const;

private:
  std::vector<std::string> m_headers;
  std::vector<std::vector<std::string>> m_rows;
};

// "sla calculate: 4,200 of 10,000 links" on one line of the terminal (stderr), at most ten
// times a second; cleared by finish() or the destructor. Disabled: prints nothing.
class Progress {
public:
  Progress(std::string what, std::string unit, bool enabled)
      : m_what(std::move(what)), m_unit(std::move(unit)), m_enabled(enabled) {}
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void operator()(std::size_t done, std::size_t total);
  void finish();

private:
  std::string m_what;
  std::string m_unit;
  bool m_enabled;
  bool m_shown = false;
  std::chrono::steady_clock::time_point m_last{};
};

// Pretty-printed JSON followed by a newline.
void print_json(const nlohmann::json& value);

}  // namespace ill::cli
