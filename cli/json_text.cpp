#include "json_text.hpp"

#include "core/json_string.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ill::cli {

void JsonText::begin_object(int depth) {
  m_out += '{';
  m_depth = depth;
  m_first = true;
}

void JsonText::end_object(int depth) {
  m_out += '\n';
  m_out.append(static_cast<std::size_t>(depth) * 2, ' ');
  m_out += '}';
  m_depth = depth - 1;
  m_first = false;
}

void JsonText::key(std::string_view name) {
  m_out += m_first ? "\n" : ",\n";
  m_first = false;
  m_out.append(static_cast<std::size_t>(m_depth + 1) * 2, ' ');
  string(name);
  m_out += ": ";
}

void JsonText::string(std::string_view value) { append_json_string(m_out, value); }

void JsonText::member(std::string_view name, std::string_view value) {
  key(name);
  string(value);
}

void JsonText::member(std::string_view name, const std::optional<std::string>& value) {
  key(name);
  if (value)
    string(*value);
  else
    m_out += "null";
}

void JsonText::member(std::string_view name, double value) {
  key(name);
  if (!std::isfinite(value)) {
    m_out += "null";
    return;
  }
  // Shortest round-trip form; integral values keep a ".0" as nlohmann::json writes them.
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  m_out += text;
}

void JsonText::member(std::string_view name, std::int64_t value) {
  key(name);
  m_out += fmt::format("{}", value);
}

void JsonText::member(std::string_view name, const std::optional<std::int64_t>& value) {
  key(name);
  m_out += value ? fmt::format("{}", *value) : std::string("null");
}

void JsonText::member(std::string_view name, bool value) {
  key(name);
  m_out += value ? "true" : "false";
}

void JsonText::member_object(std::string_view name) {
  key(name);
  begin_object(m_depth + 1);
}

}  // namespace ill::cli
