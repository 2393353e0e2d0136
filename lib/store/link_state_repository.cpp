#include "store/link_state_repository.hpp"

#include "store/database.hpp"

namespace ill::store {

namespace {

StateInterval read_interval(const Statement& s) {
  return StateInterval{s.int64(0), s.int64(1), s.int64(2), s.text(3)};
}

}  // namespace

Status LinkStateRepository::insert(const StateInterval& i) {
  auto stmt = m_db.prepare(
      "INSERT OR REPLACE INTO link_state (link_id, from_t, to_t, state) VALUES (?, ?, ?, ?)");
  if (!stmt) return fail(stmt.error());
  return (*stmt)->bind_all(i.link_id, i.from_t, i.to_t, i.state).run();
}

Status LinkStateRepository::record(const StateInterval& i) {
  if (i.to_t <= i.from_t) return {};
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  auto previous = last(i.link_id);
  if (!previous) return fail(previous.error());
  if (*previous) {
    const StateInterval& p = **previous;
    if (p.state == i.state && p.to_t >= i.from_t && p.from_t <= i.from_t) {
      if (i.to_t > p.to_t) {
        auto stmt = m_db.prepare("UPDATE link_state SET to_t = ? WHERE link_id = ? AND from_t = ?");
        if (!stmt) return fail(stmt.error());
        if (auto st = (*stmt)->bind_all(i.to_t, p.link_id, p.from_t).run(); !st) return st;
      }
      return tx->commit();
    }
    if (p.to_t > i.from_t) {
      if (p.from_t >= i.from_t) {
        auto stmt = m_db.prepare("DELETE FROM link_state WHERE link_id = ? AND from_t = ?");
        if (!stmt) return fail(stmt.error());
        if (auto st = (*stmt)->bind_all(p.link_id, p.from_t).run(); !st) return st;
      } else {
        auto stmt = m_db.prepare("UPDATE link_state SET to_t = ? WHERE link_id = ? AND from_t = ?");
        if (!stmt) return fail(stmt.error());
        if (auto st = (*stmt)->bind_all(i.from_t, p.link_id, p.from_t).run(); !st) return st;
      }
    }
  }
  if (auto st = insert(i); !st) return st;
  return tx->commit();
}

Status LinkStateRepository::apply(std::int64_t link_id,
                                  std::optional<std::pair<std::int64_t, std::int64_t>> last_end,
                                  const std::vector<StateInterval>& appended) {
  if (last_end) {
    auto stmt = m_db.prepare("UPDATE link_state SET to_t = ? WHERE link_id = ? AND from_t = ?");
    if (!stmt) return fail(stmt.error());
    if (auto st = (*stmt)->bind_all(last_end->second, link_id, last_end->first).run(); !st)
      return st;
  }
  for (const auto& i : appended)
    if (auto st = insert(i); !st) return st;
  return {};
}

Status LinkStateRepository::replace(std::int64_t link_id, std::int64_t from, std::int64_t to,
                                    const std::vector<StateInterval>& intervals) {
  auto tx = m_db.begin();
  if (!tx) return fail(tx.error());
  auto stmt =
      m_db.prepare("DELETE FROM link_state WHERE link_id = ? AND from_t >= ? AND from_t < ?");
  if (!stmt) return fail(stmt.error());
  if (auto st = (*stmt)->bind_all(link_id, from, to).run(); !st) return st;
  for (const auto& i : intervals)
    if (auto st = insert(i); !st) return st;
  return tx->commit();
}

Result<std::vector<StateInterval>> LinkStateRepository::range(std::int64_t link_id,
                                                              std::int64_t from, std::int64_t to) {
  // (link_id, from_t) is the primary key: intervals that start before `to` and end after `from`.
  auto stmt = m_db.prepare(
      "SELECT link_id, from_t, to_t, state FROM link_state WHERE link_id = ? AND from_t < ? AND "
      "to_t > ? ORDER BY from_t");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(link_id, to, from);
  std::vector<StateInterval> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) return out;
    out.push_back(read_interval(**stmt));
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
  return std::optional<StateInterval>(read_interval(**stmt));
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
    if (!s.is_null(7)) l.last = StateInterval{l.link_id, s.int64(7), s.int64(8), s.text(9)};
    out.push_back(std::move(l));
  }
}

}  // namespace ill::store
