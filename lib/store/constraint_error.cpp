#include "store/constraint_error.hpp"

#include <fmt/format.h>

namespace ill::store {

Error explain_violation(const Statement& statement, Error error,
                        std::initializer_list<std::pair<std::string_view, std::string>> messages) {
  const auto& violation = statement.violation();
  if (!violation) return error;
  std::string_view key = violation->detail;
  if (violation->kind == ConstraintViolation::Kind::foreign_key) key = "FOREIGN KEY";
  for (const auto& [constraint, message] : messages) {
    if (constraint == key) return Error(Errc::invalid_input, message);
  }
  // A CHECK constraint is named after the field it guards: link_committed_mbps.
  if (violation->kind == ConstraintViolation::Kind::check) {
    std::string field = violation->detail;
    if (auto underscore = field.find('_'); underscore != std::string::npos)
      field = field.substr(0, underscore) + " " + field.substr(underscore + 1);
    return Error(Errc::invalid_input, fmt::format("invalid {}", field));
  }
  return Error(Errc::invalid_input,
               fmt::format("{} violates a constraint ({})", key, error.message()));
}

}  // namespace ill::store
