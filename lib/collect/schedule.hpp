// When each router is polled: once per interval, at a fixed offset inside the interval derived
// from the router's name, so that thousands of routers spread evenly over the interval instead
// of all starting at :00, and a router keeps its slot across restarts and reloads.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

namespace ill::collect {

using Clock = std::chrono::system_clock;

// The offset of `router` inside an interval: stable, roughly uniform over [0, interval).
std::chrono::milliseconds slot_offset(std::string_view router, std::chrono::seconds interval);

// The first poll time strictly after `now` for a router with this offset and interval:
// the times are aligned to epoch + k * interval + offset.
Clock::time_point next_poll_after(Clock::time_point now, std::chrono::seconds interval,
                                  std::chrono::milliseconds offset);

}  // namespace ill::collect
