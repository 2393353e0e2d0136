// Everything the router answered to one command.
#pragma once

#include "routeros/sentence.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace ill::routeros {

struct Reply {
  // The !re rows, in order (empty when a row handler consumed them as they came).
  std::vector<Sentence> rows;
  // The closing !done; it may carry data such as =ret=.
  Sentence done;
  // Every !trap before the !done. A category-2 "interrupted" trap after /cancel is kept here too.
  std::vector<Trap> traps;
  // The router said !empty (RouterOS 7.18+) instead of sending no rows.
  bool empty = false;
  // The command ended because it was cancelled (category-2 trap).
  bool interrupted = false;

  // =ret= of the !done (the new .id after add, the challenge of a legacy login).
  std::optional<std::string_view> ret() const { return done.attribute("ret"); }
};

}  // namespace ill::routeros
