// Result<T>: a value or an ill::Error. tl::expected until the toolchain has std::expected.
#pragma once

#include "core/error.hpp"

#include <fmt/format.h>
#include <tl/expected.hpp>

#include <string>
#include <utility>

namespace ill {

template <typename T>
using Result = tl::expected<T, Error>;

// Status is a Result with nothing in it: success, or an Error.
using Status = Result<void>;

// The failing side of a Result: `return fail(Errc::auth, "router {}: login refused", name);`
template <typename... Args>
tl::unexpected<Error> fail(Errc category, fmt::format_string<Args...> format, Args&&... args) {
  return tl::unexpected<Error>(Error(category, fmt::format(format, std::forward<Args>(args)...)));
}

inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace ill
