#include "inventory/history_import.hpp"

#include "core/format.hpp"
#include "inventory/csv_reader.hpp"
#include "sla/timeline.hpp"
#include "store/database.hpp"
#include "store/link_history.hpp"
#include "store/rollup_repository.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>

namespace ill::inventory {
namespace {

using std::chrono::sys_seconds;

bool has_offset(std::string_view text) {
  if (text.size() < 20 || (text[10] != 'T' && text[10] != 't')) return false;
  const char last = text.back();
  if (last == 'Z' || last == 'z') return true;
  const auto n = text.size();
  return (text[n - 6] == '+' || text[n - 6] == '-') && text[n - 3] == ':';
}

// An optional non-negative number (at most `max`); empty text is none.
Result<std::optional<double>> parse_measure(std::string_view text, double max) {
  if (text.empty()) return std::optional<double>{};
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
    return fail(Errc::invalid_input, "'{}' is not a number", text);
  if (value < 0 || value > max)
    return fail(Errc::invalid_input, "{} is out of range 0..{}", text, max);
  return std::optional<double>{value};
}

}  // namespace

HistoryRows parse_history(std::string_view csv, std::int64_t link_id, sys_seconds now) {
  HistoryRows out;
  auto& errors = out.errors;
  auto records = parse_csv(csv);
  if (!records) {
    errors.push_back({0, "", records.error().message()});
    return out;
  }
  std::array<std::optional<std::size_t>, k_history_columns.size()> index{};
  bool header_seen = false;
  const sys_seconds latest = now + k_history_future_skew;
  for (const auto& record : *records) {
    if (record.blank()) continue;
    if (!header_seen) {
      header_seen = true;
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const auto& name = record.fields[i];
        auto it = std::find(k_history_columns.begin(), k_history_columns.end(), name);
        if (it == k_history_columns.end()) {
          errors.push_back({record.line, name,
                            "unknown column (expected time,state,rx_bps,tx_bps,latency_ms,"
                            "loss_pct)"});
        } else if (index[it - k_history_columns.begin()]) {
          errors.push_back({record.line, name, "column given twice"});
        } else {
          index[it - k_history_columns.begin()] = i;
        }
      }
      for (std::size_t c = 0; c < 2; ++c)
        if (!index[c])
          errors.push_back({record.line, std::string(k_history_columns[c]), "missing column"});
      if (!errors.empty()) break;
      continue;
    }
    auto cell = [&](std::size_t c) -> std::string_view {
      if (!index[c] || *index[c] >= record.fields.size()) return {};
      return record.fields[*index[c]];
    };
    HistoryRow row;
    row.line = record.line;
    row.sample.link_id = link_id;
    bool ok = true;
    const auto time_text = cell(0);
    Result<sys_seconds> t = fail(Errc::invalid_input, "missing time");
    if (has_offset(time_text))
      t = parse_time(time_text);
    else if (!time_text.empty())
      t = fail(Errc::invalid_input, "'{}' is not an RFC 3339 time with Z or an offset", time_text);
    if (!t) {
      errors.push_back({record.line, "time", t.error().message()});
      ok = false;
    } else if (*t > latest) {
      errors.push_back({record.line, "time",
                        fmt::format("{} is in the future (now is {})", rfc3339(*t), rfc3339(now))});
      ok = false;
    } else {
      row.sample.t = *t;
    }
    const auto state_text = cell(1);
    if (auto state = sla::state_from_string(state_text); !state) {
      errors.push_back(
          {record.line, "state", fmt::format("'{}' is not one of up, down, unknown", state_text)});
      ok = false;
    } else {
      row.sample.state = *state;
    }
    std::array<std::optional<double>*, 4> targets{&row.sample.rx_bps, &row.sample.tx_bps,
                                                  &row.sample.latency_avg_ms, &row.sample.loss_pct};
    for (std::size_t c = 2; c < k_history_columns.size(); ++c) {
      auto value = parse_measure(cell(c), c == 5 ? 100.0 : 1e15);
      if (!value) {
        errors.push_back({record.line, std::string(k_history_columns[c]), value.error().message()});
        ok = false;
      } else {
        // Rates are stored to the whole bit per second, as the collector stores them.
        *targets[c - 2] = c <= 3 ? store::whole_bps(*value) : *value;
      }
    }
    if (ok) out.rows.push_back(std::move(row));
  }
  if (!header_seen) errors.push_back({0, "", "no header and no rows"});

  auto& rows = out.rows;
  std::stable_sort(rows.begin(), rows.end(), [](const HistoryRow& a, const HistoryRow& b) {
    return a.sample.t < b.sample.t;
  });
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].sample.t == rows[i - 1].sample.t)
      errors.push_back({rows[i].line, "time",
                        fmt::format("{} is also the time of line {}", rfc3339(rows[i].sample.t),
                                    rows[i - 1].line)});
  std::stable_sort(errors.begin(), errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  return out;
}

Result<HistoryImport> import_history(store::Database& db, std::int64_t link_id,
                                     std::string_view csv, std::chrono::seconds interval,
                                     bool dry_run, sys_seconds now) {
  if (interval <= std::chrono::seconds::zero())
    return fail(Errc::usage, "the poll interval must be above 0");
  HistoryRows parsed = parse_history(csv, link_id, now);
  HistoryImport out;
  out.errors = std::move(parsed.errors);
  const auto& rows = parsed.rows;
  if (!out.errors.empty() || rows.empty()) return out;
  out.samples = rows.size();
  out.from = rows.front().sample.t;
  out.to = rows.back().sample.t + interval;
  if (dry_run) return out;

  auto tx = db.begin();
  if (!tx) return fail(tx.error());
  std::vector<store::Sample> samples;
  samples.reserve(rows.size());
  for (const auto& row : rows) samples.push_back(row.sample);
  auto intervals = store::LinkHistory(db).put_span(link_id, samples, {out.from, out.to}, interval);
  if (!intervals) return fail(intervals.error());
  out.intervals = *intervals;
  // The days that have closed are packed at once (the daemon would pack them within minutes).
  if (auto packed = store::RollupRepository(db).pack_before(now - store::k_pack_after); !packed)
    return fail(packed.error());
  if (auto done = tx->commit(); !done) return fail(done.error());
  out.committed = true;
  return out;
}

}  // namespace ill::inventory
