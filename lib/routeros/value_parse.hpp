// Parsing the string values RouterOS puts in attributes into typed values.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <string_view>

namespace ill::routeros {

// "true"/"yes" -> true, "false"/"no" -> false; anything else is Errc::invalid_input.
Result<bool> parse_bool(std::string_view text);

// A decimal counter (up to 2^64-1), e.g. rx-byte. No sign, no spaces, at least one digit.
Result<std::uint64_t> parse_u64(std::string_view text);

// A RouterOS duration: [Nw][Nd][Nh][Nm][Ns][Nms][Nus], e.g. "2d20h12m20s", "15w3d3h42m53s",
// "453us", "1ms500us" ("ms" and "us" are matched before "m"); also the clock form "hh:mm:ss" that
// some v6 menus print. Microsecond resolution.
Result<std::chrono::microseconds> parse_duration(std::string_view text);

}  // namespace ill::routeros
