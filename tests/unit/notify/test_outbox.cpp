// The outbox and the secrets in a real (in-memory) store: one row per idempotency key, due rows
// in order, sent only when marked so, the retry schedule kept.
#include "core/format.hpp"
#include "notify/alert_event.hpp"
#include "notify/outbox_sender.hpp"
#include "store/database.hpp"
#include "store/outbox_repository.hpp"
#include "store/secret_box.hpp"
#include "store/secret_repository.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace ill;

namespace {

std::unique_ptr<store::Database> memory_db() {
  auto db = store::Database::open(":memory:", store::OpenMode::create);
  REQUIRE(db);
  return std::move(*db);
}

store::OutboxRow row(const std::string& key, std::int64_t at) {
  store::OutboxRow r;
  r.idem_key = key;
  r.event = "link_down";
  r.channel = "webhook";
  r.recipient = "noc";
  r.payload = "{}";
  r.created_at = from_unix_seconds(at);
  r.next_attempt_at = r.created_at;
  return r;
}

}  // namespace

TEST_CASE("an outbox row is added once per idempotency key", "[unit][notify][store]") {
  auto db = memory_db();
  store::OutboxRepository outbox(*db);
  CHECK(outbox.add(row("a/webhook/noc", 100)).value());
  CHECK_FALSE(outbox.add(row("a/webhook/noc", 200)).value());
  CHECK(outbox.add(row("b/webhook/noc", 150)).value());
  auto counts = outbox.counts();
  REQUIRE(counts);
  CHECK(counts->pending == 2);
}

TEST_CASE("due rows, retries and sent rows", "[unit][notify][store]") {
  auto db = memory_db();
  store::OutboxRepository outbox(*db);
  REQUIRE(outbox.add(row("a", 100)));
  REQUIRE(outbox.add(row("b", 200)));
  CHECK(outbox.due(from_unix_seconds(99), 10)->empty());
  auto due = outbox.due(from_unix_seconds(150), 10);
  REQUIRE(due->size() == 1);
  CHECK(due->front().idem_key == "a");

  REQUIRE(outbox.mark_retry(due->front().id, from_unix_seconds(400), "HTTP 500"));
  CHECK(outbox.due(from_unix_seconds(300), 10)->size() == 1);  // only b now
  CHECK(outbox.next_due().value() == from_unix_seconds(200));
  auto a = outbox.list("pending", 10)->back();
  CHECK(a.attempts == 1);
  CHECK(a.last_error == std::optional<std::string>("HTTP 500"));

  REQUIRE(outbox.mark_sent(a.id, from_unix_seconds(410)));
  REQUIRE(outbox.mark_retry(a.id, from_unix_seconds(999), "late"));  // a sent row stays sent
  auto sent = outbox.list("sent", 10);
  REQUIRE(sent->size() == 1);
  CHECK(sent->front().sent_at == from_unix_seconds(410));
  CHECK_FALSE(sent->front().last_error);
  CHECK(outbox.counts()->sent == 1);
}

TEST_CASE("alert payloads round-trip and read well", "[unit][notify]") {
  notify::AlertEvent e;
  e.id = "link_up/link:3/1000";
  e.event = "link_up";
  e.at = from_unix_seconds(2000);
  e.from = from_unix_seconds(1000);
  e.to = from_unix_seconds(1900);
  e.link = "acme-2";
  e.client = "acme";
  e.router = "pe1";
  auto json = nlohmann::json::parse(notify::to_json(e));
  CHECK(json["outage_s"] == 900);
  CHECK(json["from"] == "1970-01-01T00:16:40Z");
  auto back = notify::alert_from_json(notify::to_json(e));
  REQUIRE(back);
  CHECK(back->to == std::optional<std::chrono::sys_seconds>(from_unix_seconds(1900)));
  CHECK(notify::alert_subject(*back) == "[ill] link acme-2 up again after 15 min 0 s");
  CHECK(notify::alert_body(*back).find("Outage:  15 min 0 s") != std::string::npos);
  CHECK_FALSE(notify::alert_from_json("{\"id\": 1}"));
}

TEST_CASE("Message-IDs from idempotency keys", "[unit][notify]") {
  CHECK(notify::message_id_for("link_down/link:3/1000/email/noc@isp.example") ==
        "link_down/link.3/1000/email/noc.isp.example@ill");
}

TEST_CASE("channel secrets are stored sealed", "[unit][notify][store]") {
  auto db = memory_db();
  std::array<unsigned char, store::SecretBox::k_key_size> key{};
  key.fill(7);
  auto box = store::SecretBox::from_key(key);
  store::SecretRepository secrets(*db);
  auto sealed = box.seal(store::Secret("hunter2"));
  REQUIRE(secrets.put("smtp.password", sealed, from_unix_seconds(10)));
  auto got = secrets.get("smtp.password");
  REQUIRE(got);
  REQUIRE(*got);
  const std::string bytes((*got)->sealed.begin(), (*got)->sealed.end());
  CHECK(bytes.find("hunter2") == std::string::npos);
  CHECK(box.open((*got)->sealed)->reveal() == "hunter2");
  CHECK(secrets.list()->size() == 1);
  CHECK(secrets.remove("smtp.password").value());
  CHECK_FALSE(secrets.remove("smtp.password").value());
}
