#include "report/documents.hpp"

#include "core/format.hpp"
#include "core/version.hpp"
#include "report/figure_text.hpp"

#include <fmt/format.h>
#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace ill::report {
namespace {

using json = nlohmann::json;

std::string slug(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) || c == '.' || c == '_' || c == '-')
      out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// RFC 4180: quoted when it holds a comma, quote, CR or LF; quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string csv_value(const json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return {};
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

}  // namespace

std::string_view to_string(Format format) {
  switch (format) {
  case Format::pdf: return "pdf";
  case Format::csv: return "csv";
  case Format::json: return "json";
  }
  return "pdf";
}

std::optional<Format> parse_format(std::string_view text) {
  if (text == "pdf") return Format::pdf;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  return std::nullopt;
}

std::string_view content_type(Format format) {
  switch (format) {
  case Format::pdf: return "application/pdf";
  case Format::csv: return "text/csv; charset=utf-8; header=present";
  case Format::json: return "application/json";
  }
  return "application/octet-stream";
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string out;
  for (unsigned char b : digest) out += fmt::format("{:02x}", b);
  return out;
}

std::string file_name(const ClientMonth& month, const std::optional<std::string>& link,
                      Format format) {
  std::string client = slug(month.client.name);
  if (client.empty()) client = fmt::format("client-{}", month.client.id);
  std::string name = "ill-sla-" + client;
  if (link) {
    std::string l = slug(*link);
    name += "-" + (l.empty() ? std::string("link") : l);
  }
  return fmt::format("{}-{}.{}", name, month.month, to_string(format));
}

std::string month_csv(const ClientMonth& month, const ReportMeta& meta) {
  std::string out;
  for (std::size_t i = 0; i < k_csv_columns.size(); ++i)
    out += (i ? "," : "") + std::string(k_csv_columns[i]);
  out += "\r\n";
  const std::string generated = rfc3339(meta.generated_at);
  for (const auto& l : month.links) {
    const json& f = l.figures;
    const json& commitments = l.policy.contains("commitments") ? l.policy["commitments"] : json();
    const json credit = l.policy.contains("credit") ? l.policy["credit"] : json::object();
    const std::vector<std::string> row = {month.client.name,
                                          l.link.name,
                                          l.link.circuit_id,
                                          month.month,
                                          csv_value(f, "timezone"),
                                          csv_value(f, "from"),
                                          csv_value(f, "to"),
                                          csv_value(f, "month_to_date"),
                                          csv_value(commitments, "uptime_pct"),
                                          csv_value(f, "availability_pct"),
                                          csv_value(f, "scheduled_s"),
                                          csv_value(f, "downtime_s"),
                                          csv_value(f, "unknown_s"),
                                          csv_value(f, "excluded_s"),
                                          csv_value(f, "outage_count"),
                                          csv_value(f, "mttr_s"),
                                          csv_value(f, "longest_outage_s"),
                                          csv_value(commitments, "latency_ms"),
                                          csv_value(f, "latency_avg_ms"),
                                          csv_value(f, "latency_p95_ms"),
                                          csv_value(commitments, "loss_pct"),
                                          csv_value(f, "loss_avg_pct"),
                                          json(l.link.committed_mbps).dump(),
                                          csv_value(f, "p95_bps"),
                                          csv_value(f, "p95_in_bps"),
                                          csv_value(f, "p95_out_bps"),
                                          breach_list(f, ";"),
                                          csv_value(credit, "model"),
                                          csv_value(f, "credit_pct"),
                                          csv_value(f, "credit_amount"),
                                          csv_value(f, "currency"),
                                          csv_value(f, "computed_at"),
                                          generated};
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\r\n";
  }
  return out;
}

std::string month_json(const ClientMonth& month, const ReportMeta& meta) {
  json links = json::array();
  for (const auto& l : month.links) links.push_back(l.figures);
  json report = {{"client", month.client.name},
                 {"month", month.month},
                 {"timezone", month.zone ? std::string(month.zone->name()) : std::string()},
                 {"isp_name", meta.isp_name},
                 {"generated_at", rfc3339(meta.generated_at)},
                 {"computed_at", rfc3339(month.computed_at())},
                 {"ill_version", std::string(version())}};
  return json{{"report", report}, {"links", links}}.dump(2) + "\n";
}

