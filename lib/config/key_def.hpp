// Inside config/: one key's definition (its documentation, how to set and read it, its checks).
// config.cpp holds the core keys; each section of another concern adds its own table
// (notify_keys.cpp, portal_keys.cpp), so the key table stays one list without one file holding
// every section.
#pragma once

#include "config/config.hpp"

#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace ill::config::detail {

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

// [smtp], [webhook], [whatsapp] and [alerts], in documentation order.
std::vector<KeyDef> notify_key_definitions();
// The [portal] keys, appended in documentation order.
void append_portal_keys(std::vector<KeyDef>& defs);

}  // namespace ill::config::detail
