#include "inventory/csv_reader.hpp"

namespace ill::inventory {

bool CsvRecord::blank() const {
  for (const auto& f : fields)
    if (!f.empty()) return false;
  return true;
}

Result<std::vector<CsvRecord>> parse_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord record;
  std::string field;
  std::size_t line = 1;
  record.line = 1;
  bool in_quotes = false;
  std::size_t quote_line = 0;
  bool record_started = false;

  auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  auto end_record = [&] {
    end_field();
    records.push_back(std::move(record));
    record = CsvRecord{};
    record_started = false;
  };

  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!record_started) {
      record.line = line;
      record_started = true;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    switch (c) {
    case '"':
      if (field.empty()) {
        in_quotes = true;
        quote_line = line;
      } else {
        field += c;  // a stray quote inside an unquoted field is kept as written
      }
      break;
    case ',': end_field(); break;
    case '\r':
      if (i + 1 < text.size() && text[i + 1] == '\n') break;  // the \n ends the record
      end_record();
      ++line;
      break;
    case '\n':
      end_record();
      ++line;
      break;
    default: field += c; break;
    }
  }
  if (in_quotes)
    return fail(Errc::invalid_input, "line {}: quoted field is never closed", quote_line);
  if (record_started) end_record();
  return records;
}

}  // namespace ill::inventory
