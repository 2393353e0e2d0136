// Schema version 8: a closed day's 5-minute and hourly rollups packed into its day row
// (store/day_codec.hpp), read back as the rows they replace; sample times to the millisecond;
// migration 8 from a schema-7 store with data.
#include "core/format.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/day_codec.hpp"
#include "store/link_repository.hpp"
#include "store/migrations.hpp"
#include "store/rollup_codec.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "temp_dir.hpp"

#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

using namespace ill::store;
using ill::sla::LatencyCount;

namespace {

// 2026-01-01T00:00:00Z.
constexpr std::int64_t k_day0 = 1767225600;

std::int64_t add_link(Database& db) {
  auto client = ClientRepository(db).add(Client{0, "acme", {}, {}, "UTC"}).value();
  Router r;
  r.name = "gw1";
  r.host = "10.0.0.1";
  r.username = "ill";
  auto router = RouterRepository(db).add(r).value();
  Link l;
  l.name = "acme-1";
  l.client_id = client;
  l.router_id = router;
  l.interface = "ether1";
  l.committed_mbps = 100;
  return LinkRepository(db).add(l).value();
}

// Every 97 s over `days` days from k_day0: mostly up with whole rates and microsecond latencies,
// some down, some unknown, some without a probe.
std::vector<Sample> samples_over(std::int64_t link, int days) {
  std::vector<Sample> out;
  int i = 0;
  for (std::int64_t t = k_day0 + 13; t < k_day0 + days * k_day_s; t += 97, ++i) {
    Sample s;
    s.link_id = link;
    s.t = ill::from_unix_seconds(t);
    s.ms = (i * 37) % 1000;
    s.state = i % 41 == 0   ? ill::sla::State::down
              : i % 53 == 0 ? ill::sla::State::unknown
                            : ill::sla::State::up;
    if (s.state != ill::sla::State::unknown) {
      s.rx_bps = static_cast<double>(1'000'000 + (i * 7919) % 5'000'000);
      if (i % 7 != 0) s.tx_bps = static_cast<double>(200'000 + (i * 104'729) % 900'000);
    }
    if (i % 11 != 0) {
      s.latency_avg_ms = 8 + ((i * 389) % 4000) / 1000.0;
      s.latency_max_ms = *s.latency_avg_ms + 1.5;
      s.loss_pct = i % 13 == 0 ? 20.0 : 0.0;
    }
    out.push_back(s);
  }
  return out;
}

struct Store {
  std::unique_ptr<Database> db = Database::open(":memory:", OpenMode::create).value();
  std::int64_t link = add_link(*db);

