// JSON text written directly, laid out as nlohmann::json::dump() would (compact with indent -1,
// otherwise `indent` spaces a level), without building a tree first: a fleet's figures or a
// listing of 10,000 links are written this way. Members come out in the order they are written;
// write them in key order where the text must equal a dump of the same object. The one JSON
// text writer of the project; core/json_string.hpp escapes its strings.
#pragma once

#include "core/json_string.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace ill {

class JsonWriter {
public:
  // `depth`: the indentation level the text starts at (for text placed inside other text).
  explicit JsonWriter(int indent = 2, int depth = 0) : m_indent(indent), m_depth(depth) {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  JsonWriter& key(std::string_view name) {
    element();
    quoted(name);
    m_out += m_indent >= 0 ? ": " : ":";
    m_after_key = true;
    return *this;
  }

  JsonWriter& value(std::string_view text) {
    element();
    quoted(text);
    return *this;
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool v) {
    element();
    m_out += v ? "true" : "false";
    return *this;
  }
  JsonWriter& value(std::int64_t v) {
    element();
    fmt::format_to(std::back_inserter(m_out), "{}", v);
    return *this;
  }
  JsonWriter& value(std::size_t v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(int v) { return value(static_cast<std::int64_t>(v)); }
  JsonWriter& value(double v) {
    element();
    // nlohmann's own number format, so the text reads back as the same double and looks as
    // every other illctl JSON does.
    m_out += nlohmann::json(v).dump();
    return *this;
  }
  JsonWriter& null() {
    element();
    m_out += "null";
    return *this;
  }
  template <typename T>
  JsonWriter& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }

  std::string take() { return std::move(m_out); }
  std::string& text() { return m_out; }  // to reserve room, or append after the value

private:
  JsonWriter& open(char bracket) {
    element();
    m_out += bracket;
    ++m_depth;
    m_first = true;
    return *this;
  }

  JsonWriter& close(char bracket) {
    --m_depth;
    if (!m_first) newline();
    m_out += bracket;
    m_first = false;
    return *this;
  }

  // Before a key, or a value that has none.
  void element() {
    if (m_after_key) {
      m_after_key = false;
      return;
    }
    if (!m_started) {  // the text's first token: the caller places it
      m_started = true;
      return;
    }
    if (!m_first) m_out += ',';
    newline();
    m_first = false;
  }

  void newline() {
    if (m_indent < 0) return;
    m_out += '\n';
    m_out.append(static_cast<std::size_t>(m_indent * m_depth), ' ');
  }

  void quoted(std::string_view text) { append_json_string(m_out, text); }

  std::string m_out;
  int m_indent;
  int m_depth;
  bool m_first = true;
  bool m_after_key = false;
  bool m_started = false;
};

}  // namespace ill
