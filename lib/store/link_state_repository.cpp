#include "store/link_state_repository.hpp"

#include "core/format.hpp"
#include "store/database.hpp"

namespace ill::store {

namespace {

// The one place a stored state is read; a value outside the three is a damaged database.
Result<sla::State> state_of(const Statement& s, int column) {
  const std::string text = s.text(column);
  if (auto state = sla::state_from_string(text)) return *state;
  return fail(Errc::database, "link_state: bad state '{}'", text);
}

Result<StateInterval> read_interval(const Statement& s) {
  auto state = state_of(s, 3);
  if (!state) return fail(state.error());
  return StateInterval{s.int64(0), from_unix_seconds(s.int64(1)), from_unix_seconds(s.int64(2)),
                       *state};
}

}  // namespace

Status LinkStateRepository::insert(const StateInterval& i) {
  auto stmt = m_db.prepare(
      "INSERT OR REPLACE INTO link_state (link_id, from_t, to_t, state) VALUES (?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  return (*stmt)
      ->bind_all(i.link_id, unix_seconds(i.from), unix_seconds(i.to),
                 std::string(sla::to_string(i.state)))
      .run();
}

Status LinkStateRepository::record(const StateInterval& i) {
  if (i.to <= i.from) return {};
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  auto previous = last(i.link_id);
  if (!previous) return fail(previous.error());
  if (*previous) {
    const StateInterval& p = **previous;
    if (p.state == i.state && p.to >= i.from && p.from <= i.from) {
      if (i.to > p.to) {
        auto stmt = m_db.prepare("UPDATE link_state SET to_t = ? WHERE link_id = ? AND from_t = ?");
        if (!stmt) return fail(stmt.error());
        if (auto st = (*stmt)->bind_all(unix_seconds(i.to), p.link_id, unix_seconds(p.from)).run();
            !st)
          return st;
      }
      return tx->commit();
    }
    if (p.to > i.from) {
      if (p.from >= i.from) {
        auto stmt = m_db.prepare("DELETE FROM link_state WHERE link_id = ? AND from_t = ?");
        if (!stmt) return fail(stmt.error());
        if (auto st = (*stmt)->bind_all(p.link_id, unix_seconds(p.from)).run(); !st) return st;
      } else {
        auto stmt = m_db.prepare("UPDATE link_state SET to_t = ? WHERE link_id = ? AND from_t = ?");
        if (!stmt) return fail(stmt.error());
        if (auto st =
                (*stmt)->bind_all(unix_seconds(i.from), p.link_id, unix_seconds(p.from)).run();
            !st)
          return st;
      }
    }
  }
  if (auto st = insert(i); !st) return st;
  return tx->commit();
}

Status LinkStateRepository::apply(std::int64_t link_id,
                                  const std::optional<sla::TimeRange>& last_end,
                                  const std::vector<StateInterval>& appended) {
  if (last_end) {
    auto stmt = m_db.prepare("UPDATE link_state SET to_t = ? WHERE link_id = ? AND from_t = ?");
    if (!stmt) return fail(stmt.error());
    if (auto st = (*stmt)
                      ->bind_all(unix_seconds(last_end->to), link_id, unix_seconds(last_end->from))
                      .run();
        !st)
      return st;
  }
  for (const auto& i : appended)
    if (auto st = insert(i); !st) return st;
  return {};
}

Status LinkStateRepository::replace(std::int64_t link_id, sla::TimeRange range,
                                    const std::vector<StateInterval>& intervals) {
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  auto stmt =
      m_db.prepare("DELETE FROM link_state WHERE link_id = ? AND from_t >= ? AND from_t < ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(link_id, unix_seconds(range.from), unix_seconds(range.to)).run();
      !st)
    return st;
  for (const auto& i : intervals)
    if (auto st = insert(i); !st) return st;
  return tx->commit();
}

Result<std::vector<StateInterval>> LinkStateRepository::range(std::int64_t link_id,
                                                              sla::TimeRange range) {
  // (link_id, from_t) is the primary key: intervals that start before `to` and end after `from`.
  auto stmt = m_db.prepare(
      "SELECT link_id, from_t, to_t, state FROM link_state WHERE link_id = ? AND from_t < ? AND "
      "to_t > ? ORDER BY from_t");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, unix_seconds(range.to), unix_seconds(range.from));
  std::vector<StateInterval> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    auto interval = read_interval(**stmt);
    if (!interval) return fail(interval.error());
    out.push_back(*interval);
  }
}

Result<std::optional<StateInterval>> LinkStateRepository::last(std::int64_t link_id) {
  auto stmt = m_db.prepare(
      "SELECT link_id, from_t, to_t, state FROM link_state WHERE link_id = ? ORDER BY from_t DESC "
      "LIMIT 1");
  if (!stmt) return fail(stmt.error());
  auto row = (*stmt)->bind_all(link_id).step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<StateInterval>();
  auto interval = read_interval(**stmt);
  if (!interval) return fail(interval.error());
  return std::optional<StateInterval>(*interval);
}

Result<std::vector<LinkLastState>> LinkStateRepository::last_of_every_link() {
  // The subquery is answered from the (link_id, from_t) primary key without a scan.
  auto stmt = m_db.prepare(
      "SELECT l.id, l.name, c.name, r.id, r.name, l.interface, l.active AND r.active, s.from_t, "
      "s.to_t, s.state FROM links l JOIN clients c ON c.id = l.client_id JOIN routers r ON r.id = "
      "l.router_id LEFT JOIN link_state s ON s.link_id = l.id AND s.from_t = (SELECT max(from_t) "
      "FROM link_state WHERE link_id = l.id) ORDER BY l.name");
  if (!stmt) return fail(stmt.error());
  std::vector<LinkLastState> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    const Statement& s = **stmt;
    LinkLastState l{s.int64(0), s.text(1), s.text(2),       s.int64(3),
                    s.text(4),  s.text(5), s.int64(6) != 0, std::nullopt};
    if (!s.is_null(7)) {
      auto state = state_of(s, 9);
      if (!state) return fail(state.error());
      l.last = StateInterval{l.link_id, from_unix_seconds(s.int64(7)),
                             from_unix_seconds(s.int64(8)), *state};
    }
    out.push_back(std::move(l));
  }
}

}  // namespace ill::store
