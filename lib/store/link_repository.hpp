// Links: one leased-line circuit, its interface on a router, and what was promised for it.
#pragma once

#include "core/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::store {

class Database;

// Per-link SLA policy (sla.md, "ill's exact rules"); an empty field means the [sla] default.
struct SlaPolicyOverrides {
  std::optional<std::string> excluded_time;  // available | removed
  std::optional<std::string> unknown;        // not_down | down | excluded
  std::optional<std::int64_t> merge_gap_s;
  std::optional<std::int64_t> min_outage_s;
  std::optional<std::string> percentile;      // nearest_rank | interpolated
  std::optional<std::string> business_hours;  // JSON
  std::optional<std::string> credit;          // JSON: model, bands, cap
  std::optional<std::string> counted_causes;  // comma-separated causes

  bool operator==(const SlaPolicyOverrides&) const = default;
};

struct Link {
  std::int64_t id = 0;
  std::string name;
  std::int64_t client_id = 0;
  std::int64_t router_id = 0;
  std::string client_name;  // filled when read; ignored when written
  std::string router_name;  // filled when read; ignored when written
  std::string interface;
  std::string circuit_id;
  std::string external_ref;
  double committed_mbps = 0;
  double committed_uptime_pct = 99.50;
  double committed_latency_ms = 50;
  double committed_loss_pct = 1.00;
  std::optional<std::string> probe_target;
  double monthly_fee = 0;
  std::string currency = "USD";
  std::optional<std::string> activation_date;  // YYYY-MM-DD
  bool active = true;
  SlaPolicyOverrides sla;

  bool operator==(const Link&) const = default;
};

struct LinkFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> router_id;
  bool active_only = false;
};

class LinkRepository {
public:
  explicit LinkRepository(Database& db) : m_db(db) {}

  Result<std::int64_t> add(const Link& link);
  Status update(const Link& link);
  // Takes the link's samples, timeline, rollups, annotations and reports with it.
  Status remove(const Link& link);

  Result<Link> get(std::int64_t id);
  Result<std::optional<Link>> find(std::string_view name);
  Result<Link> resolve(std::string_view name_or_id);
  // The link only when it belongs to the client (the portal's reads): another client's link is
  // nullopt, exactly like a missing one.
  Result<std::optional<Link>> get_for_client(std::int64_t id, std::int64_t client_id);
  // Ordered by name.
  Result<std::vector<Link>> list(const LinkFilter& filter = {});

  Result<std::int64_t> count_for_router(std::int64_t router_id);
  Result<std::int64_t> count_for_client(std::int64_t client_id);
  Status remove_for_router(std::int64_t router_id);
  Status remove_for_client(std::int64_t client_id);

private:
  Database& m_db;
};

}  // namespace ill::store