  void add(const std::vector<Sample>& samples) {
    auto tx = db->begin().value();
    for (const auto& s : samples) {
      REQUIRE(SampleRepository(*db).put(s));
      REQUIRE(RollupRepository(*db).add(s));
    }
    REQUIRE(tx.commit());
  }
  std::int64_t rows(const char* table) {
    auto stmt = db->prepare(std::string("SELECT count(*) FROM ") + table).value();
    REQUIRE(stmt->step().value());
    return stmt->int64(0);
  }
};

// Latency and loss sums are kept to 1/10,000 ms or % in a packed day; the rest exactly.
void check_same(const std::vector<Rollup>& packed, const std::vector<Rollup>& rows) {
  REQUIRE(packed.size() == rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Rollup a = packed[i];
    const Rollup& b = rows[i];
    INFO("slot " << ill::unix_seconds(b.t));
    CHECK(a.latency_sum == Approx(b.latency_sum).margin(1e-4));
    CHECK(a.up_latency_sum == Approx(b.up_latency_sum).margin(1e-4));
    CHECK(a.loss_sum == Approx(b.loss_sum).margin(1e-4));
    CHECK(a.up_loss_sum == Approx(b.up_loss_sum).margin(1e-4));
    a.latency_sum = b.latency_sum;
    a.up_latency_sum = b.up_latency_sum;
    a.loss_sum = b.loss_sum;
    a.up_loss_sum = b.up_loss_sum;
    CHECK(a == b);
  }
}

void check_reads_equal(Store& packed, Store& rows, std::int64_t from, std::int64_t to) {
  RollupRepository p(*packed.db);
  RollupRepository r(*rows.db);
  for (auto period : {RollupPeriod::five_minutes, RollupPeriod::one_hour}) {
    const ill::sla::TimeRange span{ill::from_unix_seconds(from), ill::from_unix_seconds(to)};
    const auto kept = r.range(period, rows.link, span).value();
    check_same(p.range(period, packed.link, span).value(), kept);
    // Read for a graph, without histograms (after a read with them and before one, so the
    // decoded day the repository keeps serves each as asked).
    auto graph = kept;
    for (Rollup& x : graph) x.up_latencies.clear();
    check_same(p.range(period, packed.link, span, Histograms::skip).value(), graph);
    check_same(r.range(period, rows.link, span, Histograms::skip).value(), graph);
    check_same(p.range(period, packed.link, span).value(), kept);
    // What the SLA figures read of them.
    std::vector<Rollup> seen[2];
    for (int k = 0; k < 2; ++k) {
      RollupRepository& repo = k == 0 ? p : r;
      REQUIRE(repo.visit_sla(period, packed.link,
                             {ill::from_unix_seconds(from), ill::from_unix_seconds(to)},
                             [&](const SlaRollupRow& row) {
                               Rollup x;
                               x.t = row.t;
                               x.up_latency_n = row.up_latency_n;
                               x.up_latency_sum = row.up_latency_sum;
                               x.up_loss_n = row.up_loss_n;
                               x.up_loss_sum = row.up_loss_sum;
                               auto st = append_histogram(row.up_latency_hist, x.up_latencies);
                               seen[k].push_back(x);
                               return st;
                             }));
    }
    check_same(seen[0], seen[1]);
  }
  CHECK(p.range(RollupPeriod::one_day, packed.link,
                {ill::from_unix_seconds(from), ill::from_unix_seconds(to)})
            .value() == r.range(RollupPeriod::one_day, rows.link,
                                {ill::from_unix_seconds(from), ill::from_unix_seconds(to)})
                            .value());
}

}  // namespace

