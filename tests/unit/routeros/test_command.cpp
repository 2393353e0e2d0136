#include "routeros/command.hpp"

#include "routeros/query.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ill::routeros;
using Words = std::vector<std::string>;

TEST_CASE("query terms produce exactly the RouterOS query words", "[unit][routeros]") {
  CHECK(Query::eq("type", "ether").words() == Words{"?=type=ether"});
  CHECK(Query::eq_short("type", "ether").words() == Words{"?type=ether"});
  CHECK(Query::has("comment").words() == Words{"?comment"});
  CHECK(Query::lacks("comment").words() == Words{"?-comment"});
  CHECK(Query::gt("comment", "").words() == Words{"?>comment="});
  CHECK(Query::lt("mtu", "1500").words() == Words{"?<mtu=1500"});
  CHECK(Query::ne("disabled", "true").words() == Words{"?=disabled=true", "?#!"});
  CHECK((!Query::eq("a", "1")).words() == Words{"?=a=1", "?#!"});
}

TEST_CASE("AND and OR of n terms emit n-1 operators like librouteros", "[unit][routeros]") {
  CHECK((Query::eq("type", "ether") || Query::eq("type", "vlan")).words() ==
        Words{"?=type=ether", "?=type=vlan", "?#|"});
  CHECK((Query::eq("a", "1") && Query::eq("b", "2") && Query::eq("c", "3")).words() ==
        Words{"?=a=1", "?=b=2", "?=c=3", "?#&", "?#&"});
  CHECK(Query::in("name", {"a", "b", "c"}).words() ==
        Words{"?=name=a", "?=name=b", "?=name=c", "?#|", "?#|"});
  CHECK(Query::in("name", std::vector<std::string>{"a"}).words() == Words{"?=name=a"});
  CHECK(Query::all({Query::has("x"), Query::has("y")}).words() == Words{"?x", "?y", "?#&"});
  CHECK(Query::any({Query::has("x")}).words() == Words{"?x"});
  // Mixed nesting keeps the structure: (a OR b) AND NOT c.
  CHECK(((Query::eq("a", "1") || Query::eq("b", "2")) && !Query::eq("c", "3")).words() ==
        Words{"?=a=1", "?=b=2", "?#|", "?=c=3", "?#!", "?#&"});
  // An empty IN matches nothing.
  CHECK(Query::in("name", std::vector<std::string>{}).words() == Words{"?name", "?-name", "?#&"});
}

TEST_CASE("commands put proplist before queries and the tag last", "[unit][routeros]") {
  const Command cmd = Command("/interface/print")
                          .where(Query::eq("type", "ether") || Query::eq("type", "vlan"))
                          .tag("9")
                          .proplist({"name", "running"})
                          .flag("stats")
                          .attr("comment", "a=b");
  CHECK(cmd.sentence().to_vector() == Words{"/interface/print", "=stats=", "=comment=a=b",
                                            "=.proplist=name,running", "?=type=ether",
                                            "?=type=vlan", "?#|", ".tag=9"});
  CHECK(cmd.tag() == "9");
  CHECK(cmd.path() == "/interface/print");
}

TEST_CASE("encode and sentence agree", "[unit][routeros]") {
  const Command cmd = Command("/ping").attr("address", "10.0.0.1").attr("count", "3");
  std::string direct;
  cmd.encode(direct);
  CHECK(direct.size() == 1 + 5 + 1 + 17 + 1 + 8 + 1);
  CHECK_FALSE(cmd.tag());
}

TEST_CASE("a command's log text hides the password and keeps every word in order",
          "[unit][routeros]") {
  // Six attributes: the attribute list grows twice on the way, and keeps every word and its order.
  Command login("/login");
  login.attr("name", "admin").attr("password", "s3cret\x1b[2J");
  for (int i = 0; i < 4; ++i) login.attr("extra" + std::to_string(i), std::to_string(i));
  login.tag("4");
  const std::string log = login.to_log_string();
  CHECK(log == "/login =name=admin =password=*** =extra0=0 =extra1=1 =extra2=2 =extra3=3 .tag=4");
  CHECK(log.find("s3cret") == std::string::npos);
  CHECK(log == login.sentence().to_log_string());
  CHECK(login.sentence().to_vector() == Words{"/login", "=name=admin", "=password=s3cret\x1b[2J",
                                              "=extra0=0", "=extra1=1", "=extra2=2", "=extra3=3",
                                              ".tag=4"});

  // A copy and a moved command say the same; the one moved from says only its path.
  Command copy = login;
  CHECK(copy.to_log_string() == log);
  Command moved = std::move(copy);
  CHECK(moved.sentence() == login.sentence());
  Command assigned("/system/identity/print");
  assigned = login;
  CHECK(assigned.sentence() == login.sentence());
  assigned = Command("/ping").attr("address", "127.0.0.1");
  CHECK(assigned.to_log_string() == "/ping =address=127.0.0.1");

  const Command print =
      Command("/interface/print").proplist({"name"}).where(Query::eq("name", "ether\x01"));
  CHECK(print.to_log_string() == "/interface/print =.proplist=name ?=name=ether\\x01");
}
