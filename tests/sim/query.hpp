// `print` filtering as a router does it: query words run on a stack machine per item
// (routeros-api.md 1.3), then `.proplist` picks the properties to return.
#pragma once

#include "core/result.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ill::sim {

// One item of a menu, its properties in the router's order. Values are bytes.
using Row = std::vector<std::pair<std::string, std::string>>;

const std::string* find_property(const Row& row, std::string_view name);

class QueryProgram {
public:
  // `words` are the query words of a command, each starting with '?'. Empty = match all.
  static Result<QueryProgram> compile(const std::vector<std::string>& words);

  bool empty() const { return m_ops.empty(); }
  // True when no `false` remains on the stack after running every word against `row`.
  bool matches(const Row& row) const;

private:
  struct Op {
    enum class Kind { has, lacks, eq, lt, gt, stack };
    Kind kind;
    std::string name;
    std::string value;  // for stack: the operator characters
  };
  std::vector<Op> m_ops;
};

// Keeps only the properties named in `proplist` (comma separated); empty proplist keeps all.
Row project(const Row& row, const std::vector<std::string>& proplist);
std::vector<std::string> split_proplist(std::string_view text);

}  // namespace ill::sim
