// The rollups the SLA figures read (schema version 2): up-only latency and loss, latencies counted
// per 0.1 ms, the day's 5-minute slots; kept by add() as samples arrive or by settle() a slot at a
// time, rebuilt from samples by rebuild() and by migration 2.
#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/migrations.hpp"
#include "store/rollup_codec.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "temp_dir.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>

using namespace ill::store;
using ill::sla::LatencyCount;

namespace {

struct Fixture {
  std::unique_ptr<Database> db = Database::open(":memory:", OpenMode::create).value();
  std::int64_t link = 0;
  Fixture() {
    auto client = ClientRepository(*db).add(Client{0, "acme", {}, {}, "UTC"}).value();
    Router r;
    r.name = "gw1";
    r.host = "10.0.0.1";
    r.username = "ill";
    auto router = RouterRepository(*db).add(r).value();
    Link l;
    l.name = "acme-1";
    l.client_id = client;
    l.router_id = router;
    l.interface = "ether1";
    l.committed_mbps = 100;
    link = LinkRepository(*db).add(l).value();
  }
};

// 2026-01-01T00:00:00Z, the start of a UTC day.
constexpr std::int64_t k_hour = 1767225600;

Sample sample(std::int64_t link, std::int64_t t, const char* state, std::optional<double> rx,
              std::optional<double> tx, std::optional<double> latency, std::optional<double> loss) {
  Sample s;
  s.link_id = link;
  s.t = ill::from_unix_seconds(t);
  s.state = ill::sla::state_from_string(state).value();
  s.rx_bps = rx;
  s.tx_bps = tx;
  s.latency_avg_ms = latency;
  s.loss_pct = loss;
  return s;
}

// Five samples in the hour's first two slots and one in its last.
std::vector<Sample> hour_of_samples(std::int64_t link) {
  return {sample(link, k_hour + 10, "up", 100, 10, 20.25, 0),           // slot 0
          sample(link, k_hour + 70, "up", 300, std::nullopt, 20.5, 2),  // slot 0
          sample(link, k_hour + 130, "down", 0, 0, std::nullopt, 100),  // slot 0
          sample(link, k_hour + 310, "unknown", std::nullopt, std::nullopt, 99.0, std::nullopt),
          sample(link, k_hour + 3590, "up", 50, 20, 20.125, std::nullopt)};  // slot 11
}

void add_all(Database& db, const std::vector<Sample>& samples) {
  SampleRepository repo(db);
  RollupRepository rollups(db);
  for (const auto& s : samples) {
    REQUIRE(repo.put(s));
    REQUIRE(rollups.add(s));
  }
}

}  // namespace

