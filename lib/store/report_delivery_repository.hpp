// Which monthly reports were e-mailed to whom: one row per client, month and recipient, with
// the server's reply. A row says `sent` only after the server accepted the message for that
// recipient, so a rerun of the month knows whom not to send to again.
#pragma once

#include "core/result.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ill::store {

class Database;

struct ReportDelivery {
  std::int64_t client_id = 0;
  std::string month;  // YYYY-MM
  std::string recipient;
  std::string status;  // sent | failed
  std::string reply;
  std::string message_id;
  std::int64_t attempts = 0;
  std::chrono::sys_seconds at;
};

class ReportDeliveryRepository {
public:
  explicit ReportDeliveryRepository(Database& db) : m_db(db) {}
  Result<std::optional<ReportDelivery>> get(std::int64_t client_id, const std::string& month,
                                            const std::string& recipient);
  // Inserts or replaces the row of (client, month, recipient).
  Status put(const ReportDelivery& delivery);
  Result<std::vector<ReportDelivery>> for_month(std::int64_t client_id, const std::string& month);

private:
  Database& m_db;
};

}  // namespace ill::store