TEST_CASE("a day's slots and detail blobs round-trip and refuse cut bytes", "[unit][store]") {
  std::vector<SlotSums> slots(k_slots_per_day);
  slots[0] = {5, 5, 61'000'000.0, 9'000'000.0};
  slots[1] = {2, 1, 0.5, 3.0};  // a sum that is not whole keeps its double
  slots[287] = {300, 299, 1e15, 0.0};
  std::vector<SlotSums> back;
  const auto blob = encode_slots(slots);
  REQUIRE(decode_slots(blob, back));
  CHECK(back == slots);
  std::vector<double> in;
  std::vector<double> out;
  REQUIRE(append_slot_rates(blob, 1, k_slots_per_day, in, out));
  CHECK(in == std::vector<double>{0.25, 1e15 / 300});
  CHECK(out == std::vector<double>{3.0, 0.0});
  auto cut = blob;
  cut.pop_back();
  CHECK_FALSE(decode_slots(cut, back));
  CHECK_FALSE(decode_slots(std::vector<unsigned char>(7, 0xFF), back));

  std::vector<SlotDetail> detail(k_slots_per_day);
  detail[0] = {5, 5, 0, 5, 41.25, 9.5, 5, 0, 5, 41.25, 5, 0, {{80, 2}, {81, 3}}, 14e6, 2e6};
  // Mixed states, own up figures, counts below the samples, a histogram with many repeats.
  detail[3] = {
      300,          200, 90, 250, 2500.5, 99.0, 120, 60, 200, 2000.25, 100, 40, {{0, 150}, {7, 50}},
      std::nullopt, 3.5};
  detail[287] = {1, 0, 1, 0, 0, std::nullopt, 1, 100, 0, 0, 0, 0, {}, std::nullopt, std::nullopt};
  std::vector<SlotDetail> decoded;
  const auto packed = encode_detail(detail);
  REQUIRE(decode_detail(packed, decoded));
  REQUIRE(decoded.size() == k_slots_per_day);
  for (std::size_t i : {0, 3, 287}) {
    INFO("slot " << i);
    CHECK(decoded[i].samples == detail[i].samples);
    CHECK(decoded[i].up_samples == detail[i].up_samples);
    CHECK(decoded[i].down_samples == detail[i].down_samples);
    CHECK(decoded[i].latency_n == detail[i].latency_n);
    CHECK(decoded[i].latency_sum == detail[i].latency_sum);
    CHECK(decoded[i].latency_max == detail[i].latency_max);
    CHECK(decoded[i].loss_n == detail[i].loss_n);
    CHECK(decoded[i].loss_sum == detail[i].loss_sum);
    CHECK(decoded[i].up_latency_n == detail[i].up_latency_n);
    CHECK(decoded[i].up_latency_sum == detail[i].up_latency_sum);
    CHECK(decoded[i].up_loss_n == detail[i].up_loss_n);
    CHECK(decoded[i].up_loss_sum == detail[i].up_loss_sum);
    CHECK(decoded[i].up_latencies == detail[i].up_latencies);
    CHECK(decoded[i].rx_max == detail[i].rx_max);
    CHECK(decoded[i].tx_max == detail[i].tx_max);
  }
  CHECK(decoded[1].samples == 0);
  // Without the histograms: every other figure the same, both histogram layouts (pairs in slot
  // 3, one bucket per latency in slot 0) stepped over.
  std::vector<SlotDetail> sums;
  REQUIRE(decode_detail(packed, sums, Histograms::skip));
  REQUIRE(sums.size() == k_slots_per_day);
  for (std::size_t i = 0; i < k_slots_per_day; ++i) {
    INFO("slot " << i);
    CHECK(sums[i].up_latencies.empty());
    SlotDetail kept = decoded[i];
    kept.up_latencies.clear();
    CHECK(sums[i].samples == kept.samples);
    CHECK(sums[i].up_latency_n == kept.up_latency_n);
    CHECK(sums[i].latency_sum == kept.latency_sum);
    CHECK(sums[i].loss_sum == kept.loss_sum);
    CHECK(sums[i].rx_max == kept.rx_max);
    CHECK(sums[i].tx_max == kept.tx_max);
  }
  // Latency sums are kept to 1/10,000 ms.
  detail[0].latency_sum = 41.123456;
  REQUIRE(decode_detail(encode_detail(detail), decoded));
  CHECK(decoded[0].latency_sum == Approx(41.1235).margin(1e-9));
  auto short_detail = packed;
  short_detail.resize(packed.size() - 2);
  CHECK_FALSE(decode_detail(short_detail, decoded));
  CHECK_FALSE(decode_detail(short_detail, decoded, Histograms::skip));
}

TEST_CASE("packing closed days keeps every 5-minute, hourly and daily read the same",
          "[unit][store]") {
  Store rows;
  Store packed;
  const auto samples = samples_over(rows.link, 3);
  rows.add(samples);
  packed.add(samples);
  const std::int64_t to = k_day0 + 3 * k_day_s;
  // Days 0 and 1 have closed an hour before day 2's 01:00; day 2 is still open.
  const auto now = ill::from_unix_seconds(k_day0 + 2 * k_day_s + 3600) + k_pack_after;
  RollupRepository repo(*packed.db);
  CHECK(repo.pack_before(now - k_pack_after, 1).value() == 1);  // bounded per call
  CHECK(repo.pack_before(now - k_pack_after).value() == 1);
  CHECK(repo.pack_before(now - k_pack_after).value() == 0);
  CHECK(packed.rows("rollups_5m") == 288);  // day 2's
  // No day's hours are stored while its 5-minute data is: they are summed when read.
  CHECK(packed.rows("rollups_1h") == 0);
  CHECK(rows.rows("rollups_1h") == 0);
  CHECK(rows.rows("rollups_5m") == 3 * 288);
  check_reads_equal(packed, rows, k_day0, to);
  // Any window, cut anywhere.
  check_reads_equal(packed, rows, k_day0 + 3000, k_day0 + k_day_s + 7300);

  // A sample that comes after its day was packed counts as if it had come in time, before and
  // after the day is packed again.
  Sample late = samples[5];
  late.t += std::chrono::seconds(40);
  late.latency_avg_ms = 30.125;
  late.latency_max_ms = 44.0;
  late.rx_bps = 99'000'000;
  rows.add({late});
  packed.add({late});
  check_reads_equal(packed, rows, k_day0, to);
  CHECK(repo.pack_before(now - k_pack_after).value() == 1);
  check_reads_equal(packed, rows, k_day0, to);

  // When the day rows expire, the hours of their days stay (hours are kept).
  const auto hours = RollupRepository(*rows.db)
                         .range(RollupPeriod::one_hour, rows.link,
                                {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(to)})
                         .value();
  REQUIRE(
      repo.expire_before(RollupPeriod::five_minutes, ill::from_unix_seconds(k_day0 + 2 * k_day_s)));
  REQUIRE(repo.expire_before(RollupPeriod::one_day, ill::from_unix_seconds(k_day0 + 2 * k_day_s)));
  CHECK(repo.range(RollupPeriod::one_day, packed.link,
                   {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(to)})
            .value()
            .size() == 1);
  CHECK(repo.range(RollupPeriod::five_minutes, packed.link,
                   {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(k_day0 + 2 * k_day_s)})
            .value()
            .empty());
  check_same(repo.range(RollupPeriod::one_hour, packed.link,
                        {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(to)})
                 .value(),
             hours);
}

