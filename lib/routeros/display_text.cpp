#include "routeros/display_text.hpp"

#include <cstdint>

namespace ill::routeros {

namespace {

// Windows-1252 code points for 0x80..0x9F; 0 where CP1252 leaves the byte undefined.
constexpr std::uint16_t k_cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void append_escape(std::string& out, unsigned char b) {
  static constexpr char k_hex[] = "0123456789ABCDEF";
  out += "\\x";
  out.push_back(k_hex[b >> 4]);
  out.push_back(k_hex[b & 0x0F]);
}

bool is_control(unsigned char b) { return b < 0x20 || b == 0x7F; }

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if (b >= 0xC2 && b <= 0xDF) {
      len = 2;
      cp = b & 0x1F;
    } else if (b >= 0xE0 && b <= 0xEF) {
      len = 3;
      cp = b & 0x0F;
    } else if (b >= 0xF0 && b <= 0xF4) {
      len = 4;
      cp = b & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

std::string display_text(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  if (is_valid_utf8(bytes)) {
    for (char c : bytes) {
      const auto b = static_cast<unsigned char>(c);
      if (is_control(b)) {
        append_escape(out, b);
      } else {
        out.push_back(c);
      }
    }
    return out;
  }
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (is_control(b)) {
      append_escape(out, b);
    } else if (b < 0x80) {
      out.push_back(c);
    } else if (b < 0xA0) {
      const std::uint16_t cp = k_cp1252_high[b - 0x80];
      if (cp == 0) {
        append_escape(out, b);
      } else {
        append_utf8(out, cp);
      }
    } else {
      append_utf8(out, b);
    }
  }
  return out;
}

std::string router_text(std::string_view bytes, std::size_t max_bytes) {
  std::string text = display_text(bytes.substr(0, max_bytes + 4));
  if (text.size() <= max_bytes && bytes.size() <= max_bytes) return text;
  std::size_t cut = std::min(text.size(), max_bytes > 3 ? max_bytes - 3 : 0);
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

}  // namespace ill::routeros
