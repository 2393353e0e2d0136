// A link's month of figures as JSON: what `illctl sla calculate --json` prints and what
// sla_reports.figures keeps, so `sla show` prints exactly what was stored. Times are RFC 3339 in
// UTC, durations seconds, figures unrounded (issue #6's key list, and a few more), and
// computed_at, when they were computed.
#pragma once

#include "core/result.hpp"
#include "sla/month_figures.hpp"
#include "sla/period.hpp"
#include "store/link_repository.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace ill::figures {

// The text: compact (`indent` < 0) or indented by `indent` spaces a level, starting at level
// `depth` (for an element of an enclosing array), laid out as nlohmann::json::dump() would.
std::string figures_text(const store::Link& link, const std::string& month,
                         const sla::Period& period, const sla::MonthFigures& figures,
                         std::string_view computed_at, int indent = -1, int depth = 0);
// The same as a tree.
nlohmann::json figures_json(const store::Link& link, const std::string& month,
                            const sla::Period& period, const sla::MonthFigures& figures,
                            std::string_view computed_at);

}  // namespace ill::figures
