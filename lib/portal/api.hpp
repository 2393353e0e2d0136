// The JSON API's documents (/api/v1/, described by openapi.json beside this file). Times are
// Unix seconds and RFC 3339 UTC; rates are bits per second.
#pragma once

#include "portal/views.hpp"
#include "sla/interval.hpp"
#include "store/maintenance_repository.hpp"
#include "store/report_document_repository.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace ill::portal {

std::string links_json(const std::vector<LinkNow>& links);
std::string link_json(const LinkNow& link);
std::string points_json(std::int64_t link_id, sla::TimeRange range, std::chrono::seconds step,
                        const std::vector<Point>& points);
std::string outages_json(std::int64_t link_id, const MonthSummary& month);
// The report history, without the bytes (each with its SHA-256 and download address).
std::string reports_json(const std::vector<store::ReportDocument>& documents);
// {"error": message}
std::string error_json(std::string_view message);
// The OpenAPI 3 document.
std::string_view openapi_document();

}  // namespace ill::portal