TEST_CASE("a packed day is rows again when rebuilt and gone when put again", "[unit][store]") {
  Store rows;
  Store packed;
  const auto samples = samples_over(rows.link, 2);
  rows.add(samples);
  packed.add(samples);
  RollupRepository repo(*packed.db);
  auto packed_days = [&packed] {
    auto stmt =
        packed.db->prepare("SELECT count(*) FROM rollups_1d WHERE detail IS NOT NULL").value();
    REQUIRE(stmt->step().value());
    return stmt->int64(0);
  };
  REQUIRE(repo.pack_before(ill::from_unix_seconds(k_day0 + 2 * k_day_s)).value() == 2);
  CHECK(packed_days() == 2);
  // History import rebuilds a day from its samples: the day is rows again, read as before.
  const ill::sla::TimeRange day1{ill::from_unix_seconds(k_day0 + k_day_s),
                                 ill::from_unix_seconds(k_day0 + 2 * k_day_s)};
  REQUIRE(repo.rebuild(packed.link, day1));
  CHECK(packed_days() == 1);
  CHECK(packed.rows("rollups_5m") == 288);
  check_reads_equal(packed, rows, k_day0, k_day0 + 2 * k_day_s);
  // A day row put whole replaces the day: day 0's packed 5-minute slots are gone with it.
  Rollup day0 = repo.range(RollupPeriod::one_day, packed.link,
                           {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(k_day0 + 1)})
                    .value()
                    .at(0);
  REQUIRE(repo.put(RollupPeriod::one_day, day0));
  CHECK(packed_days() == 0);
  CHECK(repo.range(RollupPeriod::five_minutes, packed.link,
                   {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(k_day0 + k_day_s)})
            .value()
            .empty());
}

TEST_CASE("a late sample with traffic counts in a packed day that had none", "[unit][store]") {
  Store rows;
  Store packed;
  // A day of polls without rates (a link whose counters were not read), packed. The single day
  // also makes a graph read reuse the day a read with histograms decoded.
  auto samples = samples_over(rows.link, 1);
  for (Sample& s : samples) s.rx_bps = s.tx_bps = std::nullopt;
  rows.add(samples);
  packed.add(samples);
  RollupRepository repo(*packed.db);
  REQUIRE(repo.pack_before(ill::from_unix_seconds(k_day0 + k_day_s)).value() == 1);
  check_reads_equal(packed, rows, k_day0, k_day0 + k_day_s);
  Sample late = samples[100];
  late.t += std::chrono::seconds(20);
  late.rx_bps = 7'000'000;
  late.tx_bps = 1'000'000;
  rows.add({late});
  packed.add({late});
  check_reads_equal(packed, rows, k_day0, k_day0 + k_day_s);
  REQUIRE(repo.pack_before(ill::from_unix_seconds(k_day0 + k_day_s)).value() == 1);
  check_reads_equal(packed, rows, k_day0, k_day0 + k_day_s);
  const auto slots =
      repo.range(RollupPeriod::five_minutes, packed.link,
                 {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(k_day0 + k_day_s)})
          .value();
  CHECK(std::count_if(slots.begin(), slots.end(), [](const Rollup& r) { return r.rx_n > 0; }) == 1);
}

