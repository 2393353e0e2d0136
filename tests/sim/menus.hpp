// The rows a simulated router prints for each menu, in RouterOS's property names and value
// formats (numbers as decimal strings, booleans true/false, durations and dates per version).
#pragma once

#include "sim/model.hpp"
#include "sim/query.hpp"

#include <optional>

namespace ill::sim {

Row identity_row(const RouterModel& model);
Row resource_row(const RouterModel& model, TimeMs t);
std::vector<Row> interface_rows(const RouterModel& model, TimeMs t);
std::vector<Row> netwatch_rows(const RouterModel& model, TimeMs t);
std::vector<Row> user_rows(const RouterModel& model);
std::vector<Row> group_rows(const RouterModel& model);
// One `/interface/monitor-traffic` row; nullopt for an unknown interface.
std::optional<Row> monitor_traffic_row(const RouterModel& model, std::string_view name, TimeMs t);

// The policy list of a group, or empty when there is no such group.
std::vector<std::string> group_policy(const RouterModel& model, std::string_view group);
bool has_policy(const RouterModel& model, std::string_view group, std::string_view policy);

}  // namespace ill::sim
