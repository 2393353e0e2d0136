// RFC 4180 CSV: quoted fields (with "" for a quote, and line breaks inside quotes), CRLF or
// LF line ends, an optional UTF-8 byte order mark. Each record keeps the line it starts on.
#pragma once

#include "core/result.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ill::inventory {

struct CsvRecord {
  std::size_t line = 0;  // 1-based line of the record's first character
  std::vector<std::string> fields;

  // True when every field is empty (a blank line, or ",,,," from a spreadsheet).
  bool blank() const;
};

// Fails with invalid_input naming the line only for a quoted field left open at the end.
Result<std::vector<CsvRecord>> parse_csv(std::string_view text);

}  // namespace ill::inventory
