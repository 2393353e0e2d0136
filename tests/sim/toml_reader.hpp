// Reading ill-sim's TOML strictly: every key of a table must be known, and every problem names
// the file, the line and the key's full path ("fleet[0].interfaces[2].rx_rate"). Only
// config.cpp uses it; it lives here to keep that file readable.
#pragma once

#include <fmt/format.h>
#include <toml++/toml.h>

#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ill::sim {

struct ConfigError {
  std::string text;
};

class Reader {
public:
  Reader(const toml::table& table, std::string path, const std::string* file)
      : m_table(table), m_path(std::move(path)), m_file(file) {}

  [[noreturn]] void error_at(const toml::node* node, std::string_view key,
                             std::string_view problem) const {
    int line = 0;
    if (node) line = static_cast<int>(node->source().begin.line);
    if (line == 0) line = static_cast<int>(m_table.source().begin.line);
    std::string full = key.empty()
                           ? m_path
                           : (m_path.empty() ? std::string(key) : m_path + "." + std::string(key));
    throw ConfigError{fmt::format("{}:{}: {}: {}", *m_file, line, full, problem)};
  }
  [[noreturn]] void error(std::string_view key, std::string_view problem) const {
    error_at(m_table.get(key), key, problem);
  }

  const toml::node* get(std::string_view key) {
    m_used.insert(std::string(key));
    return m_table.get(key);
  }
  bool has(std::string_view key) const { return m_table.contains(key); }

  std::string str(std::string_view key, std::string fallback) {
    const auto* n = get(key);
    if (!n) return fallback;
    if (auto v = n->value<std::string>()) return *v;
    error_at(n, key, "expected a string");
  }

  std::int64_t integer(std::string_view key, std::int64_t fallback, std::int64_t lo,
                       std::int64_t hi) {
    const auto* n = get(key);
    if (!n) return fallback;
    auto v = n->as_integer();
    if (!v) error_at(n, key, "expected an integer");
    std::int64_t x = v->get();
    if (x < lo || x > hi) error_at(n, key, fmt::format("must be between {} and {}", lo, hi));
    return x;
  }

  double number(std::string_view key, double fallback, double lo, double hi) {
    const auto* n = get(key);
    if (!n) return fallback;
    double x;
    if (auto i = n->as_integer())
      x = static_cast<double>(i->get());
    else if (auto f = n->as_floating_point())
      x = f->get();
    else
      error_at(n, key, "expected a number");
    if (!(x >= lo && x <= hi)) error_at(n, key, fmt::format("must be between {} and {}", lo, hi));
    return x;
  }

  bool boolean(std::string_view key, bool fallback) {
    const auto* n = get(key);
    if (!n) return fallback;
    if (auto v = n->value<bool>()) return *v;
    error_at(n, key, "expected true or false");
  }

  // "10m", "1h30m", "500ms", or an integer number of seconds.
  DurationMs duration(std::string_view key, DurationMs fallback) {
    const auto* n = get(key);
    if (!n) return fallback;
    if (auto i = n->as_integer()) {
      if (i->get() < 0) error_at(n, key, "must not be negative");
      return i->get() * 1000;
    }
    if (auto f = n->as_floating_point()) {
      if (f->get() < 0) error_at(n, key, "must not be negative");
      return static_cast<DurationMs>(std::llround(f->get() * 1000));
    }
    if (auto s = n->value<std::string>()) {
      auto d = parse_duration(*s);
      if (!d) error_at(n, key, d.error().message() + " (e.g. \"90s\", \"5m\", \"1h30m\", \"2d\")");
      return *d;
    }
    error_at(n, key, "expected a duration like \"5m\" or a number of seconds");
  }

  // Bits per second: a number, or "95M", "1.5G", "800k" (SI prefixes).
  double rate(std::string_view key, double fallback) {
    const auto* n = get(key);
    if (!n) return fallback;
    if (auto i = n->as_integer()) {
      if (i->get() < 0) error_at(n, key, "must not be negative");
      return static_cast<double>(i->get());
    }
    if (auto f = n->as_floating_point()) {
      if (f->get() < 0) error_at(n, key, "must not be negative");
      return f->get();
    }
    if (auto s = n->value<std::string>()) {
      auto r = parse_scaled(*s, 1000.0);
      if (!r) error_at(n, key, "expected a rate like \"100M\", \"1.5G\", \"800k\" or bit/s");
      return *r;
    }
    error_at(n, key, "expected a rate like \"100M\" or a number of bit/s");
  }

