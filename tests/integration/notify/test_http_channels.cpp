// The webhook and the WhatsApp Cloud API against a loopback HTTP receiver that checks the
// HMAC signature on its own: headers, bodies, refusals and a receiver that is down.
#include "sinks.hpp"

#include "notify/webhook.hpp"
#include "notify/whatsapp.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using Catch::Matchers::Contains;
using ill::test::HookSink;
using ill::test::TempDir;

TEST_CASE("a signed webhook: body as given, signature the receiver verifies, delivery key",
          "[integration][notify][webhook]") {
  TempDir dir;
  HookSink sink(dir, "hook", "k3y-for-hmac");
  config::WebhookSettings s;
  s.url = sink.url();
  notify::WebhookClient client(s, store::Secret("k3y-for-hmac"));
  const std::string body = R"({"id":"link_down/link:1/100","event":"link_down","link":"acme-1"})";
  REQUIRE(client.post(body, "link_down", "link_down/link:1/100/webhook/noc"));
  auto records = sink.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0]["path"] == "/hook");
  CHECK(records[0]["body"] == body);
  CHECK(records[0]["signature_ok"] == true);
  CHECK(records[0]["headers"]["content-type"] == "application/json");
  CHECK(records[0]["headers"]["x-ill-event"] == "link_down");
  CHECK(records[0]["headers"]["x-ill-delivery"] == "link_down/link:1/100/webhook/noc");

  // Signed under another key, the receiver's check fails: the signature depends on the key.
  notify::WebhookClient other(s, store::Secret("another key"));
  REQUIRE(other.post(body, "link_down", "k2"));
  CHECK(sink.records().at(1)["signature_ok"] == false);
}

TEST_CASE("an unsigned webhook carries no signature header", "[integration][notify][webhook]") {
  TempDir dir;
  HookSink sink(dir, "hook");
  config::WebhookSettings s;
  s.url = sink.url();
  notify::WebhookClient client(s, std::nullopt);
  REQUIRE(client.post("{}", "router_down", "k"));
  auto records = sink.records();
  REQUIRE(records.size() == 1);
  CHECK_FALSE(records[0]["headers"].contains("x-ill-signature"));
}

TEST_CASE("a webhook answering 500, and one that is down, are errors naming why",
          "[integration][notify][webhook]") {
  TempDir dir;
  HookSink sink(dir, "hook", "", 500);
  config::WebhookSettings s;
  s.url = sink.url();
  s.timeout_s = 5;
  notify::WebhookClient client(s, std::nullopt);
  auto st = client.post("{}", "link_down", "k");
  REQUIRE_FALSE(st);
  CHECK_THAT(st.error().what(), Contains("HTTP 500"));
  sink.stop();
  st = client.post("{}", "link_down", "k");
  REQUIRE_FALSE(st);
  CHECK(st.error().category() == Errc::unreachable);
}

TEST_CASE("WhatsApp: a template message to the Cloud API path with the bearer token",
          "[integration][notify][whatsapp]") {
  TempDir dir;
  HookSink sink(dir, "graph");
  config::WhatsappSettings s;
  s.base_url = sink.url("/");
  s.api_version = "v19.0";
  s.phone_number_id = "106540352242922";
  s.template_name = "ill_alert";
  notify::WhatsappClient client(s, store::Secret("EAAG-test-token"));
  REQUIRE(client.send("+5511912345678", {"[ill] link acme-1 down since 2026-12-06 21:00 UTC"}));
  auto records = sink.records();
  REQUIRE(records.size() == 1);
  CHECK(records[0]["path"] == "/v19.0/106540352242922/messages");
  CHECK(records[0]["headers"]["authorization"] == "Bearer EAAG-test-token");
  auto body = nlohmann::json::parse(records[0]["body"].get<std::string>());
  CHECK(body["to"] == "5511912345678");
  CHECK(body["template"]["name"] == "ill_alert");
  CHECK(body["template"]["components"][0]["parameters"][0]["text"] ==
        "[ill] link acme-1 down since 2026-12-06 21:00 UTC");

  notify::WhatsappClient no_token(s, std::nullopt);
  auto st = no_token.send("+1555", {"x"});
  REQUIRE_FALSE(st);
  CHECK(st.error().category() == Errc::config);
  CHECK(sink.records().size() == 1);
}
