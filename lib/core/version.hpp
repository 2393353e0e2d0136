// ill's version and the git commit it was built from (generated at build time).
#pragma once

#include <string_view>

namespace ill {

std::string_view version();     // "0.1.0"
std::string_view git_commit();  // "3f2a9c1d0b7e", "-dirty" appended for uncommitted changes

}  // namespace ill
