// The system clock to the second: the clock every record, figure and document is stamped with.
#pragma once

#include <chrono>

namespace ill {

inline std::chrono::sys_seconds now_seconds() {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace ill
