// Writes JSON text directly, for listings too large to build as nlohmann::json trees first
// (`link list --json` over 10,000 links). The layout matches print_json: two-space indent.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ill::cli {

class JsonText {
public:
  // Starts an object at `depth` levels of indentation.
  void begin_object(int depth);
  void end_object(int depth);
  // Each member goes on its own line, at `depth` + 1.
  void member(std::string_view key, std::string_view value);
  void member(std::string_view key, const std::optional<std::string>& value);
  void member(std::string_view key, const char* value) { member(key, std::string_view(value)); }
  void member(std::string_view key, const std::string& value) {
    member(key, std::string_view(value));
  }
  void member(std::string_view key, double value);
  void member(std::string_view key, std::int64_t value);
  void member(std::string_view key, const std::optional<std::int64_t>& value);
  void member(std::string_view key, bool value);
  // Opens a nested object as a member; close it with end_object(depth + 1).
  void member_object(std::string_view key);
  void raw(std::string_view text) { m_out += text; }

  std::string& str() { return m_out; }

private:
  void key(std::string_view name);
  void string(std::string_view value);
  std::string m_out;
  int m_depth = 0;
  bool m_first = true;
};

}  // namespace ill::cli