TEST_CASE("rollup blobs round-trip, and slot rates come out as rule 8 means", "[unit][store]") {
  std::vector<SlotSums> slots(k_slots_per_day);
  slots[0] = {2, 1, 400.0, 10.0};
  slots[11] = {1, 1, 50.0, 20.0};
  slots[287] = {3, 0, 3.0, 0.0};
  std::vector<SlotSums> back;
  REQUIRE(decode_slots(encode_slots(slots), back));
  CHECK(back == slots);
  std::vector<double> in;
  std::vector<double> out;
  const auto blob = encode_slots(slots);
  REQUIRE(append_slot_rates(blob, 0, k_slots_per_day, in, out));
  CHECK(in == std::vector<double>{200.0, 50.0, 1.0});
  CHECK(out == std::vector<double>{10.0, 20.0});
  in.clear();
  out.clear();
  REQUIRE(append_slot_rates(blob, 1, 287, in, out));
  CHECK(in == std::vector<double>{50.0});
  CHECK(slot_in_day(k_day_s * 20'000 + 86'399) == 287);
  CHECK(slot_in_day(-1) == 287);
  CHECK_FALSE(decode_slots(std::vector<unsigned char>(7), back));

  const std::vector<LatencyCount> hist{{0, 1}, {200, 3}, {201, 1}, {1'000'000, 70'000}};
  std::vector<LatencyCount> decoded;
  REQUIRE(append_histogram(encode_histogram(hist), decoded));
  CHECK(decoded == hist);
  auto cut = encode_histogram(hist);
  cut.pop_back();
  decoded.clear();
  CHECK_FALSE(append_histogram(cut, decoded));
}

TEST_CASE("add() keeps up-only latency and loss, latencies per 0.1 ms and the day's slots",
          "[unit][store]") {
  Fixture f;
  add_all(*f.db, hour_of_samples(f.link));
  RollupRepository rollups(*f.db);

  auto hours =
      rollups.range(RollupPeriod::one_hour, f.link,
                    {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)});
  REQUIRE(hours);
  REQUIRE(hours->size() == 1);
  const Rollup& h = hours->front();
  CHECK(h.samples == 5);
  CHECK(h.up_samples == 3);
  CHECK(h.down_samples == 1);
  CHECK(h.latency_n == 4);  // every sample with a latency, the unknown one's too
  CHECK(h.loss_n == 3);
  CHECK(h.loss_sum == 102.0);
  CHECK(h.up_latency_n == 3);
  CHECK(h.up_latency_sum == 60.875);
  CHECK(h.up_loss_n == 2);  // not the down sample's 100 %
  CHECK(h.up_loss_sum == 2.0);
  // In 0.1 ms, to nearest, halves away from zero: 20.25 -> 203, 20.5 -> 205, 20.125 -> 201.
  CHECK(h.up_latencies == std::vector<LatencyCount>{{201, 1}, {203, 1}, {205, 1}});
  CHECK(h.slots.empty());

  auto days =
      rollups.range(RollupPeriod::one_day, f.link,
                    {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + k_day_s)});
  REQUIRE(days);
  REQUIRE(days->size() == 1);
  const Rollup& d = days->front();
  CHECK(d.samples == 5);
  CHECK(d.up_latency_n == 3);
  CHECK(d.up_latency_sum == 60.875);
  CHECK(d.up_loss_sum == 2.0);
  CHECK(d.up_latencies == h.up_latencies);
  REQUIRE(d.slots.size() == k_slots_per_day);
  CHECK(d.slots[0] == SlotSums{3, 2, 400.0, 10.0});
  CHECK(d.slots[1] == SlotSums{});  // the unknown sample had no rates
  CHECK(d.slots[11] == SlotSums{1, 1, 50.0, 20.0});
  CHECK(d.rx_n == 0);  // a day row keeps only what the SLA figures need

  auto five =
      rollups.range(RollupPeriod::five_minutes, f.link,
                    {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)});
  REQUIRE(five);
  REQUIRE(five->size() == 3);
  CHECK((*five)[0].up_latency_n == 2);
  CHECK((*five)[0].up_latencies == std::vector<LatencyCount>{{203, 1}, {205, 1}});
  CHECK((*five)[1].samples == 1);
  CHECK((*five)[1].up_latency_n == 0);
  CHECK((*five)[1].up_latencies.empty());
  CHECK((*five)[2].t == ill::from_unix_seconds(k_hour + 3300));

  // What the SLA figures read of the same rows.
  std::vector<std::int64_t> seen;
  REQUIRE(rollups.visit_sla(RollupPeriod::one_day, f.link,
                            {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 1)},
                            [&](const SlaRollupRow& row) -> ill::Status {
                              seen.push_back(ill::unix_seconds(row.t));
                              CHECK(row.up_latency_n == 3);
                              std::vector<SlotSums> slots;
                              CHECK(decode_slots(row.slots, slots));
                              CHECK(slots[slot_in_day(k_hour)].rx_n > 0);
                              return {};
                            }));
  CHECK(seen == std::vector<std::int64_t>{k_hour});
}

