// illctl history import --link LINK [--interval S] [--dry-run] FILE.csv: a link's past polls from
// another monitoring tool, as samples and the availability timeline rebuilt from them.
//
// Decisions:
// - Columns are found by the header's names (any order); `time` and `state` are required, the
//   others (rx_bps, tx_bps, latency_ms, loss_pct) optional, and any other name is an error.
// - `time` must carry its offset (RFC 3339 with Z or +HH:MM): a CSV from another tool with bare
//   local times would otherwise be read silently as UTC.
// - Rows may come in any order; they are sorted by time. Two rows with the same time are an
//   error (which one is right cannot be known).
// - A row later than now plus k_future_skew is an error: a typo in a year would otherwise put
//   the link's timeline ahead of the daemon, which then never records over it.
// - The timeline is rebuilt over [first row, last row + interval) from every sample of the link
//   stored in that span after the import (the imported ones and any the daemon already had), with
//   sla::build_timeline; the link_state rows of that span are replaced. A stored interval that
//   straddles an edge of the span keeps its part outside it.
// - The rollups of the whole hours the span touches are rebuilt from the samples stored there
//   (store::RollupRepository::rebuild), so importing a file twice leaves them as once.
#include "context.hpp"
#include "core/clock.hpp"
#include "inventory/csv_reader.hpp"
#include "output.hpp"
#include "sla/timeline.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "store_access.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace ill::cli {
namespace {

// How far ahead of this machine's clock a row may be (the source's clock may run a little fast).
constexpr std::chrono::seconds k_future_skew{300};

struct HistoryImportOptions {
  std::string link;
  std::optional<int> interval_s;
  bool dry_run = false;
  std::string file;
};

struct RowError {
  std::size_t line = 0;
  std::string column;
  std::string message;
};

struct Row {
  std::size_t line = 0;
  store::Sample sample;
};

constexpr std::array<std::string_view, 6> k_columns{"time",   "state",      "rx_bps",
                                                    "tx_bps", "latency_ms", "loss_pct"};

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

Status run_history_import(const Context& ctx, const HistoryImportOptions& o) {
  std::ifstream in(o.file, std::ios::binary);
  if (!in) return fail(Errc::not_found, "cannot read {}: {}", o.file, std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();

  auto db = open_database(ctx);
  if (!db) return fail(db.error());
  store::LinkRepository links(**db);
  auto link = links.resolve(o.link);
  if (!link) return fail(link.error());
  int interval_s = ctx.config.values.poll.interval_s;
  if (o.interval_s) {
    if (*o.interval_s <= 0) return fail(Errc::usage, "--interval must be above 0");
    interval_s = *o.interval_s;
  } else {
    auto router = store::RouterRepository(**db).get(link->router_id);
    if (!router) return fail(router.error());
    if (router->poll_interval_s) interval_s = *router->poll_interval_s;
  }

  auto records = inventory::parse_csv(text.str());
  if (!records) return fail(Errc::invalid_input, "{}: {}", o.file, records.error().message());

  std::vector<RowError> errors;
  std::vector<Row> rows;
  std::array<std::optional<std::size_t>, k_columns.size()> index{};
  bool header_seen = false;
  const std::chrono::sys_seconds latest = now_seconds() + k_future_skew;
  for (const auto& record : *records) {
    if (record.blank()) continue;
    if (!header_seen) {
      header_seen = true;
      for (std::size_t i = 0; i < record.fields.size(); ++i) {
        const auto& name = record.fields[i];
        auto it = std::find(k_columns.begin(), k_columns.end(), name);
        if (it == k_columns.end()) {
          errors.push_back({record.line, name,
                            "unknown column (expected time,state,rx_bps,tx_bps,latency_ms,"
                            "loss_pct)"});
        } else if (index[it - k_columns.begin()]) {
          errors.push_back({record.line, name, "column given twice"});
        } else {
          index[it - k_columns.begin()] = i;
        }
      }
      for (std::size_t c = 0; c < 2; ++c)
        if (!index[c]) errors.push_back({record.line, std::string(k_columns[c]), "missing column"});
      if (!errors.empty()) break;
      continue;
    }
    auto cell = [&](std::size_t c) -> std::string_view {
      if (!index[c] || *index[c] >= record.fields.size()) return {};
      return record.fields[*index[c]];
    };
    Row row;
    row.line = record.line;
    row.sample.link_id = link->id;
    bool ok = true;
    const auto time_text = cell(0);
    Result<std::chrono::sys_seconds> t = fail(Errc::invalid_input, "missing time");
    if (has_offset(time_text))
      t = parse_time(time_text);
    else if (!time_text.empty())
      t = fail(Errc::invalid_input, "'{}' is not an RFC 3339 time with Z or an offset", time_text);
    if (!t) {
      errors.push_back({record.line, "time", t.error().message()});
      ok = false;
    } else if (*t > latest) {
      errors.push_back({record.line, "time",
                        fmt::format("{} is in the future (now is {})", rfc3339(*t),
                                    rfc3339(latest - k_future_skew))});
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
    for (std::size_t c = 2; c < k_columns.size(); ++c) {
      auto value = parse_measure(cell(c), c == 5 ? 100.0 : 1e15);
      if (!value) {
        errors.push_back({record.line, std::string(k_columns[c]), value.error().message()});
        ok = false;
      } else {
        *targets[c - 2] = c <= 3 ? store::whole_bps(*value) : *value;
      }
    }
    if (ok) rows.push_back(std::move(row));
  }
  if (!header_seen) errors.push_back({0, "", "no header and no rows"});

  std::stable_sort(rows.begin(), rows.end(),
                   [](const Row& a, const Row& b) { return a.sample.t < b.sample.t; });
  for (std::size_t i = 1; i < rows.size(); ++i)
    if (rows[i].sample.t == rows[i - 1].sample.t)
      errors.push_back({rows[i].line, "time",
                        fmt::format("{} is also the time of line {}", rfc3339(rows[i].sample.t),
                                    rows[i - 1].line)});
  std::sort(errors.begin(), errors.end(),
            [](const RowError& a, const RowError& b) { return a.line < b.line; });

  const std::chrono::sys_seconds from = rows.empty() ? from_unix_seconds(0) : rows.front().sample.t;
  const std::chrono::sys_seconds to =
      rows.empty() ? from_unix_seconds(0) : rows.back().sample.t + std::chrono::seconds{interval_s};
  std::size_t interval_count = 0;
  bool committed = false;
  if (errors.empty() && !rows.empty() && !o.dry_run) {
    auto tx = (*db)->begin();
    if (!tx) return fail(tx.error());
    store::SampleRepository samples(**db);
    for (const auto& row : rows)
      if (auto put = samples.put(row.sample); !put) return fail(put.error());
    if (auto rebuilt =
            store::RollupRepository(**db).rebuild(link->id, unix_seconds(from), unix_seconds(to));
        !rebuilt)
      return fail(rebuilt.error());
    // The days that have closed are packed at once (the daemon would pack them within minutes).
    if (auto packed = store::RollupRepository(**db).pack_before(unix_seconds(now_seconds()) -
                                                                store::k_pack_after_s);
        !packed)
      return fail(packed.error());
    auto stored = samples.range(link->id, {from, to});
    if (!stored) return fail(stored.error());
    std::vector<sla::Observation> observations;
    observations.reserve(stored->size());
    for (const auto& s : *stored) {
      sla::Observation ob;
      ob.t = s.t;
      ob.state = s.state;
      observations.push_back(ob);
    }
    auto timeline = sla::build_timeline(observations, std::chrono::seconds{interval_s});
    if (!timeline) return fail(timeline.error());
    // Stored intervals that straddle the span's edges keep their parts outside it.
    store::LinkStateRepository states(**db);
    auto existing = states.range(link->id, {from, to});
    if (!existing) return fail(existing.error());
    std::vector<sla::Interval> merged;
    sla::TimeRange span{from, to};
    if (!existing->empty() && existing->front().from < from) {
      const auto& head = existing->front();
      span.from = head.from;
      sla::append_merged(merged, {head.from, from, head.state});
    }
    for (const auto& i : *timeline) sla::append_merged(merged, i);
    if (!existing->empty() && existing->back().to > to) {
      const auto& tail = existing->back();
      span.to = std::max(span.to, tail.from + std::chrono::seconds{1});
      sla::append_merged(merged, {to, tail.to, tail.state});
    }
    std::vector<store::StateInterval> intervals;
    for (const auto& i : merged) intervals.push_back({link->id, i.from, i.to, i.state});
    interval_count = timeline->size();
    if (auto replaced = states.replace(link->id, span, intervals); !replaced)
      return fail(replaced.error());
    if (auto done = tx->commit(); !done) return fail(done.error());
    committed = true;
  }

  if (ctx.json) {
    auto errs = nlohmann::json::array();
    for (const auto& e : errors)
      errs.push_back({{"line", e.line}, {"column", e.column}, {"message", e.message}});
    nlohmann::json report{{"file", o.file},
                          {"link", link->name},
                          {"interval_s", interval_s},
                          {"dry_run", o.dry_run},
                          {"committed", committed},
                          {"samples", errors.empty() ? rows.size() : 0},
                          {"from", nullptr},
                          {"to", nullptr},
                          {"intervals", interval_count},
                          {"errors", errs}};
    if (errors.empty() && !rows.empty()) {
      report["from"] = rfc3339(from);
      report["to"] = rfc3339(to);
    }
    print_json(report);
  } else if (errors.empty()) {
    if (rows.empty())
      std::printf("no rows in %s; nothing to import\n", o.file.c_str());
    else if (o.dry_run)
      std::printf("dry run, nothing written: %zu samples for link %s, %s to %s\n", rows.size(),
                  link->name.c_str(), rfc3339(from).c_str(), rfc3339(to).c_str());
    else
      std::printf("imported %zu samples for link %s, %s to %s (%zu timeline intervals)\n",
                  rows.size(), link->name.c_str(), rfc3339(from).c_str(), rfc3339(to).c_str(),
                  interval_count);
  }
  if (!errors.empty()) {
    std::string message;
    for (const auto& e : errors) {
      message += e.line ? fmt::format("{}:{}: ", o.file, e.line) : fmt::format("{}: ", o.file);
      if (!e.column.empty()) message += e.column + ": ";
      message += e.message + "\n";
    }
    message += fmt::format("{} error{} in {}; nothing was imported", errors.size(),
                           errors.size() == 1 ? "" : "s", o.file);
    return fail(Errc::invalid_input, "{}", message);
  }
  return {};
}

}  // namespace

void add_history_command(CLI::App& app, Context& ctx) {
  auto* history = app.add_subcommand("history", "A link's past polls, from other tools");
  history->require_subcommand(1);
  auto o = std::make_shared<HistoryImportOptions>();
  auto* cmd = history->add_subcommand(
      "import", "Import a link's samples from a CSV file (see examples/history.csv)");
  cmd->add_option("--link", o->link, "Link name or id")->required();
  cmd->add_option(
      "--interval", o->interval_s,
      "Poll interval of the data in seconds (default: the router's, or poll.interval_s)");
  cmd->add_flag("--dry-run", o->dry_run, "Check the file and write nothing");
  cmd->add_option("file", o->file, "CSV: time,state,rx_bps,tx_bps,latency_ms,loss_pct")->required();
  on_run(cmd, ctx, [&ctx, o] { return run_history_import(ctx, *o); });
}

}  // namespace ill::cli
