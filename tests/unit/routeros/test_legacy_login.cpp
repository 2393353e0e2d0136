#include "routeros/legacy_login.hpp"

#include <catch2/catch.hpp>

using ill::routeros::legacy_login_response;

TEST_CASE("legacy login responses match the published MD5 vectors", "[unit][routeros]") {
  CHECK(legacy_login_response("test", "259e0bc05acd6f46926dc2f809ed1bba").value() ==
        "00c7fd865183a43a772dde231f6d0bff13");
  CHECK(legacy_login_response("passTest", "abc123").value() ==
        "0021277bff9ac7caf06aa608e46616d47f");
  CHECK(legacy_login_response("", "93b438ec9b80057c06dd9fe67d56aa9a").value() ==
        "00e134102a9d330dd7b1849fedfea3cb57");
  CHECK(legacy_login_response("", "856780b7411eefd3abadee2058c149a3").value() ==
        "005062f7a5ef124d34675bf3e81f56c556");
}

TEST_CASE("a non-hex login challenge is a protocol error", "[unit][routeros]") {
  for (const char* bad : {"", "abc", "zz", "259e0bc05acd6f46926dc2f809ed1bbx"}) {
    auto response = legacy_login_response("test", bad);
    REQUIRE_FALSE(response);
    CHECK(response.error().category() == ill::Errc::protocol);
  }
}