  // Bytes: a number, or "256MiB", "1GiB", "512KiB" (binary) / "1G" (decimal).
  std::uint64_t bytes(std::string_view key, std::uint64_t fallback) {
    const auto* n = get(key);
    if (!n) return fallback;
    if (auto i = n->as_integer()) {
      if (i->get() < 0) error_at(n, key, "must not be negative");
      return static_cast<std::uint64_t>(i->get());
    }
    if (auto s = n->value<std::string>()) {
      auto r = parse_scaled(*s, 1000.0);
      if (!r) error_at(n, key, "expected a size like \"256MiB\" or a number of bytes");
      return static_cast<std::uint64_t>(*r);
    }
    error_at(n, key, "expected a size like \"256MiB\" or a number of bytes");
  }

  TimeMs time(std::string_view key) {
    const auto* n = get(key);
    if (!n) error(key, "missing");
    if (auto s = n->value<std::string>()) {
      auto t = parse_rfc3339(*s);
      if (!t) error_at(n, key, t.error().message());
      return *t;
    }
    if (auto dt = n->as_date_time()) {
      const auto& v = dt->get();
      std::int64_t days = days_from_civil(v.date.year, v.date.month, v.date.day);
      std::int64_t secs = days * 86400 + v.time.hour * 3600 + v.time.minute * 60 + v.time.second;
      if (v.offset) secs -= v.offset->minutes * 60;
      return secs * 1000 + v.time.nanosecond / 1000000;
    }
    error_at(n, key, "expected an RFC 3339 time like 2026-10-01T00:00:00Z");
  }

  std::vector<std::string> strings(std::string_view key) {
    std::vector<std::string> out;
    const auto* n = get(key);
    if (!n) return out;
    const auto* arr = n->as_array();
    if (!arr) error_at(n, key, "expected an array of strings");
    for (const auto& e : *arr) {
      auto s = e.value<std::string>();
      if (!s) error_at(&e, key, "expected an array of strings");
      out.push_back(*s);
    }
    return out;
  }

  // [[key]] arrays of tables (a single [key] table is accepted too).
  std::vector<Reader> tables(std::string_view key) {
    std::vector<Reader> out;
    const auto* n = get(key);
    if (!n) return out;
    if (const auto* t = n->as_table()) {
      out.emplace_back(*t, child_path(key, -1), m_file);
      return out;
    }
    const auto* arr = n->as_array();
    if (!arr) error_at(n, key, "expected [[" + std::string(key) + "]] tables");
    int i = 0;
    for (const auto& e : *arr) {
      const auto* t = e.as_table();
      if (!t) error_at(&e, key, "expected [[" + std::string(key) + "]] tables");
      out.emplace_back(*t, child_path(key, i++), m_file);
    }
    return out;
  }

  // Every key must have been read; anything else is a typo.
  void finish() const {
    for (const auto& [k, v] : m_table) {
      if (!m_used.count(std::string(k.str())))
        error_at(&v, k.str(), "unknown key (see tests/sim/README.md)");
    }
  }

  int line() const { return static_cast<int>(m_table.source().begin.line); }
  const std::string& path() const { return m_path; }

private:
  std::string child_path(std::string_view key, int index) const {
    std::string base = m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
    return index < 0 ? base : fmt::format("{}[{}]", base, index);
  }

  static std::optional<double> parse_scaled(const std::string& s, double) {
    char* end = nullptr;
    double x = std::strtod(s.c_str(), &end);
    if (end == s.c_str() || x < 0) return std::nullopt;
    std::string_view suffix(end);
    while (!suffix.empty() && suffix.front() == ' ') suffix.remove_prefix(1);
    static const std::pair<std::string_view, double> k_units[] = {
        {"", 1},         {"k", 1e3},         {"K", 1e3},
        {"M", 1e6},      {"G", 1e9},         {"T", 1e12},
        {"KiB", 1024.0}, {"MiB", 1048576.0}, {"GiB", 1073741824.0},
        {"kbps", 1e3},   {"Mbps", 1e6},      {"Gbps", 1e9},
        {"B", 1},
    };
    for (auto [u, scale] : k_units)
      if (suffix == u) return x * scale;
    return std::nullopt;
  }

  const toml::table& m_table;
  std::string m_path;
  const std::string* m_file;
  std::set<std::string> m_used;
};

}  // namespace ill::sim
