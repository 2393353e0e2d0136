// A client's monthly report as documents: PDF, CSV or JSON bytes with their name, type and
// SHA-256, ready to write to a file, attach to an e-mail or record in the report history.
//
// Decisions:
// - One document per client and format; with a link scope, the client's document holds that
//   link only.
// - Every figure printed comes from the stored sla_reports row (client_month.hpp); the formats
//   below only format it.
// - CSV columns (RFC 4180, CRLF line ends, a header row, one row per link; documented in
//   illctl(1), never reordered; new columns go at the end): k_csv_columns. Numbers are the
//   stored figures unrounded, as `sla show --json` prints them; empty when null.
// - JSON: {"report": {metadata}, "links": [the objects `illctl sla show --json` prints]}.
// - File names: ill-sla-<client>[-<link>]-<YYYY-MM>.<pdf|csv|json>, the names reduced to
//   ASCII letters, digits, '.', '_' and '-' (a name with none of them becomes client-<id>).
#pragma once

#include "config/config.hpp"
#include "core/result.hpp"
#include "report/client_month.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::report {

enum class Format { pdf, csv, json };
std::string_view to_string(Format format);
std::optional<Format> parse_format(std::string_view text);
std::string_view content_type(Format format);

struct ReportMeta {
  std::string isp_name;
  std::chrono::sys_seconds generated_at;
};

struct Document {
  std::int64_t client_id = 0;
  std::string client;
  std::string month;          // YYYY-MM
  std::string scope = "all";  // "all" or the one link's name
  Format format = Format::pdf;
  std::string filename;
  std::string content_type;
  std::string bytes;
  std::string sha256;  // lowercase hex of `bytes`
  std::chrono::sys_seconds generated_at;
  std::chrono::sys_seconds computed_at;  // the latest computed_at of the figures it prints
};

inline constexpr std::array<std::string_view, 33> k_csv_columns = {"client",
                                                                   "link",
                                                                   "circuit_id",
                                                                   "month",
                                                                   "timezone",
                                                                   "from",
                                                                   "to",
                                                                   "month_to_date",
                                                                   "committed_uptime_pct",
                                                                   "availability_pct",
                                                                   "scheduled_s",
                                                                   "downtime_s",
                                                                   "unknown_s",
                                                                   "excluded_s",
                                                                   "outage_count",
                                                                   "mttr_s",
                                                                   "longest_outage_s",
                                                                   "committed_latency_ms",
                                                                   "latency_avg_ms",
                                                                   "latency_p95_ms",
                                                                   "committed_loss_pct",
                                                                   "loss_avg_pct",
                                                                   "committed_mbps",
                                                                   "p95_bps",
                                                                   "p95_in_bps",
                                                                   "p95_out_bps",
                                                                   "breach",
                                                                   "credit_model",
                                                                   "credit_pct",
                                                                   "credit_amount",
                                                                   "currency",
                                                                   "computed_at",
                                                                   "generated_at"};

// The bytes of each format for one client's month.
std::string month_pdf(const ClientMonth& month, const ReportMeta& meta);
std::string month_csv(const ClientMonth& month, const ReportMeta& meta);
std::string month_json(const ClientMonth& month, const ReportMeta& meta);

// Lowercase hex SHA-256.
std::string sha256_hex(std::string_view bytes);
std::string file_name(const ClientMonth& month, const std::optional<std::string>& link,
                      Format format);

// A plain-text summary of a client's month for the body of the report e-mail: one paragraph per
// link with availability against the commitment, downtime and outages, breach and credit, at
// the precision the PDF prints (figure_text.hpp).
std::string month_summary(const ClientMonth& month, const ReportMeta& meta);

// One client's month in several formats, loaded once, with what the e-mail needs.
struct ClientReport {
  std::int64_t client_id = 0;
  std::string client;
  std::string month;  // YYYY-MM
  std::vector<std::string> report_emails;
  std::string summary;              // month_summary()
  std::vector<Document> documents;  // in the order of `formats`
};

// Calls `each` with the report of every client the scope touches, for `month` ("YYYY-MM", "last",
// "this"), clients by name: loaded, rendered and handed over one client at a time, so memory
// holds one client's series and documents however many clients there are. `each` gets the
// client's position and the number of clients; an error from it stops the walk and is returned.
using ClientReportSink =
    std::function<Status(ClientReport&&, std::size_t index, std::size_t total)>;
Status for_each_client_report(store::Database& db, const Scope& scope, std::string_view month,
                              const std::vector<Format>& formats, const ReportMeta& meta,
                              const config::SlaSettings& defaults, const ClientReportSink& each);

// The documents of every client the scope touches, for `month` ("YYYY-MM", "last", "this"), all
// at once (a few clients: the portal's month-to-date PDF).
Result<std::vector<Document>> generate_documents(store::Database& db, const Scope& scope,
                                                 std::string_view month, Format format,
                                                 const ReportMeta& meta,
                                                 const config::SlaSettings& defaults);

}  // namespace ill::report
