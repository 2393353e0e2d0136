// illd's alerts end to end: ill-sim cuts a circuit, illd raises the alert in the writer's
// transaction, the sender delivers it to a loopback webhook receiver (which checks the HMAC
// itself) and to a real SMTP server; once per event across a restart and across kill -9 between
// the commit and the send; retried while the receiver refuses; flapping damped.
#include "core/format.hpp"
#include "daemon/deployment.hpp"
#include "daemon/edge_sim.hpp"
#include "sinks.hpp"
#include "support/ports.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <ctime>

using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using ill::test::Deployment;
using ill::test::HookSink;
using ill::test::MailSink;

namespace {

std::string alert_config(const std::string& webhook_url, const std::string& more = "") {
  return "[webhook]\nurl = \"" + webhook_url +
         "\"\ntimeout_s = 3\n[alerts]\nlink_down_after_s = 0\nrouter_down_after_s = 0\n" + more;
}

// The webhook bodies received for `event` about `link` (or router).
std::vector<nlohmann::json> received(const HookSink& sink, const std::string& event,
                                     const std::string& subject_field = "link",
                                     const std::string& subject = "acme-2") {
  std::vector<nlohmann::json> out;
  for (const auto& r : sink.records()) {
    auto body = nlohmann::json::parse(r["body"].get<std::string>());
    if (body["event"] == event && body[subject_field] == subject) {
      body["_signature_ok"] = r["signature_ok"];
      body["_delivery"] = r["headers"].value("x-ill-delivery", "");
      out.push_back(body);
    }
  }
  return out;
}

nlohmann::json outbox(Deployment& d) {
  auto r = d.illctl({"alert", "list", "--json"});
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

std::size_t rows_of(const nlohmann::json& rows, const std::string& event) {
  std::size_t n = 0;
  for (const auto& r : rows)
    if (r["event"] == event && r["payload"]["link"] == "acme-2") ++n;
  return n;
}

// Waits until illd (started at `since`) has committed batches for two more poll intervals, so
// whatever it would raise from what it saw has been committed.
void wait_for_batches(Deployment& d, std::int64_t since) {
  REQUIRE(Deployment::wait_until(
      [&] {
        auto r = d.illctl({"status", "--json"});
        if (r.exit_code != 0) return false;
        auto s = nlohmann::json::parse(r.out);
        if (s["daemon"]["state"] != "running") return false;
        std::tm tm{};
        strptime(s["daemon"]["last_heartbeat"].get<std::string>().c_str(), "%Y-%m-%dT%H:%M:%SZ",
                 &tm);
        return timegm(&tm) >= since + 2 * d.interval().count();
      },
      30s));
}

std::int64_t now_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

TEST_CASE("illd alerts a cut circuit and its recovery by webhook and e-mail, once each",
          "[integration][notify][alerts][daemon]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  REQUIRE(d.illctl({"client", "edit", "acme", "--email", "ops@acme.example"}).exit_code == 0);
  // The webhook key from the encrypted store, given on standard input.
  auto set = d.illctl({"secret", "set", "webhook.secret", "--stdin"}, "hmac-k3y\n");
  INFO(set.err);
  REQUIRE(set.exit_code == 0);
  CHECK_THAT(d.illctl({"secret", "list"}).out, Contains("webhook.secret"));
  CHECK(d.illctl({"secret", "list"}).out.find("hmac-k3y") == std::string::npos);

  HookSink hook(d.dir(), "hook", "hmac-k3y");
  MailSink mail(d.dir());
  const std::string smtp = "[smtp]\nhost = \"127.0.0.1\"\nport = " + std::to_string(mail.port()) +
                           "\nsecurity = \"none\"\nfrom = \"illd <illd@isp.example>\"\n";
  d.start_illd(smtp +
               alert_config(hook.url(), "hold_down_s = 0\nnoc_email = \"noc@isp.example\"\n"));
  INFO(d.illd().err());

  const auto cut_at = now_s();
  REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
  std::vector<nlohmann::json> down;
  REQUIRE(
      Deployment::wait_until([&] { return !(down = received(hook, "link_down")).empty(); }, 30s));
  CHECK(down[0]["_signature_ok"] == true);
  CHECK(down[0]["client"] == "acme");
  CHECK(down[0]["router"] == "pe1");
  CHECK(down[0]["from_unix"].get<std::int64_t>() >= cut_at - 1);
  CHECK(down[0]["_delivery"] == down[0]["id"].get<std::string>() + "/webhook/noc");

  // The same alert by e-mail to the NOC and to the client's report address.
  std::vector<std::string> rcpts;
  REQUIRE(Deployment::wait_until(
      [&] {
        rcpts.clear();
        for (const auto& m : mail.messages())
          if (mail.parse(m)["subject"].get<std::string>().starts_with("[ill] link acme-2 down"))
            rcpts.push_back(mail.envelope(m)["rcpt_tos"][0].get<std::string>());
        return rcpts.size() == 2;
      },
      30s));
  std::sort(rcpts.begin(), rcpts.end());
  CHECK(rcpts == std::vector<std::string>{"noc@isp.example", "ops@acme.example"});
  auto first = mail.parse(mail.messages().front());
  CHECK_THAT(first["message_id"].get<std::string>(), Contains("link_down"));
  CHECK_THAT(first["body"].get<std::string>(), Contains("Client:  acme"));

  REQUIRE_THAT(d.sim().control("link pe1 ether2 up"), Contains("ok"));
  std::vector<nlohmann::json> up;
  REQUIRE(Deployment::wait_until([&] { return !(up = received(hook, "link_up")).empty(); }, 30s));
  CHECK(up[0]["from_unix"] == down[0]["from_unix"]);
  CHECK(up[0]["outage_s"].get<std::int64_t>() ==
        up[0]["to_unix"].get<std::int64_t>() - up[0]["from_unix"].get<std::int64_t>());
  CHECK(up[0]["outage_s"].get<std::int64_t>() >= 0);

  // An unreachable router is an alert of its own (to the NOC only).
  REQUIRE_THAT(d.sim().control("router pe2 unreachable 60"), Contains("ok"));
  REQUIRE(Deployment::wait_until(
      [&] { return !received(hook, "router_down", "router", "pe2").empty(); }, 40s));

  // A restart raises nothing again.
  REQUIRE(d.stop_illd() == 0);
  const auto restarted = now_s();
  d.start_illd(smtp +
               alert_config(hook.url(), "hold_down_s = 0\nnoc_email = \"noc@isp.example\"\n"));
  wait_for_batches(d, restarted);
  CHECK(received(hook, "link_down").size() == 1);
  CHECK(received(hook, "link_up").size() == 1);
  CHECK(received(hook, "router_down", "router", "pe2").size() == 1);
  auto rows = outbox(d);
  CHECK(rows_of(rows, "link_down") == 3);  // webhook, NOC e-mail, client e-mail
  for (const auto& r : rows)
    if (r["payload"]["link"] == "acme-2") CHECK(r["status"] == "sent");

  // /metrics counts the deliveries.
  auto metrics = ill::test::run(
      {"/usr/bin/curl", "-sf", "http://127.0.0.1:" + std::to_string(d.http_port()) + "/metrics"});
  CHECK_THAT(metrics.out, Contains("illd_alerts_pending"));
  CHECK_THAT(metrics.out, Contains("illd_alerts_sent_total"));
}

TEST_CASE("an alert committed but not sent when illd is killed is sent once after the restart",
          "[integration][notify][alerts][daemon]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  const auto port = ill::test::free_loopback_port();  // the receiver is down for now
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  d.start_illd(alert_config(url, "hold_down_s = 0\n"));
  INFO(d.illd().err());
  REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
  // Committed with the outage, tried, refused: pending with an error.
  REQUIRE(Deployment::wait_until(
      [&] {
        for (const auto& r : outbox(d))
          if (r["event"] == "link_down" && r["attempts"].get<int>() >= 1 &&
              r["status"] == "pending")
            return true;
        return false;
      },
      30s));
  d.illd().signal(SIGKILL);
  REQUIRE(d.illd().wait(5s));

  HookSink hook(d.dir(), "hook", "", 200, port);
  d.start_illd(alert_config(url, "hold_down_s = 0\n"));
  REQUIRE(Deployment::wait_until(
      [&] {
        for (const auto& r : outbox(d))
          if (r["event"] == "link_down" && r["status"] == "sent") return true;
        return false;
      },
      40s));
  CHECK(received(hook, "link_down").size() == 1);
  CHECK(rows_of(outbox(d), "link_down") == 1);
}

TEST_CASE("a receiver that refuses is retried with backoff until it accepts, once",
          "[integration][notify][alerts][daemon]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  auto refusing = std::make_unique<HookSink>(d.dir(), "refused", "", 500);
  const auto port = refusing->port();
  d.start_illd(alert_config(refusing->url(), "hold_down_s = 0\n"));
  INFO(d.illd().err());
  REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
  REQUIRE(Deployment::wait_until([&] { return !received(*refusing, "link_down").empty(); }, 30s));
  refusing->stop();
  HookSink hook(d.dir(), "hook", "", 200, port);
  REQUIRE(Deployment::wait_until([&] { return !received(hook, "link_down").empty(); }, 40s));
  REQUIRE(Deployment::wait_until(
      [&] {
        for (const auto& r : outbox(d))
          if (r["event"] == "link_down" && r["status"] == "sent") return true;
        return false;
      },
      10s));
  auto rows = outbox(d);
  REQUIRE(rows_of(rows, "link_down") == 1);
  for (const auto& r : rows)
    if (r["event"] == "link_down") CHECK(r["attempts"].get<int>() >= 2);
  CHECK(received(hook, "link_down").size() == 1);
}

TEST_CASE("a flapping link raises one alert inside the hold-down",
          "[integration][notify][alerts][daemon]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  HookSink hook(d.dir(), "hook");
  d.start_illd(alert_config(hook.url(), "hold_down_s = 3600\n"));
  INFO(d.illd().err());
  auto link_state = [&](const std::string& want) {
    return Deployment::wait_until(
        [&] {
          auto r = d.illctl({"status", "--json"});
          if (r.exit_code != 0) return false;
          auto s = nlohmann::json::parse(r.out);
          bool down = false;
          for (const auto& l : s["links"]["down_now"])
            if (l["name"] == "acme-2") down = true;
          return (want == "down") == down && s["links"]["up"].get<int>() >= (down ? 2 : 3);
        },
        30s);
  };
  REQUIRE(link_state("up"));
  for (int flap = 0; flap < 3; ++flap) {
    REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
    REQUIRE(link_state("down"));
    REQUIRE_THAT(d.sim().control("link pe1 ether2 up"), Contains("ok"));
    REQUIRE(link_state("up"));
  }
  wait_for_batches(d, now_s());
  REQUIRE(Deployment::wait_until([&] { return !received(hook, "link_down").empty(); }, 10s));
  CHECK(received(hook, "link_down").size() == 1);
  CHECK(received(hook, "link_up").empty());
  CHECK(rows_of(outbox(d), "link_down") == 1);
}

// The month-to-date thresholds count the month as the reports do (figures/): downtime inside a
// maintenance window is excluded, so it spends no error budget.
TEST_CASE("budget and availability alerts count maintenance as the reports do",
          "[integration][notify][alerts][daemon]") {
  Deployment d(ill::test::k_edge_sim);
  d.import(ill::test::k_edge_inventory, "s3cret");
  // 99.99 %: about 268 s of downtime allowed in a 31-day month; 1 % of that is under 3 s.
  REQUIRE(d.illctl({"link", "edit", "acme-2", "--uptime", "99.99"}).exit_code == 0);
  HookSink hook(d.dir(), "hook");
  const std::string config = alert_config(hook.url(), "budget_share_pct = 1\nhold_down_s = 0\n");

  SECTION("outside maintenance: the budget alert, once") {
    d.start_illd(config);
    INFO(d.illd().err());
    REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
    std::vector<nlohmann::json> budget;
    REQUIRE(Deployment::wait_until(
        [&] { return !(budget = received(hook, "budget_used")).empty(); }, 40s));
    CHECK_THAT(budget[0]["detail"].get<std::string>(), Contains("allowed this month"));
    wait_for_batches(d, now_s());
    CHECK(received(hook, "budget_used").size() == 1);
  }
  SECTION("inside a maintenance window: down, but no budget spent") {
    REQUIRE(d.illctl({"maintenance", "add", "--link", "acme-2", "--start",
                      ill::rfc3339(ill::from_unix_seconds(now_s() - 3600)), "--duration", "2h",
                      "--reason", "planned fibre splice"})
                .exit_code == 0);
    d.start_illd(config);
    INFO(d.illd().err());
    REQUIRE_THAT(d.sim().control("link pe1 ether2 down"), Contains("ok"));
    REQUIRE(Deployment::wait_until([&] { return !received(hook, "link_down").empty(); }, 30s));
    // Several batches with the link down, each of which weighed the month.
    wait_for_batches(d, now_s() + 2 * d.interval().count());
    CHECK(received(hook, "budget_used").empty());
    CHECK(received(hook, "availability_below").empty());
  }
}
