// libFuzzer target for illd.conf: TOML text through config::parse (toml++, every key's type,
// range and choice checks, unknown keys and sections).
//
// Checked for any input: an error names the file ("fuzz.conf:..."); a file that parses writes
// back, key by key as `illctl config show` prints them (value_of), to a TOML file that parses to
// the same values, and to command-line flags that config::load reads to the same values (no
// file is read: the system path points nowhere, and the environment is empty).
#include "config/config.hpp"
#include "fuzz_support.hpp"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace {

using ill::fuzz::check;

constexpr std::string_view k_origin = "fuzz.conf";

// A TOML basic string holding `text` (which toml++ already accepted as UTF-8).
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\u{:04X}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ill::fuzz::quiet();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = ill::config::parse(text, k_origin);
  if (!parsed) {
    check(parsed.error().message().starts_with(k_origin), "a config error does not name the file");
    return 0;
  }

  std::string written;
  ill::config::LoadRequest flags_only;
  flags_only.system_path = "/nonexistent/ill-fuzz/illd.conf";
  flags_only.getenv = [](const char*) -> const char* { return nullptr; };
  for (const auto& key : ill::config::keys()) {
    const std::string value = ill::config::value_of(parsed->values, key.name);
    const bool quoted =
        key.type == ill::config::ValueType::string || key.type == ill::config::ValueType::choice;
    written += fmt::format("{} = {}\n", key.name, quoted ? toml_string(value) : value);
    flags_only.flags[std::string(key.name)] = value;
  }

  auto again = ill::config::parse(written, k_origin);
  if (!again) std::fprintf(stderr, "%s\n---\n%s\n", again.error().what().c_str(), written.c_str());
  check(again.has_value(), "the values of a parsed file do not parse again");
  auto loaded = ill::config::load(flags_only);
  if (!loaded) std::fprintf(stderr, "%s\n", loaded.error().what().c_str());
  check(loaded.has_value(), "the values of a parsed file are refused as flags");
  for (const auto& key : ill::config::keys()) {
    const std::string value = ill::config::value_of(parsed->values, key.name);
    check(ill::config::value_of(again->values, key.name) == value,
          "a value changes when written to TOML and read back");
    check(ill::config::value_of(loaded->values, key.name) == value,
          "a value changes when given back as a flag");
  }
  return 0;
}
