#include "metrics/exposition.hpp"

#include <fmt/compile.h>
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cmath>

namespace ill::metrics {
namespace {

bool name_char(char c, bool first, bool colon_ok) {
  bool alpha =
      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon_ok && c == ':');
  return alpha || (!first && c >= '0' && c <= '9');
}

std::string_view type_name(MetricType type) {
  switch (type) {
  case MetricType::counter: return "counter";
  case MetricType::gauge: return "gauge";
  case MetricType::histogram: return "histogram";
  case MetricType::summary: return "summary";
  case MetricType::untyped: return "untyped";
  }
  return "untyped";
}

// Length of the well-formed UTF-8 sequence `s` starts with, or 0 when it starts with a byte that
// begins none (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_sequence_length(std::string_view s) {
  auto byte = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // the range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (s.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  }
  return length;
}

}  // namespace

bool is_valid_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, true)) return false;
  }
  return true;
}

bool is_valid_label_name(std::string_view name) {
  if (name.empty() || name.starts_with("__")) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (!name_char(name[i], i == 0, false)) return false;
  }
  return true;
}

void append_value(double value, std::string& out) {
  if (std::isnan(value)) {
    out += "NaN";
  } else if (std::isinf(value)) {
    out += value > 0 ? "+Inf" : "-Inf";
  } else if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    // Whole numbers below 2^53 print without exponent or fraction; others in shortest
    // round-trip form.
    const fmt::format_int digits(static_cast<long long>(value));
    out.append(digits.data(), digits.size());
  } else {
    char text[32];  // the shortest round-trip form of a double takes at most 24 bytes
    const auto written = fmt::format_to_n(text, sizeof text, FMT_COMPILE("{}"), value);
    out.append(text, written.size);
  }
}

std::string format_value(double value) {
  std::string out;
  append_value(value, out);
  return out;
}

// Prometheus refuses a whole scrape over one label value that is not UTF-8, and router
// identities and interface names come from the router (RouterOS writes them in its own code
// page), so a byte that starts no UTF-8 sequence becomes U+FFFD.
void escape_label_value(std::string_view value, std::string& out) {
  std::size_t i = 0;
  while (i < value.size()) {
    char c = value[i];
    std::size_t length =
        c == '\\' || c == '"' || c == '\n' ? 1 : utf8_sequence_length(value.substr(i));
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else if (length == 0)
      out += "\xEF\xBF\xBD";
    else
      out.append(value.substr(i, length));
    i += std::max<std::size_t>(length, 1);
  }
}

void Exposition::set_sink(std::function<bool(std::string&&)> sink, std::size_t piece_bytes) {
  m_sink = std::move(sink);
  m_piece_bytes = piece_bytes;
}

void Exposition::maybe_flush() {
  if (!m_sink || m_text.size() < m_piece_bytes) return;
  std::string piece;
  piece.swap(m_text);
  m_text.reserve(m_piece_bytes + 4096);
  if (!m_sink(std::move(piece))) m_stopped = true;
}

void Exposition::family(std::string_view name, MetricType type, std::string_view help) {
  assert(is_valid_metric_name(name));
  if (m_stopped) return;
  m_family = std::string(name);
  m_text += "# HELP ";
  m_text += name;
  m_text += ' ';
  for (char c : help) {  // HELP escapes only backslash and newline
    if (c == '\\')
      m_text += "\\\\";
    else if (c == '\n')
      m_text += "\\n";
    else
      m_text += c;
  }
  m_text += "\n# TYPE ";
  m_text += name;
  m_text += ' ';
  m_text += type_name(type);
  m_text += '\n';
  maybe_flush();
}

void Exposition::sample(std::initializer_list<Label> labels, double value) {
  sample(std::string_view(), std::vector<Label>(labels), value);
}

void Exposition::sample(const std::vector<Label>& labels, double value) {
  sample(std::string_view(), labels, value);
}

void Exposition::sample(std::string_view suffix, const std::vector<Label>& labels, double value) {
  assert(!m_family.empty());
  if (m_stopped) return;
  m_text += m_family;
  m_text += suffix;
  if (!labels.empty()) {
    m_text += '{';
    bool first = true;
    for (const auto& [name, label_value] : labels) {
      if (!first) m_text += ',';
      first = false;
      append_label(name, label_value, m_text);
    }
    m_text += '}';
  }
  end_sample(value);
}

void Exposition::sample(LabelsRef labels, double value) {
  assert(!m_family.empty());
  if (m_stopped) return;
  m_text += m_family;
  if (!labels.text().empty()) {
    m_text += '{';
    m_text += labels.text();
    m_text += '}';
  }
  end_sample(value);
}

void Exposition::sample(LabelsRef labels, Label extra, double value) {
  assert(!m_family.empty());
  if (m_stopped) return;
  m_text += m_family;
  m_text += '{';
  if (!labels.text().empty()) {
    m_text += labels.text();
    m_text += ',';
  }
  append_label(extra.first, extra.second, m_text);
  m_text += '}';
  end_sample(value);
}

void append_label(std::string_view name, std::string_view value, std::string& out) {
  assert(is_valid_label_name(name));
  out += name;
  out += "=\"";
  escape_label_value(value, out);
  out += '"';
}

void Exposition::end_sample(double value) {
  m_text += ' ';
  append_value(value, m_text);
  m_text += '\n';
  maybe_flush();
}

void PackedLabelSets::reserve(std::size_t sets, std::size_t bytes) {
  m_ends.reserve(sets);
  m_text.reserve(bytes);
}

void PackedLabelSets::push_back(const LabelSet& labels) {
  m_text += labels.text();
  m_ends.push_back(m_text.size());
}

LabelSet::LabelSet(std::initializer_list<Label> labels) {
  for (const auto& [name, value] : labels) {
    if (!m_text.empty()) m_text += ',';
    append_label(name, value, m_text);
  }
}

}  // namespace ill::metrics
