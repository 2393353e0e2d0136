// Delivers the outbox: a thread of its own (never the poller's or the writer's) with its own
// database connection. It takes the pending rows that are due, hands each to its channel, and
// marks a row sent, in a transaction of its own, only after the channel accepted it (SMTP 250
// after DATA, HTTP 2xx). A refused or failed attempt is retried with exponential backoff, from
// 5 s doubling up to alerts.retry_max_s, while the channel stays down; after
// alerts.give_up_after_h the row is marked failed. One channel being down delays only its own
// rows: each row is tried on its own and a failure does not stop the others.
//
// At least once, and in practice exactly once. The alert and its outbox rows commit with the
// state change that caused them, so none is lost; a row is never sent while another attempt
// might run (one sender per database). The only window for a duplicate is a crash after the
// channel accepted a message and before the row's `sent` commit: then the row is sent again
// after the restart. Exactly once cannot be had from a sender alone (no commit can span our
// database and a mail server), so the receivers get what they need to drop such a repeat: the
// idempotency key in the webhook's X-Ill-Delivery header and body `id`, and in the e-mail's
// Message-ID, which mail stores deduplicate on. WhatsApp has no such key.
#pragma once

#include "notify/channels.hpp"
#include "store/database.hpp"
#include "store/outbox_repository.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace ill::notify {

struct SenderOptions {
  std::chrono::seconds retry_initial{5};
  std::chrono::seconds retry_max{600};
  std::chrono::hours give_up{48};
  int batch = 20;
};

struct SenderStats {
  std::uint64_t sent = 0;             // deliveries accepted
  std::uint64_t failed_attempts = 0;  // attempts refused or failed
  std::uint64_t given_up = 0;         // rows marked failed
};

// The e-mail's Message-ID (without <>) for an outbox row: its key made safe, "@ill".
std::string message_id_for(const std::string& idem_key);

// Sends one outbox row through its channel; an error says why it was not accepted.
Status deliver(const Channels& channels, const store::OutboxRow& row);

class OutboxSender {
public:
  OutboxSender(std::unique_ptr<store::Database> db, Channels channels, SenderOptions options);
  ~OutboxSender();  // stop()
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  void wake();  // new rows may be due (after the writer committed)
  void stop();
  SenderStats stats() const;
  // Rows pending now (read by /metrics, from the sender's last pass).
  std::int64_t pending() const { return m_pending.load(); }

private:
  void run();
  void pass();

  std::unique_ptr<store::Database> m_db;
  Channels m_channels;
  SenderOptions m_options;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  bool m_stop = false;
  bool m_woken = false;
  std::atomic<std::uint64_t> m_sent{0}, m_failed{0}, m_given_up{0};
  std::atomic<std::int64_t> m_pending{0};
  std::thread m_thread;
};

}  // namespace ill::notify
