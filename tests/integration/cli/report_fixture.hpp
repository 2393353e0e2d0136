// The month the report tests share: March 2026 in Europe/Berlin (a DST change on the 29th), a
// poll every five minutes with varying traffic and latency and one 90-minute outage, imported
// into a fresh database for client "acme" on router gw1.
#pragma once

#include "inventory_fixture.hpp"

#include <fmt/format.h>
#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ill::test::report_month {

// March 2026 in Europe/Berlin: [2026-02-28T23:00Z, 2026-03-31T22:00Z), 743 hours (DST on the 29th).
constexpr std::int64_t k_from = 1772319600;
constexpr std::int64_t k_to = 1774994400;
// Down [2026-03-10T10:00Z, 11:30Z).
constexpr std::int64_t k_down_from = 1773136800;
constexpr std::int64_t k_down_to = 1773142200;

// A poll every 5 minutes: up with varying traffic and latency, down during the outage.
inline std::string month_csv() {
  std::string csv = "time,state,rx_bps,tx_bps,latency_ms,loss_pct\n";
  int i = 0;
  for (std::int64_t t = k_from; t < k_to; t += 300, ++i) {
    if (t >= k_down_from && t < k_down_to) {
      csv += utc_rfc3339(t) + ",down,0,0,,\n";
      continue;
    }
    csv += fmt::format("{},up,{},{},{},{}\n", utc_rfc3339(t), 10'000'000 + (i % 97) * 400'000,
                       5'000'000 + (i % 41) * 300'000, 12 + (i % 13) * 0.7, (i % 50) == 0 ? 2 : 0);
  }
  return csv;
}

// Links on gw1's ether<first_interface>, ether<first_interface + 1>, ... (one link per interface).
inline void add_client_with_links(const InventoryFixture& f, const std::string& client, int links,
                                  const std::string& zone = "Europe/Berlin",
                                  int first_interface = 1) {
  REQUIRE(f.run_illctl({"client", "add", client, "--timezone", zone}).exit_code == 0);
  for (int i = 1; i <= links; ++i) {
    auto r = f.run_illctl(
        {"link", "add", fmt::format("{}-{}", links > 1 ? "l" : "acme", first_interface + i - 1),
         "--client", client, "--router", "gw1", "--interface",
         fmt::format("ether{}", first_interface + i - 1), "--mbps", "100", "--fee", "1000",
         "--currency", "EUR", "--circuit", fmt::format("CKT-{:04}", first_interface + i - 1)});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
}

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Imported {
  InventoryFixture f;
  Imported() {
    REQUIRE(
        f.run_illctl({"router", "add", "gw1", "--host", "10.0.0.1", "--user", "ill"}).exit_code ==
        0);
    add_client_with_links(f, "acme", 1);
    auto file = f.dir().write("march.csv", month_csv());
    auto r =
        f.run_illctl({"history", "import", "--link", "acme-1", "--interval", "300", file.string()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
  }
};

}  // namespace ill::test::report_month
