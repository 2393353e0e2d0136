#include "notify/mime_text.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <ctime>

namespace ill::notify {
namespace {

bool plain_ascii(std::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return text.find("=?") == std::string_view::npos;
}

// Length of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) {
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  if (lead >= 0xe0) return lead <= 0xef ? 3 : 1;
  if (lead >= 0xc2) return 2;
  return 1;
}

bool valid_address(std::string_view a) {
  auto at = a.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= a.size()) return false;
  if (a.find('@', at + 1) != std::string_view::npos) return false;
  for (unsigned char c : a) {
    if (c <= 0x20 || c >= 0x7f || c == '<' || c == '>' || c == ',' || c == '"' || c == '(' ||
        c == ')' || c == ';' || c == '\\')
      return false;
  }
  return true;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

std::string base64(std::string_view bytes) {
  static constexpr char k_alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                       static_cast<unsigned char>(bytes[i + 1]) << 8 |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += k_alphabet[(v >> 6) & 63];
    out += k_alphabet[v & 63];
  }
  if (i < bytes.size()) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += k_alphabet[(v >> 18) & 63];
    out += k_alphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? k_alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string encode_header_text(std::string_view utf8) {
  std::string flat(utf8);
  for (char& c : flat) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  if (plain_ascii(flat)) return flat;
  // "=?UTF-8?B?" + "?=" is 12 characters, so 63 characters of base64 fit in 75: up to 45 bytes
  // of text per word (a whole number of 3-byte groups).
  constexpr std::size_t k_max_bytes = 45;
  std::string out;
  std::size_t start = 0;
  while (start < flat.size()) {
    std::size_t end = start;
    while (end < flat.size()) {
      std::size_t len = sequence_length(static_cast<unsigned char>(flat[end]));
      if (end + len - start > k_max_bytes) break;
      end = std::min(flat.size(), end + len);
    }
    if (end == start) end = start + 1;  // cannot happen with k_max_bytes >= 4
    if (!out.empty()) out += ' ';
    out += "=?UTF-8?B?" + base64(std::string_view(flat).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

Result<Mailbox> parse_mailbox(std::string_view text) {
  std::string t = trim(text);
  Mailbox m;
  auto open = t.rfind('<');
  if (open != std::string::npos) {
    if (t.back() != '>') return fail(Errc::invalid_input, "'{}' is not an e-mail address", t);
    m.address = t.substr(open + 1, t.size() - open - 2);
    m.display = trim(std::string_view(t).substr(0, open));
    if (m.display.size() >= 2 && m.display.front() == '"' && m.display.back() == '"')
      m.display = m.display.substr(1, m.display.size() - 2);
  } else {
    m.address = t;
  }
  if (!valid_address(m.address))
    return fail(Errc::invalid_input, "'{}' is not an e-mail address", t);
  return m;
}

std::string format_mailbox(const Mailbox& m) {
  if (m.display.empty()) return m.address;
  std::string name;
  if (plain_ascii(m.display)) {
    name = "\"";
    for (char c : m.display) {
      if (c == '"' || c == '\\') name += '\\';
      name += c;
    }
    name += '"';
  } else {
    name = encode_header_text(m.display);
  }
  return name + " <" + m.address + ">";
}

std::string attachment_disposition(std::string_view filename) {
  std::string ascii;  // the fallback name for readers without RFC 2231
  for (unsigned char c : filename) {
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
      ascii += '_';
    } else {
      ascii += static_cast<char>(c);
    }
  }
  std::string out = "Content-Disposition: attachment; filename=\"" + ascii + "\"";
  if (ascii != filename) {
    std::string pct;
    for (unsigned char c : filename) {
      if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
        pct += static_cast<char>(c);
      } else {
        pct += fmt::format("%{:02X}", c);
      }
    }
    out += "; filename*=UTF-8''" + pct;
  }
  return out;
}

std::string rfc5322_date(std::chrono::sys_seconds t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  static constexpr std::array<const char*, 7> k_days = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> k_months = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02} {} {} {:02}:{:02}:{:02} +0000", k_days[tm.tm_wday], tm.tm_mday,
                     k_months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

}  // namespace ill::notify
