#include "collect/schedule.hpp"

namespace ill::collect {

std::chrono::milliseconds slot_offset(std::string_view router, std::chrono::seconds interval) {
  // FNV-1a, then a final mix so that names differing in one character land far apart.
  std::uint64_t h = 0xCBF29CE484222325ULL;
  for (unsigned char c : router) {
    h ^= c;
    h *= 0x100000001B3ULL;
  }
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  auto span = static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(interval).count());
  return std::chrono::milliseconds(span == 0 ? 0 : static_cast<std::int64_t>(h % span));
}

Clock::time_point next_poll_after(Clock::time_point now, std::chrono::seconds interval,
                                  std::chrono::milliseconds offset) {
  using std::chrono::milliseconds;
  auto step = std::chrono::duration_cast<milliseconds>(interval).count();
  auto since_epoch = std::chrono::duration_cast<milliseconds>(now.time_since_epoch()).count();
  auto base = since_epoch - offset.count();
  auto k = base >= 0 ? base / step + 1 : -((-base) / step);
  auto next = k * step + offset.count();
  if (next <= since_epoch) next += step;
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(milliseconds(next)));
}

}  // namespace ill::collect