namespace {

ClientReport render_client(const ClientMonth& m, const Scope& scope,
                           const std::vector<Format>& formats, const ReportMeta& meta) {
  ClientReport r;
  r.client_id = m.client.id;
  r.client = m.client.name;
  r.month = m.month;
  r.report_emails = m.client.report_emails;
  r.summary = month_summary(m, meta);
  const std::optional<std::string> link =
      scope.link ? std::optional(m.links.front().link.name) : std::nullopt;
  for (const Format format : formats) {
    Document d;
    d.client_id = m.client.id;
    d.client = m.client.name;
    d.month = m.month;
    if (link) d.scope = *link;
    d.format = format;
    d.filename = file_name(m, link, format);
    d.content_type = std::string(content_type(format));
    switch (format) {
    case Format::pdf: d.bytes = month_pdf(m, meta); break;
    case Format::csv: d.bytes = month_csv(m, meta); break;
    case Format::json: d.bytes = month_json(m, meta); break;
    }
    d.sha256 = sha256_hex(d.bytes);
    d.generated_at = meta.generated_at;
    d.computed_at = m.computed_at();
    r.documents.push_back(std::move(d));
  }
  return r;
}

// Renders clients on a few worker threads while the caller's thread loads the next clients from
// the store and hands finished ones over in order. Only the caller's thread touches the
// database; a worker renders a ClientMonth it owns (Cairo surfaces and Pango layouts are per
// document, and Pango's default font map is per thread, so each worker keeps its fonts warm).
class RenderWorkers {
public:
  explicit RenderWorkers(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) m_threads.emplace_back([this] { work(); });
  }
  RenderWorkers(const RenderWorkers&) = delete;
  RenderWorkers& operator=(const RenderWorkers&) = delete;
  ~RenderWorkers() {
    {
      std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_wake.notify_all();
    m_threads.clear();  // joins; jobs not started are dropped
  }

  // Queues a render; its result is taken with take(), in the order of submit().
  void submit(std::function<ClientReport()> job) {
    auto slot = std::make_shared<Slot>();
    {
      std::lock_guard lock(m_mutex);
      m_jobs.push_back({std::move(job), slot});
      m_order.push_back(slot);
    }
    m_wake.notify_one();
  }
  std::size_t pending() const { return m_order.size(); }
  // The oldest submitted render, waiting for it.
  ClientReport take() {
    std::shared_ptr<Slot> slot = m_order.front();
    m_order.pop_front();
    std::unique_lock lock(m_mutex);
    m_done.wait(lock, [&] { return slot->result || slot->thrown; });
    if (slot->thrown) std::rethrow_exception(slot->thrown);
    return std::move(*slot->result);
  }

private:
  struct Slot {
    std::optional<ClientReport> result;
    std::exception_ptr thrown;  // what the render threw, rethrown by take()
  };
  struct Job {
    std::function<ClientReport()> run;
    std::shared_ptr<Slot> slot;
  };

  void work() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
        if (m_stop) return;
        job = std::move(m_jobs.front());
        m_jobs.pop_front();
      }
      std::optional<ClientReport> r;
      std::exception_ptr thrown;
      try {
        r = job.run();
      } catch (...) {
        thrown = std::current_exception();
      }
      {
        std::lock_guard lock(m_mutex);
        job.slot->result = std::move(r);
        job.slot->thrown = thrown;
      }
      m_done.notify_all();
    }
  }

  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_done;
  std::deque<Job> m_jobs;
  std::deque<std::shared_ptr<Slot>> m_order;  // the caller's thread only
  bool m_stop = false;
  std::vector<std::jthread> m_threads;  // last: joined first
};

// Worker threads for `clients` clients: none for one (rendered on the caller's thread), else one
// per core, at most 4 (each holds a client's series and documents).
unsigned render_threads(std::size_t clients) {
  if (clients <= 1) return 0;
  const unsigned cores = std::max(std::thread::hardware_concurrency(), 1U);
  return static_cast<unsigned>(std::min<std::size_t>({cores, 4, clients}));
}

}  // namespace

Status for_each_client_report(store::Database& db, const Scope& scope, std::string_view month,
                              const std::vector<Format>& formats, const ReportMeta& meta,
                              const config::SlaSettings& defaults, const ClientReportSink& each) {
  auto links = links_in(db, scope);
  if (!links) return fail(links.error());
  // The links of each client, clients by name.
  std::vector<std::vector<store::Link>> clients;
  std::map<std::int64_t, std::size_t> index_of;
  for (auto& link : *links) {
    const auto [it, added] = index_of.try_emplace(link.client_id, clients.size());
    if (added) clients.emplace_back();
    clients[it->second].push_back(std::move(link));
  }
  std::stable_sort(clients.begin(), clients.end(), [](const auto& a, const auto& b) {
    return a.front().client_name < b.front().client_name;
  });
  LoadOptions load;
  load.charts = std::find(formats.begin(), formats.end(), Format::pdf) != formats.end();
  const unsigned threads = render_threads(clients.size());
  if (threads == 0) {
    for (std::size_t i = 0; i < clients.size(); ++i) {
      auto months = load_client_months(db, clients[i], month, meta.generated_at, defaults, load);
      if (!months) return fail(months.error());
      for (const auto& m : *months)
        if (auto st = each(render_client(m, scope, formats, meta), i, clients.size()); !st)
          return st;
    }
    return {};
  }
  // The same walk with rendering overlapped: clients are still loaded, and handed to `each`, one
  // at a time and in order; a few are rendered ahead. A load error is returned after every
  // client before it was handed over, as above.
  RenderWorkers workers(threads);
  std::deque<std::size_t> index_of_pending;
  auto hand_over = [&]() -> Status {
    const std::size_t i = index_of_pending.front();
    index_of_pending.pop_front();
    return each(workers.take(), i, clients.size());
  };
  for (std::size_t i = 0; i < clients.size(); ++i) {
    auto months = load_client_months(db, clients[i], month, meta.generated_at, defaults, load);
    if (!months) {
      while (workers.pending() > 0)
        if (auto st = hand_over(); !st) return st;
      return fail(months.error());
    }
    for (auto& m : *months) {
      workers.submit([m = std::move(m), &scope, &formats, &meta] {
        return render_client(m, scope, formats, meta);
      });
      index_of_pending.push_back(i);
    }
    while (workers.pending() > threads)
      if (auto st = hand_over(); !st) return st;
  }
  while (workers.pending() > 0)
    if (auto st = hand_over(); !st) return st;
  return {};
}

Result<std::vector<Document>> generate_documents(store::Database& db, const Scope& scope,
                                                 std::string_view month, Format format,
                                                 const ReportMeta& meta,
                                                 const config::SlaSettings& defaults) {
  std::vector<Document> out;
  auto st = for_each_client_report(db, scope, month, {format}, meta, defaults,
                                   [&](ClientReport&& r, std::size_t, std::size_t) -> Status {
                                     out.push_back(std::move(r.documents.front()));
                                     return {};
                                   });
  if (!st) return fail(st.error());
  return out;
}

}  // namespace ill::report
