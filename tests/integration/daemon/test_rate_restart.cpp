// The first rate after a restart (issue #12): ill-sim's pe1 sends a steady 8 Mbit/s in and
// 2 Mbit/s out on ether1; polls 2 s apart are recorded, the recorder is replaced by a new one on
// the same store between two polls (as when illd restarts), and the rate of the first poll after
// it must be the simulator's rate like every other one. The poll before the restart is taken at
// 700 ms past a second: a resumed reading that carried only the stored whole second would make the
// interval 2.7 s and the rate 26 % low.
#include "collect/async_poll.hpp"
#include "collect/recorder.hpp"
#include "core/format.hpp"
#include "edge_sim.hpp"
#include "routeros/run_local.hpp"
#include "store/client_repository.hpp"
#include "store/link_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "support/sim.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <thread>

using namespace ill;
using namespace std::chrono_literals;

namespace {

Result<collect::RouterPoll> poll_once(const test::SimRouter& r) {
  collect::PollPlan plan;
  plan.interfaces = {"ether1"};
  plan.monitor_traffic = false;
  plan.identity = false;
  const routeros::Endpoint endpoint{.host = r.address, .port = static_cast<std::uint16_t>(r.port)};
  return routeros::run_local(
      [&](asio::any_io_executor ex) -> asio::awaitable<Result<collect::RouterPoll>> {
        auto deadline = routeros::deadline_in(10s);
        auto session = co_await routeros::AsyncSession::connect(ex, endpoint, deadline, {});
        if (!session) co_return fail(std::move(session.error()));
        auto login = co_await session->login("monitor", "s3cret", deadline);
        if (!login) co_return fail(std::move(login.error()));
        co_return co_await collect::poll_router_now(*session, plan, deadline);
      });
}

// Waits for the next wall-clock second, plus `past` (this arranges when a poll starts; nothing
// is measured by it).
void start_at(std::chrono::milliseconds past) {
  const auto now = std::chrono::system_clock::now();
  std::this_thread::sleep_until(std::chrono::ceil<std::chrono::seconds>(now) + past);
}

}  // namespace

TEST_CASE("the first rate after a restart is the link's rate, as the others are",
          "[integration][daemon][collector]") {
  test::Sim sim(test::k_edge_sim);
  test::TempDir dir;
  auto db = store::Database::open((dir.path() / "ill.db").string(), store::OpenMode::create);
  REQUIRE(db);
  store::Client c;
  c.name = "acme";
  const auto client = store::ClientRepository(**db).add(c).value();
  auto target = std::make_shared<collect::RouterWithLinks>();
  target->router.name = "pe1";
  target->router.host = sim.router("pe1").address;
  target->router.port = sim.router("pe1").port;
  target->router.username = "monitor";
  target->router.id = store::RouterRepository(**db).add(target->router).value();
  store::Link link;
  link.name = "acme-1";
  link.client_id = client;
  link.router_id = target->router.id;
  link.interface = "ether1";
  link.committed_mbps = 10;
  link.id = store::LinkRepository(**db).add(link).value();
  target->links.push_back(link);
  collect::Inventory inventory;
  inventory.routers.push_back(target);

  auto record = [&](collect::Recorder& recorder) {
    auto poll = poll_once(sim.router("pe1"));
    INFO((poll ? std::string() : poll.error().what()));
    REQUIRE(poll);
    collect::PollResult result;
    result.target = target;
    result.at = poll->at;
    result.interval = 2s;
    result.status = store::RouterStatus::online;
    result.poll = std::move(*poll);
    REQUIRE(recorder.record(std::span(&result, 1)));
    return result.at;
  };
  auto last_sample = [&] { return store::SampleRepository(**db).latest(link.id).value().value(); };

  std::chrono::system_clock::time_point last_poll;
  {
    collect::Recorder before(**db);
    before.live().set_inventory(inventory);
    start_at(100ms);
    record(before);
    CHECK_FALSE(last_sample().rx_bps);  // the first reading gives no rate
    start_at(700ms);                    // 1.6 s later
    last_poll = record(before);
    auto live = last_sample();
    REQUIRE(live.rx_bps);
    CHECK(*live.rx_bps == Approx(8e6).epsilon(0.01));
    CHECK(*live.tx_bps == Approx(2e6).epsilon(0.01));
    CHECK(live.ms >= 700);  // the poll's milliseconds are kept
  }
  // The daemon restarts: a new recorder resumes the counters from the store.
  collect::Recorder after(**db);
  after.live().set_inventory(inventory);
  std::this_thread::sleep_until(last_poll + 2s);  // the next poll 2 s after the last
  record(after);
  auto first = last_sample();
  REQUIRE(first.rx_bps);
  CHECK(*first.rx_bps == Approx(8e6).epsilon(0.01));
  CHECK(*first.tx_bps == Approx(2e6).epsilon(0.01));
}
