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

Interval Window::occurrence(TimeMs t) const {
  if (kind == Kind::absolute) return {from, to};
  if (length >= every) return {t, t + every};  // always active: any stretch around t
  TimeMs start = floor_div(t - offset, every) * every + offset;
  return {start, start + length};
}

bool Window::last_end(TimeMs t, TimeMs& out) const {
  if (kind == Kind::absolute) {
    if (to > t) return false;
    out = to;
    return true;
  }
  if (every <= 0 || length <= 0 || length >= every) return false;
  out = floor_div(t - offset - length, every) * every + offset + length;
  return true;
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

bool Schedule::last_end(TimeMs t, TimeMs& out) const {
  bool found = false;
  for (const auto& w : m_windows) {
    TimeMs end;
    if (w.last_end(t, end) && (!found || end > out)) {
      out = end;
      found = true;
    }
  }
  return found;
}

bool Schedule::active_interval(TimeMs t, Interval& out) const {
  bool found = false;
  for (const auto& w : m_windows) {
    if (!w.active(t)) continue;
    Interval o = w.occurrence(t);
    out = found ? Interval{std::min(out.from, o.from), std::max(out.to, o.to)} : o;
    found = true;
  }
  if (!found) return false;
  // Windows that overlap or touch chain into one stretch; follow them both ways (bounded).
  for (int guard = 0; guard < 10000; ++guard) {
    bool grew = false;
    for (const auto& w : m_windows) {
      if (w.active(out.to)) {
        Interval o = w.occurrence(out.to);
        if (o.to > out.to) {
          out.to = o.to;
          grew = true;
        }
      }
      if (w.active(out.from - 1)) {
        Interval o = w.occurrence(out.from - 1);
        if (o.from < out.from) {
          out.from = o.from;
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  return true;
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