TEST_CASE("rebuild() makes the rollups of the stored samples, however often they were replaced",
          "[unit][store]") {
  Fixture f;
  const auto samples = hour_of_samples(f.link);
  add_all(*f.db, samples);
  RollupRepository rollups(*f.db);
  auto before_5m =
      rollups.range(RollupPeriod::five_minutes, f.link,
                    {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)});
  auto before_1h =
      rollups.range(RollupPeriod::one_hour, f.link,
                    {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)});
  auto before_1d =
      rollups.range(RollupPeriod::one_day, f.link,
                    {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + k_day_s)});
  REQUIRE((before_5m && before_1h && before_1d));

  // Adding the same samples again counts them twice: add() is for new samples only.
  add_all(*f.db, samples);
  CHECK(rollups
            .range(RollupPeriod::one_hour, f.link,
                   {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)})
            ->front()
            .samples == 10);
  // rebuild() over any part of the hour restores what once gives, twice as once.
  for (int i = 0; i < 2; ++i) {
    REQUIRE(rollups.rebuild(
        f.link, {ill::from_unix_seconds(k_hour + 100), ill::from_unix_seconds(k_hour + 200)}));
    CHECK(*rollups.range(RollupPeriod::five_minutes, f.link,
                         {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)}) ==
          *before_5m);
    CHECK(*rollups.range(RollupPeriod::one_hour, f.link,
                         {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)}) ==
          *before_1h);
    CHECK(*rollups.range(RollupPeriod::one_day, f.link,
                         {ill::from_unix_seconds(k_hour),
                          ill::from_unix_seconds(k_hour + k_day_s)}) == *before_1d);
  }
  // A rollup row whose samples are gone goes.
  auto extra = sample(f.link, k_hour + 2 * k_day_s, "up", 1, 1, 1, 0);
  REQUIRE(rollups.add(extra));
  REQUIRE(rollups.rebuild(f.link, {ill::from_unix_seconds(k_hour + 2 * k_day_s),
                                   ill::from_unix_seconds(k_hour + 2 * k_day_s + 1)}));
  for (auto period : {RollupPeriod::five_minutes, RollupPeriod::one_hour, RollupPeriod::one_day})
    CHECK(rollups
              .range(period, f.link,
                     {ill::from_unix_seconds(k_hour + k_day_s),
                      ill::from_unix_seconds(k_hour + 3 * k_day_s)})
              ->empty());
}

TEST_CASE("settle() gives a slot the rollups of its samples, and settling again changes nothing",
          "[unit][store]") {
  const auto samples = hour_of_samples(0);
  const ill::sla::TimeRange day{ill::from_unix_seconds(k_hour),
                                ill::from_unix_seconds(k_hour + k_day_s)};
  auto all_rows = [&day](RollupRepository& rollups, std::int64_t link) {
    std::vector<std::vector<Rollup>> out;
    for (auto period : {RollupPeriod::five_minutes, RollupPeriod::one_hour, RollupPeriod::one_day})
      out.push_back(rollups.range(period, link, day).value());
    return out;
  };
  // What the samples give, rebuilt from scratch.
  Fixture expected;
  for (Sample s : samples) {
    s.link_id = expected.link;
    REQUIRE(SampleRepository(*expected.db).put(s));
  }
  RollupRepository rebuilt(*expected.db);
  REQUIRE(rebuilt.rebuild(expected.link, day));
  const auto want = all_rows(rebuilt, expected.link);
  REQUIRE(want[0].size() == 3);

  Fixture f;
  SampleRepository stored(*f.db);
  RollupRepository rollups(*f.db);
  auto put = [&](std::size_t i) {
    Sample s = samples.at(i);
    s.link_id = f.link;
    REQUIRE(stored.put(s));
  };
  auto settle = [&](std::int64_t slot) {
    REQUIRE(rollups.settle(f.link, ill::from_unix_seconds(slot)));
  };
  // Nothing is counted before its slot is settled.
  put(0);
  put(1);
  CHECK(rollups.range(RollupPeriod::five_minutes, f.link, day)->empty());
  // The first slot settled with two of its three samples, then again once the third came: the
  // day row moves by the difference only.
  settle(k_hour + 299);  // any time inside the slot names it
  REQUIRE(rollups.range(RollupPeriod::one_day, f.link, day)->at(0).samples == 2);
  put(2);
  settle(k_hour);
  put(3);
  put(4);
  settle(k_hour + 300);
  settle(k_hour + 3300);
  CHECK(all_rows(rollups, f.link) == want);
  // Settled twice, or after history import rebuilt the day: the same.
  settle(k_hour);
  settle(k_hour + 3300);
  CHECK(all_rows(rollups, f.link) == want);
  REQUIRE(rollups.rebuild(f.link, day));
  settle(k_hour + 300);
  CHECK(all_rows(rollups, f.link) == want);
  // A slot without samples has no row, and settling it writes none.
  settle(k_hour + 600);
  CHECK(all_rows(rollups, f.link) == want);

  // A late sample in a packed day: the day is rebuilt whole (and packed again by a later pass).
  REQUIRE(rollups.pack_before(ill::from_unix_seconds(k_hour + k_day_s + 3600)).value() == 1);
  CHECK(all_rows(rollups, f.link) == want);
  Sample late = sample(f.link, k_hour + 600, "up", 70, 7, 20.0, 0);
  REQUIRE(stored.put(late));
  settle(k_hour + 600);
  late.link_id = expected.link;
  REQUIRE(SampleRepository(*expected.db).put(late));
  REQUIRE(rebuilt.rebuild(expected.link, day));
  CHECK(all_rows(rollups, f.link) == all_rows(rebuilt, expected.link));
  CHECK(all_rows(rollups, f.link)[0].size() == 4);
}

