#include "sim/query.hpp"

#include <catch2/catch.hpp>

using namespace ill::sim;

namespace {

const Row k_ether1 = {
    {"name", "ether1"}, {"type", "ether"}, {"mtu", "1500"}, {"comment", "uplink"}};
const Row k_vlan = {{"name", "vlan10"}, {"type", "vlan"}, {"mtu", "1496"}};
const Row k_bridge = {{"name", "bridge"}, {"type", "bridge"}, {"mtu", "9000"}};

bool match(std::vector<std::string> words, const Row& row) {
  auto program = QueryProgram::compile(words);
  REQUIRE(program);
  return program->matches(row);
}

}  // namespace

TEST_CASE("query words push comparisons", "[unit][sim]") {
  CHECK(match({"?name=ether1"}, k_ether1));
  CHECK(match({"?=name=ether1"}, k_ether1));
  CHECK_FALSE(match({"?name=ether2"}, k_ether1));
  CHECK(match({"?comment"}, k_ether1));
  CHECK_FALSE(match({"?comment"}, k_vlan));
  CHECK(match({"?-comment"}, k_vlan));
  CHECK(match({"?>comment="}, k_ether1));  // non-empty comment
  CHECK_FALSE(match({"?>comment="}, k_vlan));
  CHECK(match({"?<mtu=1500"}, k_vlan));  // numbers compare as numbers
  CHECK(match({"?>mtu=1500"}, k_bridge));
  CHECK_FALSE(match({"?<mtu=1500"}, k_ether1));
  CHECK(match({}, k_bridge));
}

TEST_CASE("the stack machine: OR, AND, NOT and indexes", "[unit][sim]") {
  // ether OR vlan
  std::vector<std::string> or_words = {"?type=ether", "?type=vlan", "?#|"};
  CHECK(match(or_words, k_ether1));
  CHECK(match(or_words, k_vlan));
  CHECK_FALSE(match(or_words, k_bridge));
  // NOT as librouteros builds it
  CHECK(match({"?=type=ether", "?#!"}, k_vlan));
  CHECK_FALSE(match({"?=type=ether", "?#!"}, k_ether1));
  // IN(a,b,c): three terms then two ORs
  std::vector<std::string> in = {"?=name=ether1", "?=name=bridge", "?=name=x", "?#|", "?#|"};
  CHECK(match(in, k_ether1));
  CHECK(match(in, k_bridge));
  CHECK_FALSE(match(in, k_vlan));
  // AND of two terms
  CHECK(match({"?type=ether", "?mtu=1500", "?#&"}, k_ether1));
  CHECK_FALSE(match({"?type=ether", "?mtu=9000", "?#&"}, k_ether1));
  // Several words without operators: every pushed value must be true (implicit AND).
  CHECK_FALSE(match({"?type=ether", "?mtu=9000"}, k_ether1));
  // An index at the end of the word replaces the whole stack: only the top-1 value counts.
  CHECK(match({"?type=ether", "?mtu=9000", "?#1"}, k_ether1));
  CHECK_FALSE(match({"?type=ether", "?mtu=9000", "?#0"}, k_ether1));
  // An index followed by an operator pushes a copy: copy of false OR true -> true, false remains.
  CHECK_FALSE(match({"?mtu=9000", "?type=ether", "?#1|"}, k_ether1));
  // `.` after an operator duplicates the top; `!.` then `|` gives x OR NOT x (always true) for top
  CHECK(match({"?type=vlan", "?#.!|"}, k_ether1));
}

TEST_CASE("proplist keeps the named properties only", "[unit][sim]") {
  auto row = project(k_ether1, split_proplist("name,comment,missing"));
  REQUIRE(row.size() == 2);
  CHECK(row[0].first == "name");
  CHECK(row[1].second == "uplink");
  CHECK(project(k_ether1, {}).size() == 4);
  CHECK(split_proplist("a,,b,").size() == 2);
}
