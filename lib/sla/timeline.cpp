#include "sla/timeline.hpp"

#include <algorithm>

namespace ill::sla {

std::string_view to_string(State state) {
  switch (state) {
  case State::up: return "up";
  case State::down: return "down";
  case State::unknown: return "unknown";
  }
  return "invalid";
}

std::optional<State> state_from_string(std::string_view text) {
  if (text == "up") return State::up;
  if (text == "down") return State::down;
  if (text == "unknown") return State::unknown;
  return std::nullopt;
}

void append_merged(std::vector<Interval>& timeline, const Interval& interval) {
  if (interval.to <= interval.from) {
    return;
  }
  if (!timeline.empty() && timeline.back().to == interval.from &&
      timeline.back().state == interval.state) {
    timeline.back().to = interval.to;
    return;
  }
  timeline.push_back(interval);
}

namespace {

Status check_interval(std::chrono::seconds poll_interval) {
  if (poll_interval.count() <= 0) {
    return fail(Errc::usage, "poll interval must be positive, got {} s", poll_interval.count());
  }
  return {};
}

}  // namespace

Result<std::vector<Interval>> build_timeline(std::span<const Observation> observations,
                                             std::chrono::seconds poll_interval) {
  if (auto status = check_interval(poll_interval); !status) {
    return fail(status.error());
  }
  std::vector<Interval> timeline;
  // The run being built is kept out of the vector until its state changes (one push per run).
  Interval run{};
  bool has_run = false;
  auto emit = [&](std::chrono::sys_seconds from, std::chrono::sys_seconds to, State state) {
    if (to <= from) {
      return;
    }
    if (has_run && run.to == from && run.state == state) {
      run.to = to;
      return;
    }
    if (has_run) {
      timeline.push_back(run);
    }
    run = {from, to, state};
    has_run = true;
  };
  const std::size_t n = observations.size();
  std::size_t i = 0;
  while (i < n) {
    const Observation& current = observations[i];
    // The next observation strictly later than this one; same-second ones are ignored.
    std::size_t next = i + 1;
    while (next < n && observations[next].t == current.t) {
      ++next;
    }
    if (next < n && observations[next].t < current.t) {
      return fail(Errc::invalid_input, "observations out of order: {} s after {} s",
                  observations[next].t.time_since_epoch().count(),
                  current.t.time_since_epoch().count());
    }
    if (next == n) {
      emit(current.t, current.t + poll_interval, current.state);
      break;
    }
    const auto next_t = observations[next].t;
    if (next_t - current.t <= 2 * poll_interval) {
      emit(current.t, next_t, current.state);
    } else {
      emit(current.t, current.t + poll_interval, current.state);
      emit(current.t + poll_interval, next_t, State::unknown);
    }
    i = next;
  }
  if (has_run) {
    timeline.push_back(run);
  }
  return timeline;
}

Result<std::vector<Interval>> build_timeline(std::span<const Observation> observations,
                                             std::chrono::seconds poll_interval, TimeRange window) {
  auto all = build_timeline(observations, poll_interval);
  if (!all) {
    return all;
  }
  std::vector<Interval> clipped;
  clipped.reserve(all->size() + 2);
  auto cursor = window.from;
  for (const Interval& interval : *all) {
    const auto from = std::max(interval.from, window.from);
    const auto to = std::min(interval.to, window.to);
    if (to <= from) {
      continue;
    }
    append_merged(clipped, {cursor, from, State::unknown});
    append_merged(clipped, {from, to, interval.state});
    cursor = to;
  }
  append_merged(clipped, {cursor, window.to, State::unknown});
  return clipped;
}

TimelineBuilder::TimelineBuilder(std::chrono::seconds poll_interval) : m_interval(poll_interval) {}

TimelineBuilder::TimelineBuilder(std::chrono::seconds poll_interval, Interval last,
                                 std::chrono::sys_seconds last_observation)
    : m_interval(poll_interval), m_last(last), m_last_t(last_observation) {}

Result<TimelineUpdate> TimelineBuilder::push(const Observation& observation) {
  if (auto status = check_interval(m_interval); !status) {
    return fail(status.error());
  }
  TimelineUpdate update;
  auto append = [&](const Interval& interval) {
    update.appended_storage[update.appended_count++] = interval;
    m_last = interval;
  };
  const auto t = observation.t;
  if (!m_last) {
    append({t, t + m_interval, observation.state});
    m_last_t = t;
    return update;
  }
  if (t < m_last_t) {
    return fail(Errc::invalid_input, "observation at {} s is earlier than the previous one at {} s",
                t.time_since_epoch().count(), m_last_t.time_since_epoch().count());
  }
  if (t == m_last_t) {
    return update;
  }
  Interval last = *m_last;
  if (t - m_last_t <= 2 * m_interval) {
    // The previous observation covers up to t; the new one tentatively covers one interval.
    if (last.state == observation.state) {
      last.to = t + m_interval;
      update.changed_last = last;
      m_last = last;
    } else {
      last.to = t;
      update.changed_last = last;
      m_last = last;
      append({t, t + m_interval, observation.state});
    }
  } else {
    // The previous coverage stays [t_prev, t_prev + interval); the rest of the gap is unknown.
    if (last.state == State::unknown) {
      if (observation.state == State::unknown) {
        last.to = t + m_interval;
        update.changed_last = last;
        m_last = last;
      } else {
        last.to = t;
        update.changed_last = last;
        m_last = last;
        append({t, t + m_interval, observation.state});
      }
    } else if (observation.state == State::unknown) {
      append({last.to, t + m_interval, State::unknown});
    } else {
      append({last.to, t, State::unknown});
      append({t, t + m_interval, observation.state});
    }
  }
  m_last_t = t;
  return update;
}

}  // namespace ill::sla
