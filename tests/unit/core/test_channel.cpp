#include "core/channel.hpp"

#include <catch2/catch.hpp>

#include <thread>

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
