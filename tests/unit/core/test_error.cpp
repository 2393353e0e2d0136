#include "core/exit_code.hpp"
#include "core/result.hpp"

#include <catch2/catch.hpp>

using namespace ill;

TEST_CASE("an error reads outermost context first", "[unit][core]") {
  Error e(Errc::auth, "invalid user name or password");
  e.with_context("login failed").with_context("router gw1");
  CHECK(e.what() == "router gw1: login failed: invalid user name or password");
  CHECK(e.message() == "invalid user name or password");
  CHECK(e.category() == Errc::auth);
}

TEST_CASE("fail() formats its message and carries the category", "[unit][core]") {
  Result<int> r = fail(Errc::not_found, "no router named '{}'", "gw9");
  REQUIRE_FALSE(r);
  CHECK(r.error().category() == Errc::not_found);
  CHECK(r.error().what() == "no router named 'gw9'");
}

TEST_CASE("every error category maps to its documented exit code", "[unit][core]") {
  CHECK(exit_code_for(Errc::usage) == 2);
  CHECK(exit_code_for(Errc::not_found) == 3);
  CHECK(exit_code_for(Errc::unreachable) == 4);
  CHECK(exit_code_for(Errc::timeout) == 4);
  CHECK(exit_code_for(Errc::connection) == 4);
  CHECK(exit_code_for(Errc::auth) == 5);
  CHECK(exit_code_for(Errc::invalid_input) == 6);
  CHECK(exit_code_for(Errc::database) == 7);
  CHECK(exit_code_for(Errc::config) == 8);
  CHECK(exit_code_for(Errc::internal) == 1);
  CHECK(exit_code_for(Errc::remote) == 1);
}
