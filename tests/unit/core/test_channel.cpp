#include "core/channel.hpp"

#include <catch2/catch.hpp>

#include <thread>
#include <vector>

using namespace ill;

TEST_CASE("a channel hands items over in order and drains after close", "[unit][core]") {
  Channel<int> ch(4, Overflow::block);
  REQUIRE(ch.push(1));
  REQUIRE(ch.push(2));
  ch.close();
  CHECK_FALSE(ch.push(3));
  CHECK(ch.pop() == 1);
  CHECK(ch.pop() == 2);
  CHECK(ch.pop() == std::nullopt);
}

TEST_CASE("a drop-oldest channel keeps the newest items and counts the dropped", "[unit][core]") {
  Channel<int> ch(2, Overflow::drop_oldest);
  for (int i = 1; i <= 5; ++i) REQUIRE(ch.push(i));
  CHECK(ch.dropped() == 3);
  CHECK(ch.pop() == 4);
  CHECK(ch.pop() == 5);
}

TEST_CASE("a blocking channel makes the producer wait for room", "[unit][core]") {
  Channel<int> ch(1, Overflow::block);
  REQUIRE(ch.push(1));
  std::thread producer([&] { ch.push(2); });  // blocks until the consumer takes 1
  CHECK(ch.pop() == 1);
  CHECK(ch.pop() == 2);
  producer.join();
  CHECK(ch.dropped() == 0);
}

TEST_CASE("take_batch hands over a batch when it is full, at its deadline, or at close",
          "[unit][core]") {
  using std::chrono::steady_clock;
  // Far enough that a test which waited for it would time out under ctest.
  const auto far = steady_clock::now() + std::chrono::hours{1};
  SECTION("full: the push that makes the count wakes it, the rest stays queued") {
    Channel<int> ch(100, Overflow::block);
    std::vector<int> batch{0};
    std::thread producer([&] {
      for (int i = 1; i <= 5; ++i) ch.push(i);
    });
    ch.take_batch(far, 3, batch);
    producer.join();
    CHECK(batch == std::vector<int>{0, 1, 2, 3});
    CHECK(ch.size() == 2);
  }
  SECTION("deadline: what is there, fewer than asked") {
    Channel<int> ch(100, Overflow::block);
    ch.push(7);
    std::vector<int> batch;
    ch.take_batch(steady_clock::now(), 3, batch);
    CHECK(batch == std::vector<int>{7});
  }
  SECTION("closed: wakes the waiter with what is left") {
    Channel<int> ch(100, Overflow::block);
    ch.push(7);
    std::vector<int> batch;
    std::thread closer([&] { ch.close(); });
    ch.take_batch(far, 3, batch);
    closer.join();
    CHECK(batch == std::vector<int>{7});
  }
  SECTION("a blocked producer gets room once a batch is taken") {
    Channel<int> ch(2, Overflow::block);
    ch.push(1);
    ch.push(2);
    std::thread producer([&] { ch.push(3); });  // blocks until the batch below takes 1 and 2
    std::vector<int> batch;
    ch.take_batch(steady_clock::now(), 2, batch);
    producer.join();
    CHECK(batch == std::vector<int>{1, 2});
    CHECK(ch.pop() == 3);
  }
}
