#include "sim/schedule.hpp"

#include <algorithm>

namespace ill::sim {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Window Window::periodic(DurationMs every, DurationMs length, DurationMs offset) {
  Window w;
  w.kind = Kind::periodic;
  w.every = every;
  w.length = length;
  w.offset = offset;
  return w;
}

Window Window::absolute(TimeMs from, TimeMs to) {
  Window w;
  w.kind = Kind::absolute;
  w.from = from;
  w.to = to;
  return w;
}

bool Window::active(TimeMs t) const {
  if (kind == Kind::absolute) return t >= from && t < to;
  if (every <= 0 || length <= 0) return false;
  if (length >= every) return true;
  std::int64_t phase = (t - offset) - floor_div(t - offset, every) * every;
  return phase < length;
}

void Window::collect(TimeMs a, TimeMs b, std::vector<Interval>& out) const {
  if (b <= a) return;
  if (kind == Kind::absolute) {
    TimeMs f = std::max(a, from), e = std::min(b, to);
    if (f < e) out.push_back({f, e});
    return;
  }
  if (every <= 0 || length <= 0) return;
  if (length >= every) {
    out.push_back({a, b});
    return;
  }
  // Occurrence k starts at k*every + offset; the first that can overlap a ends after a.
  std::int64_t k = floor_div(a - offset - length, every);
  for (;; ++k) {
    TimeMs start = k * every + offset;
    if (start >= b) break;
    TimeMs end = start + length;
    TimeMs f = std::max(a, start), e = std::min(b, end);
    if (f < e) out.push_back({f, e});
  }
}

bool Schedule::active(TimeMs t) const {
  for (const auto& w : m_windows)
    if (w.active(t)) return true;
  return false;
}

std::vector<Interval> Schedule::intervals(TimeMs a, TimeMs b) const {
  std::vector<Interval> out;
  for (const auto& w : m_windows) w.collect(a, b, out);
  merge_intervals(out);
  return out;
}

bool Schedule::active_interval(TimeMs t, Interval& out) const {
  if (!active(t)) return false;
  // Look a bounded distance either side; long windows are clipped to this horizon.
  constexpr DurationMs k_horizon = 400 * k_day;
  auto all = intervals(t - k_horizon, t + k_horizon);
  for (const auto& i : all) {
    if (i.from <= t && t < i.to) {
      out = i;
      return true;
    }
  }
  return false;
}

void merge_intervals(std::vector<Interval>& v) {
  if (v.size() < 2) return;
  std::sort(v.begin(), v.end(),
            [](const Interval& x, const Interval& y) { return x.from < y.from; });
  std::size_t w = 0;
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i].from <= v[w].to) {
      v[w].to = std::max(v[w].to, v[i].to);
    } else {
      v[++w] = v[i];
    }
  }
  v.resize(w + 1);
}

}  // namespace ill::sim
