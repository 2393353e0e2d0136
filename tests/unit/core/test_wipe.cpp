#include "core/wipe.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

TEST_CASE("wipe overwrites a secret's whole buffer and empties it", "[unit][core]") {
  // Long enough for the heap, and shortened first: the old tail must go too.
  std::string secret(100, 's');
  secret.resize(10);
  const char* buffer = secret.data();
  const std::size_t capacity = secret.capacity();
  ill::wipe(secret);
  CHECK(secret.empty());
  REQUIRE(secret.data() == buffer);  // clear() keeps the buffer, so it can be looked at
  CHECK(std::all_of(buffer, buffer + capacity, [](char c) { return c == '\0'; }));

  std::string short_one = "pw";  // in the string itself (small-string buffer)
  ill::wipe(short_one);
  CHECK(short_one.empty());
  CHECK(short_one.data()[1] == '\0');
}