TEST_CASE("put() writes whole rows that read back the same", "[unit][store]") {
  Fixture f;
  add_all(*f.db, hour_of_samples(f.link));
  RollupRepository rollups(*f.db);
  for (auto period : {RollupPeriod::five_minutes, RollupPeriod::one_hour, RollupPeriod::one_day}) {
    auto rows =
        rollups
            .range(period, f.link,
                   {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + k_day_s)})
            .value();
    REQUIRE_FALSE(rows.empty());
    for (auto& row : rows) {
      row.t += std::chrono::seconds{k_day_s};
      REQUIRE(rollups.put(period, row));
      row.t -= std::chrono::seconds{k_day_s};
    }
    auto copies = rollups
                      .range(period, f.link,
                             {ill::from_unix_seconds(k_hour + k_day_s),
                              ill::from_unix_seconds(k_hour + 2 * k_day_s)})
                      .value();
    REQUIRE(copies.size() == rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      copies[i].t -= std::chrono::seconds{k_day_s};
      CHECK(copies[i] == rows[i]);
    }
  }
}

TEST_CASE("migration 2 rebuilds the rollups of samples stored under schema 1", "[unit][store]") {
  ill::test::TempDir dir;
  const std::string path = (dir.path() / "v1.db").string();
  {
    // A database as ill wrote it before: schema 1, samples from `history import`, no rollups.
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw, migrations().at(0).sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    const char* rows =
        "PRAGMA user_version = 1;"
        "INSERT INTO clients (id, name) VALUES (1, 'acme');"
        "INSERT INTO routers (id, name, host, port, username) VALUES (1, 'gw1', 'h', 8728, 'u');"
        "INSERT INTO links (id, name, client_id, router_id, interface, committed_mbps) "
        "VALUES (1, 'acme-1', 1, 1, 'ether1', 10);"
        "INSERT INTO samples (link_id, t, state, rx_bps, tx_bps, latency_avg_ms, loss_pct) VALUES "
        "(1, 1767225610, 'up', 100, 10, 20.25, 0), (1, 1767225670, 'up', 300, NULL, 20.5, 2),"
        "(1, 1767225730, 'down', 0, 0, NULL, 100);";
    REQUIRE(sqlite3_exec(raw, rows, nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = Database::open(path, OpenMode::existing);
  REQUIRE(db);
  CHECK((*db)->schema_version().value() == latest_schema_version());  // 2 and every later one
  auto hours = RollupRepository(**db).range(
      RollupPeriod::one_hour, 1,
      {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + 3600)});
  REQUIRE(hours);
  REQUIRE(hours->size() == 1);
  CHECK(hours->front().samples == 3);
  CHECK(hours->front().up_latency_n == 2);
  CHECK(hours->front().up_loss_sum == 2.0);
  CHECK(hours->front().up_latencies == std::vector<LatencyCount>{{203, 1}, {205, 1}});
  auto days = RollupRepository(**db).range(
      RollupPeriod::one_day, 1,
      {ill::from_unix_seconds(k_hour), ill::from_unix_seconds(k_hour + k_day_s)});
  REQUIRE(days);
  REQUIRE(days->size() == 1);
  CHECK(days->front().up_latency_n == 2);
  CHECK(days->front().slots.at(0) == SlotSums{3, 2, 400.0, 10.0});
}