TEST_CASE("an open day's slots are summed from its 5-minute rows, not rewritten sample by sample",
          "[unit][store]") {
  Store live;
  Store rebuilt;
  const ill::sla::TimeRange two_days{ill::from_unix_seconds(k_day0),
                                     ill::from_unix_seconds(k_day0 + 2 * k_day_s)};
  const auto samples = samples_over(live.link, 2);
  live.add(samples);
  // The same samples written as history import writes them: the day rows built whole.
  {
    auto tx = rebuilt.db->begin().value();
    for (const auto& s : samples) REQUIRE(SampleRepository(*rebuilt.db).put(s));
    REQUIRE(RollupRepository(*rebuilt.db).rebuild(rebuilt.link, two_days));
    REQUIRE(tx.commit());
  }
  auto stored_slots = [](Store& store) {
    auto stmt =
        store.db->prepare("SELECT count(*) FROM rollups_1d WHERE slots IS NOT NULL").value();
    REQUIRE(stmt->step().value());
    return stmt->int64(0);
  };
  CHECK(stored_slots(live) == 0);  // the writer left the day rows' slots alone
  CHECK(stored_slots(rebuilt) == 2);
  // Both read the same days: range() and what the SLA figures read.
  check_reads_equal(live, rebuilt, k_day0, k_day0 + 2 * k_day_s);
  auto sla_slots = [&two_days](Store& store) {
    std::vector<std::vector<unsigned char>> out;
    REQUIRE(RollupRepository(*store.db).visit_sla(
        RollupPeriod::one_day, store.link, two_days, [&](const SlaRollupRow& row) -> ill::Status {
          out.emplace_back(row.slots.begin(), row.slots.end());
          return {};
        }));
    return out;
  };
  const auto live_slots = sla_slots(live);
  REQUIRE(live_slots.size() == 2);
  CHECK_FALSE(live_slots[0].empty());
  CHECK(live_slots == sla_slots(rebuilt));
  // Packing the closed day stores its slots, which read the same.
  REQUIRE(
      RollupRepository(*live.db).pack_before(ill::from_unix_seconds(k_day0 + k_day_s)).value() ==
      1);
  CHECK(stored_slots(live) == 1);
  CHECK(sla_slots(live) == live_slots);
}

TEST_CASE("an open day's hours are its samples' sums, stored only when its 5-minute rows expire",
          "[unit][store]") {
  Store live;
  const auto samples = samples_over(live.link, 1);
  live.add(samples);
  CHECK(live.rows("rollups_1h") == 0);
  // Each hour's figures from the samples themselves.
  std::map<std::int64_t, Rollup> expected;
  for (const Sample& s : samples) {
    const std::int64_t t = ill::unix_seconds(s.t);
    Rollup& h = expected[t - t % 3600];
    h.t = ill::from_unix_seconds(t - t % 3600);
    ++h.samples;
    h.up_samples += s.state == ill::sla::State::up;
    h.down_samples += s.state == ill::sla::State::down;
    if (s.rx_bps) {
      ++h.rx_n;
      h.rx_sum += *s.rx_bps;
      h.rx_max = std::max(h.rx_max.value_or(0), *s.rx_bps);
    }
    if (s.latency_avg_ms && s.state == ill::sla::State::up) ++h.up_latency_n;
  }
  auto check_hours = [&](RollupRepository& repo) {
    const auto hours =
        repo.range(RollupPeriod::one_hour, live.link,
                   {ill::from_unix_seconds(k_day0), ill::from_unix_seconds(k_day0 + k_day_s)})
            .value();
    REQUIRE(hours.size() == 24);
    for (const Rollup& h : hours) {
      INFO("hour " << ill::unix_seconds(h.t));
      const Rollup& e = expected.at(ill::unix_seconds(h.t));
      CHECK(h.samples == e.samples);
      CHECK(h.up_samples == e.up_samples);
      CHECK(h.down_samples == e.down_samples);
      CHECK(h.rx_n == e.rx_n);
      CHECK(h.rx_sum == e.rx_sum);  // whole rates: exact
      CHECK(h.rx_max == e.rx_max);
      CHECK(h.up_latency_n == e.up_latency_n);
    }
  };
  RollupRepository repo(*live.db);
  check_hours(repo);
  // A store written before hours were summed has hour rows of the open day too: they do not count
  // twice.
  Rollup stale;
  stale.link_id = live.link;
  stale.t = ill::from_unix_seconds(k_day0 + 5 * 3600);
  stale.samples = 999;
  REQUIRE(repo.put(RollupPeriod::one_hour, stale));
  check_hours(repo);
  // The day's 5-minute rows expire (its day row with them): its hours are written out first.
  REQUIRE(repo.expire_before(RollupPeriod::five_minutes,
                             ill::from_unix_seconds(k_day0 + k_day_s + 1800))
              .value() == 288);
  CHECK(live.rows("rollups_1h") == 24);
  check_hours(repo);
  REQUIRE(repo.expire_before(RollupPeriod::one_day, ill::from_unix_seconds(k_day0 + k_day_s + 1800))
              .value() == 1);
  check_hours(repo);
}

