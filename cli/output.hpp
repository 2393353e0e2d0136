// Human tables and JSON on stdout: the two faces of every illctl listing.
#pragma once

#include <nlohmann/json_fwd.hpp>

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

// Pretty-printed JSON followed by a newline.
void print_json(const nlohmann::json& value);

}  // namespace ill::cli
