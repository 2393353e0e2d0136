#include "notify/outbox_sender.hpp"

#include "core/clock.hpp"
#include "core/format.hpp"
#include "notify/alert_event.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace ill::notify {
std::string message_id_for(const std::string& idem_key) {
  std::string id;
  for (unsigned char c : idem_key) {
    id += std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/' || c == '+' || c == '='
              ? static_cast<char>(c)
              : '.';
  }
  return id + "@ill";
}

Status deliver(const Channels& channels, const store::OutboxRow& row) {
  auto event = alert_from_json(row.payload);
  if (!event) return fail(event.error());
  if (row.channel == "webhook") return channels.webhook.post(row.payload, row.event, row.idem_key);
  if (row.channel == "whatsapp")
    return channels.whatsapp.send(row.recipient, {alert_subject(*event)});
  if (row.channel == "email") {
    auto mail = mail_from_settings(channels.smtp.settings());
    if (!mail) return fail(mail.error());
    auto to = parse_mailbox(row.recipient);
    if (!to) return fail(to.error());
    mail->to = {*to};
    mail->subject = alert_subject(*event);
    mail->body = alert_body(*event);
    mail->message_id = message_id_for(row.idem_key);
    mail->date = event->at;
    auto results = channels.smtp.send(*mail);
    if (!results) return fail(results.error());
    const auto& r = results->front();
    if (!r.accepted) return fail(Errc::remote, "{}: {}", r.address, r.reply);
    return {};
  }
  return fail(Errc::internal, "unknown channel '{}'", row.channel);
}

OutboxSender::OutboxSender(std::unique_ptr<store::Database> db, Channels channels,
                           SenderOptions options)
    : m_db(std::move(db)), m_channels(std::move(channels)), m_options(options) {
  m_thread = std::thread([this] { run(); });
}

OutboxSender::~OutboxSender() { stop(); }

void OutboxSender::wake() {
  {
    std::lock_guard lock(m_mutex);
    m_woken = true;
  }
  m_cv.notify_one();
}

void OutboxSender::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

SenderStats OutboxSender::stats() const {
  return {m_sent.load(), m_failed.load(), m_given_up.load()};
}

void OutboxSender::run() {
  for (;;) {
    pass();
    auto next = store::OutboxRepository(*m_db).next_due();
    auto wait = std::chrono::seconds(5);
    if (next && *next) {
      wait = std::clamp(std::chrono::seconds(**next - now_seconds()), std::chrono::seconds(0),
                        std::chrono::seconds(5));
    }
    std::unique_lock lock(m_mutex);
    m_cv.wait_for(lock, wait, [this] { return m_stop || m_woken; });
    if (m_stop) return;
    m_woken = false;
  }
}

void OutboxSender::pass() {
  store::OutboxRepository outbox(*m_db);
  for (;;) {
    {
      std::lock_guard lock(m_mutex);
      if (m_stop) return;
    }
    auto due = outbox.due(now_seconds(), m_options.batch);
    if (!due) {
      spdlog::warn("alert outbox: {}", due.error().what());
      return;
    }
    if (due->empty()) break;
    for (const auto& row : *due) {
      Status delivered = deliver(m_channels, row);
      auto tx = m_db->begin();
      if (!tx) {
        spdlog::error("alert outbox: cannot record a delivery: {}", tx.error().what());
        return;
      }
      Status marked;
      if (delivered) {
        marked = outbox.mark_sent(row.id, now_seconds());
        ++m_sent;
        spdlog::info("alert {} delivered by {} to {}", row.idem_key, row.channel, row.recipient);
      } else {
        ++m_failed;
        const std::string why = delivered.error().what();
        if (now_seconds() - row.created_at >=
            std::chrono::duration_cast<std::chrono::seconds>(m_options.give_up)) {
          marked = outbox.mark_failed(row.id, why);
          ++m_given_up;
          spdlog::error("alert {} given up after {} attempts: {}", row.idem_key, row.attempts + 1,
                        why);
        } else {
          auto wait = m_options.retry_initial * (1LL << std::min<std::int64_t>(row.attempts, 20));
          wait = std::min<std::chrono::seconds>(wait, m_options.retry_max);
          marked = outbox.mark_retry(row.id, now_seconds() + wait, why);
          spdlog::warn("alert {} by {} not delivered, retrying in {} s: {}", row.idem_key,
                       row.channel, wait.count(), why);
        }
      }
      if (marked) marked = tx->commit();
      if (!marked) {
        spdlog::error("alert outbox: cannot record a delivery: {}", marked.error().what());
        return;
      }
    }
  }
  if (auto counts = outbox.counts()) m_pending = counts->pending;
}

}  // namespace ill::notify
