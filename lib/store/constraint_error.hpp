// Turns a failed write into an error users can act on: "router name 'gw1' already exists"
// instead of "UNIQUE constraint failed: routers.name".
#pragma once

#include "core/error.hpp"
#include "store/statement.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace ill::store {

// `messages` maps SQLite's description of a constraint ("routers.name" for UNIQUE, the
// constraint's name for CHECK, "FOREIGN KEY" for foreign keys) to the message to give.
// Errors that are not constraint violations pass through unchanged.
Error explain_violation(const Statement& statement, Error error,
                        std::initializer_list<std::pair<std::string_view, std::string>> messages);

}  // namespace ill::store
