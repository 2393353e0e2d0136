// Inside config/: how one key is read, written and checked. The table itself is split by
// section (config.cpp, portal_keys.cpp) so no file holds every key.
#pragma once

#include "config/config.hpp"

#include <functional>
#include <string>
#include <variant>

namespace ill::config {

using Raw = std::variant<std::string, std::int64_t, bool>;

struct KeyDef {
  KeyInfo info;
  std::function<void(Config&, const Raw&)> set;
  std::function<std::string(const Config&)> get;
  bool allow_empty = false;                           // for strings
  std::function<Status(const Raw&)> check = nullptr;  // further validation of a well-typed value
};

template <typename T>
T as(const Raw& raw) {
  return std::get<T>(raw);
}

// The [portal] keys, appended in documentation order.
void append_portal_keys(std::vector<KeyDef>& defs);

}  // namespace ill::config