TEST_CASE("samples keep the millisecond of their poll and their latencies in microseconds",
          "[unit][store]") {
  Store s;
  Sample x;
  x.link_id = s.link;
  x.t = ill::from_unix_seconds(k_day0);
  x.ms = 999;
  x.state = ill::sla::State::up;
  x.latency_avg_ms = 12.345;
  x.latency_min_ms = 0.001;
  x.latency_max_ms = 1234.5678;  // below a microsecond goes
  REQUIRE(SampleRepository(*s.db).put(x));
  auto back = SampleRepository(*s.db).latest(s.link).value().value();
  CHECK(back.ms == 999);
  CHECK(back.at() == x.t + std::chrono::milliseconds(999));
  CHECK(back.latency_avg_ms == 12.345);
  CHECK(back.latency_min_ms == 0.001);
  CHECK(back.latency_max_ms == 1234.568);
  x.ms = 1000;
  CHECK_FALSE(SampleRepository(*s.db).put(x));
  CHECK(whole_bps(1234.5) == 1234.0);
  CHECK(whole_bps(1234.51) == 1235.0);
}

TEST_CASE("migration 8 converts a schema-7 store with data: samples, slots, packed days",
          "[unit][store]") {
  ill::test::TempDir dir;
  const std::string path = dir.file("v7.db");
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  // The migration packs the days that ended k_pack_after ago or more. "today" is the first day it
  // leaves open, which is yesterday in the first hour after midnight (UTC): the test holds at any
  // hour it runs.
  const std::int64_t packable_to = ill::unix_seconds(now - k_pack_after);
  const std::int64_t today = packable_to - packable_to % k_day_s;
  const std::int64_t first = today - 2 * k_day_s;  // two closed days and the open one
  const std::int64_t last = std::min(ill::unix_seconds(now) - 60, today + k_day_s);
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &raw) == SQLITE_OK);
    REQUIRE(register_rollup_functions(raw) == SQLITE_OK);
    for (std::size_t v = 0; v < 7; ++v)
      REQUIRE(sqlite3_exec(raw, migrations().at(v).sql, nullptr, nullptr, nullptr) == SQLITE_OK);
    std::string rows =
        "PRAGMA user_version = 7;"
        "INSERT INTO clients (id, name) VALUES (1, 'acme');"
        "INSERT INTO routers (id, name, host, port, username) VALUES (1, 'gw1', 'h', 8728, 'u');"
        "INSERT INTO links (id, name, client_id, router_id, interface, committed_mbps) "
        "VALUES (1, 'acme-1', 1, 1, 'ether1', 10);";
    // Schema 7's samples: state as text, latencies as REAL milliseconds.
    for (std::int64_t t = first + 30; t < last; t += 600) {
      const bool down = (t / 600) % 17 == 0;
      rows +=
          "INSERT INTO samples (link_id, t, state, rx_bps, tx_bps, rx_bytes, latency_avg_ms, "
          "latency_max_ms, loss_pct) VALUES (1, " +
          std::to_string(t) + (down ? ", 'down', 0, 0, " : ", 'up', 5000000, 1000000, ") +
          std::to_string(t * 1000) + ", " + std::to_string(10 + (t / 600) % 9) + ".125, " +
          std::to_string(20 + (t / 600) % 9) + ".5, " + (down ? "100" : "0") + ");";
    }
    // Schema 7's rollups, built as migration 2 built them (20-byte slots).
    rows +=
        "INSERT INTO rollups_5m (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, "
        "rx_max, tx_n, tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, "
        "up_latency_n, up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist) "
        "SELECT link_id, t - t % 300, count(*), sum(state = 'up'), sum(state = 'down'), "
        "count(rx_bps), total(rx_bps), max(rx_bps), count(tx_bps), total(tx_bps), max(tx_bps), "
        "count(latency_avg_ms), total(latency_avg_ms), max(COALESCE(latency_max_ms, "
        "latency_avg_ms)), count(loss_pct), total(loss_pct), "
        "count(CASE WHEN state = 'up' THEN latency_avg_ms END), "
        "total(CASE WHEN state = 'up' THEN latency_avg_ms END), "
        "count(CASE WHEN state = 'up' THEN loss_pct END), "
        "total(CASE WHEN state = 'up' THEN loss_pct END), "
        "ill_hist(CASE WHEN state = 'up' THEN latency_avg_ms END) FROM samples GROUP BY 1, 2;"
        "INSERT INTO rollups_1h (link_id, t, samples, up_samples, down_samples, rx_n, rx_sum, "
        "rx_max, tx_n, tx_sum, tx_max, latency_n, latency_sum, latency_max, loss_n, loss_sum, "
        "up_latency_n, up_latency_sum, up_loss_n, up_loss_sum, up_latency_hist) "
        "SELECT link_id, t - t % 3600, sum(samples), sum(up_samples), sum(down_samples), "
        "sum(rx_n), total(rx_sum), max(rx_max), sum(tx_n), total(tx_sum), max(tx_max), "
        "sum(latency_n), total(latency_sum), max(latency_max), sum(loss_n), total(loss_sum), "
        "sum(up_latency_n), total(up_latency_sum), sum(up_loss_n), total(up_loss_sum), NULL "
        "FROM rollups_5m GROUP BY 1, 2;"
        "INSERT INTO rollups_1d (link_id, t, samples, up_latency_n, up_latency_sum, up_loss_n, "
        "up_loss_sum, up_latency_hist, slots) SELECT link_id, t - t % 86400, count(*), "
        "count(CASE WHEN state = 'up' THEN latency_avg_ms END), "
        "total(CASE WHEN state = 'up' THEN latency_avg_ms END), "
        "count(CASE WHEN state = 'up' THEN loss_pct END), "
        "total(CASE WHEN state = 'up' THEN loss_pct END), "
        "ill_hist(CASE WHEN state = 'up' THEN latency_avg_ms END), ill_slots(t, rx_bps, tx_bps) "
        "FROM samples GROUP BY 1, 2;";
    REQUIRE(sqlite3_exec(raw, rows.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  auto db = Database::open(path, OpenMode::existing);
  REQUIRE(db);
  CHECK((*db)->schema_version().value() == latest_schema_version());

  // The same samples written into a new store, the way the collector writes them.
  Store fresh;
  std::vector<Sample> samples =
      SampleRepository(**db).range(1, {ill::from_unix_seconds(first), now}).value();
  REQUIRE(samples.size() > 250);
  CHECK(samples.front().ms == 0);
  CHECK(samples.front().state == ill::sla::State::up);
  CHECK(samples.front().rx_bytes == static_cast<std::uint64_t>((first + 30) * 1000));
  CHECK(samples.front().latency_avg_ms == 10 + ((first + 30) / 600) % 9 + 0.125);
  CHECK(std::any_of(samples.begin(), samples.end(),
                    [](const Sample& s) { return s.state == ill::sla::State::down; }));
  fresh.add(samples);
  Store migrated;
  migrated.db = std::move(*db);
  migrated.link = 1;
  // The closed days are packed; the open one keeps its rows.
  CHECK(migrated.rows("rollups_5m") <= 288);
  CHECK(migrated.rows("rollups_1h") <= 24);
  auto stmt =
      migrated.db->prepare("SELECT count(*) FROM rollups_1d WHERE detail IS NOT NULL").value();
  REQUIRE(stmt->step().value());
  CHECK(stmt->int64(0) == 2);
  // Migration 2's hours had no histograms; the packed days' hours have theirs from the slots.
  std::vector<Rollup> hours =
      RollupRepository(*fresh.db)
          .range(RollupPeriod::one_hour, 1,
                 {ill::from_unix_seconds(first), ill::from_unix_seconds(today)})
          .value();
  check_same(RollupRepository(*migrated.db)
                 .range(RollupPeriod::one_hour, 1,
                        {ill::from_unix_seconds(first), ill::from_unix_seconds(today)})
                 .value(),
             hours);
  check_same(RollupRepository(*migrated.db)
                 .range(RollupPeriod::five_minutes, 1,
                        {ill::from_unix_seconds(first), ill::from_unix_seconds(today)})
                 .value(),
             RollupRepository(*fresh.db)
                 .range(RollupPeriod::five_minutes, 1,
                        {ill::from_unix_seconds(first), ill::from_unix_seconds(today)})
                 .value());
  CHECK(RollupRepository(*migrated.db)
            .range(RollupPeriod::one_day, 1,
                   {ill::from_unix_seconds(first), ill::from_unix_seconds(today + k_day_s)})
            .value() ==
        RollupRepository(*fresh.db)
            .range(RollupPeriod::one_day, 1,
                   {ill::from_unix_seconds(first), ill::from_unix_seconds(today + k_day_s)})
            .value());
  // A day packed by the migration takes new samples like any other.
  REQUIRE(RollupRepository(*migrated.db).pack_before(now));
}

TEST_CASE("slot rates read from a blob of every width equal the decoded slots' means",
          "[unit][store]") {
  std::mt19937_64 random{8};
  for (int round = 0; round < 200; ++round) {
    // Sums of each width from 0 (all zero) to 8 bytes, or doubles; counts of one or two bytes.
    const int rx_bytes = round % 9, tx_bytes = (round / 9) % 9;
    const bool rx_double = round % 17 == 3, wide = round % 5 == 0, same_counts = round % 3 == 0;
    auto sum_of = [&random](int bytes, bool as_double) {
      if (as_double) return std::uniform_real_distribution<double>{0, 1e9}(random);
      if (bytes == 0) return 0.0;
      // Whole, below 2^(8 bytes) and below 2^53 (exact as a double).
      const int bits = std::min(8 * bytes, 53);
      return static_cast<double>(random() >> (64 - bits));
    };
    std::vector<SlotSums> slots(k_slots_per_day);
    for (SlotSums& s : slots) {
      s.rx_n = static_cast<std::uint32_t>(random() % (wide ? 700 : 6));
      s.tx_n = same_counts ? s.rx_n : static_cast<std::uint32_t>(random() % 6);
      s.rx_sum = s.rx_n == 0 ? 0 : sum_of(rx_bytes, rx_double);
      s.tx_sum = s.tx_n == 0 ? 0 : sum_of(tx_bytes, false);
    }
    const auto blob = encode_slots(slots);
    std::vector<SlotSums> back;
    REQUIRE(decode_slots(blob, back));
    REQUIRE(back == slots);
    const std::size_t first = random() % k_slots_per_day;
    const std::size_t last = first + random() % (k_slots_per_day + 10 - first);
    std::vector<double> in{-1.0}, out;  // appended after what is there
    std::vector<double> want_in{-1.0}, want_out;
    for (std::size_t i = first; i < std::min(last, k_slots_per_day); ++i) {
      if (back[i].rx_n > 0) want_in.push_back(back[i].rx_sum / back[i].rx_n);
      if (back[i].tx_n > 0) want_out.push_back(back[i].tx_sum / back[i].tx_n);
    }
    REQUIRE(append_slot_rates(blob, first, last, in, out));
    INFO("round " << round << ", slots " << first << " to " << last);
    CHECK(in == want_in);
    CHECK(out == want_out);
  }
}
