#include "sim/history.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

namespace ill::sim {

HistoryRow history_row(const RouterModel& model, const LinkConfig& link, TimeMs t) {
  HistoryRow row;
  row.time = t;
  if (!model.reachable(t)) return row;  // unknown: the poller heard nothing
  auto index = model.interface_index(link.interface);
  if (!index) return row;
  bool running = model.running(*index, t);
  row.rx_bps = std::round(model.rx_rate(*index, t));
  row.tx_bps = std::round(model.tx_rate(*index, t));
  if (!link.target.empty()) {
    int replied = 0;
    double sum_ms = 0;
    for (int k = 0; k < link.probes; ++k) {
      Probe p = model.probe(link.target, t + k * k_second, static_cast<std::uint64_t>(k));
      if (p.replied) {
        ++replied;
        sum_ms += static_cast<double>(p.rtt_us) / 1000.0;
      }
    }
    row.loss_pct = 100.0 * (link.probes - replied) / link.probes;
    if (replied > 0) row.latency_ms = sum_ms / replied;
    if (replied == 0) running = false;  // 100% probe loss counts as down
  }
  row.state = running ? LinkState::up : LinkState::down;
  return row;
}

void append_history_row(std::string& out, const HistoryRow& row) {
  append_rfc3339(out, row.time);
  switch (row.state) {
  case LinkState::up: out += ",up,"; break;
  case LinkState::down: out += ",down,"; break;
  case LinkState::unknown: out += ",unknown,"; break;
  }
  // std::to_chars, not fmt: fixed-precision float formatting dominated history mode's profile.
  char buf[32];
  auto put_integer = [&](double v) {
    auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(std::llround(v)));
    out.append(buf, r.ptr);
  };
  if (row.rx_bps) put_integer(*row.rx_bps);
  out += ',';
  if (row.tx_bps) put_integer(*row.tx_bps);
  out += ',';
  if (row.latency_ms) {
    long long us = std::llround(*row.latency_ms * 1000);
    auto r = std::to_chars(buf, buf + sizeof buf, us / 1000);
    out.append(buf, r.ptr);
    out += '.';
    int frac = static_cast<int>(us % 1000);
    out += static_cast<char>('0' + frac / 100);
    out += static_cast<char>('0' + frac / 10 % 10);
    out += static_cast<char>('0' + frac % 10);
  }
  out += ',';
  if (row.loss_pct) {
    auto r = std::to_chars(buf, buf + sizeof buf, *row.loss_pct);
    out.append(buf, r.ptr);
  }
}

Result<HistorySummary> write_history(const SimConfig& config, TimeMs from, TimeMs to,
                                     DurationMs interval, const std::string& out_dir) {
  if (interval <= 0) return fail(Errc::usage, "--interval must be positive");
  if (to <= from) return fail(Errc::usage, "--to must be after --from");
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return fail(Errc::io, "{}: cannot create: {}", out_dir, ec.message());
  TimeMs start = config.start.value_or(from);
  HistorySummary summary;
  std::vector<std::unique_ptr<RouterModel>> models;
  for (const auto& link : config.links) {
    const RouterConfig* rc = nullptr;
    for (const auto& r : config.routers)
      if (r.name == link.router) rc = &r;
    if (!rc) return fail(Errc::config, "link {}: no router {}", link.name, link.router);
    RouterModel model(*rc, config.seed, start);
    std::string path = (std::filesystem::path(out_dir) / (link.name + ".csv")).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return fail(Errc::io, "{}: cannot write: {}", path, std::strerror(errno));
    std::string buffer;
    buffer.reserve(1 << 20);
    buffer += k_history_header;
    buffer += '\n';
    bool ok = true;
    for (TimeMs t = from; t < to; t += interval) {
      append_history_row(buffer, history_row(model, link, t));
      buffer += '\n';
      ++summary.rows;
      if (buffer.size() > (1 << 20) - 256) {
        ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), f) == buffer.size();
        buffer.clear();
      }
    }
    ok = ok && std::fwrite(buffer.data(), 1, buffer.size(), f) == buffer.size();
    ok = (std::fclose(f) == 0) && ok;
    if (!ok) return fail(Errc::io, "{}: write failed: {}", path, std::strerror(errno));
    ++summary.files;
  }
  return summary;
}

}  // namespace ill::sim
