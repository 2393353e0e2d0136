#include "store/report_delivery_repository.hpp"

#include "store/database.hpp"

namespace ill::store {
namespace {

constexpr const char* k_select =
    "SELECT client_id, month, recipient, status, reply, message_id, attempts, at FROM "
    "report_deliveries ";

ReportDelivery read(const Statement& s) {
  return {s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.int64(6), s.time(7)};
}

}  // namespace

Result<std::optional<ReportDelivery>> ReportDeliveryRepository::get(std::int64_t client_id,
                                                                    const std::string& month,
                                                                    const std::string& recipient) {
  auto stmt =
      m_db.prepare(std::string(k_select) + "WHERE client_id = ? AND month = ? AND recipient = ?");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(client_id, month, recipient);
  auto row = (*stmt)->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<ReportDelivery>();
  return std::optional<ReportDelivery>(read(**stmt));
}

Status ReportDeliveryRepository::put(const ReportDelivery& d) {
  auto stmt = m_db.prepare(
      "INSERT INTO report_deliveries (client_id, month, recipient, status, reply, message_id, "
      "attempts, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (client_id, month, recipient) "
      "DO UPDATE SET status = excluded.status, reply = excluded.reply, message_id = "
      "excluded.message_id, attempts = excluded.attempts, at = excluded.at");
  if (!stmt) return fail(stmt.error());
  return (*stmt)
      ->bind_all(d.client_id, d.month, d.recipient, d.status, d.reply, d.message_id, d.attempts,
                 d.at)
      .run();
}

Result<std::vector<ReportDelivery>> ReportDeliveryRepository::for_month(std::int64_t client_id,
                                                                        const std::string& month) {
  auto stmt =
      m_db.prepare(std::string(k_select) + "WHERE client_id = ? AND month = ? ORDER BY recipient");
  if (!stmt) return fail(stmt.error());
  (*stmt)->bind_all(client_id, month);
  std::vector<ReportDelivery> out;
  for (;;) {
    auto row = (*stmt)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    out.push_back(read(**stmt));
  }
  return out;
}

}  // namespace ill::store
