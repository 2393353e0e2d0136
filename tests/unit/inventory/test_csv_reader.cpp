#include "inventory/csv_reader.hpp"

#include <catch2/catch.hpp>

using ill::inventory::parse_csv;

TEST_CASE("csv fields split on commas and records on either line end", "[unit][inventory]") {
  auto records = parse_csv("a,b,c\r\nd,,f\ng,h,i").value();
  REQUIRE(records.size() == 3);
  CHECK(records[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(records[1].fields == std::vector<std::string>{"d", "", "f"});
  CHECK(records[2].line == 3);
}

TEST_CASE("quoted csv fields keep commas, quotes and line breaks", "[unit][inventory]") {
  auto records = parse_csv("name,note\n\"acme, inc\",\"say \"\"hi\"\"\nthere\"\nnext,x\n").value();
  REQUIRE(records.size() == 3);
  CHECK(records[1].fields[0] == "acme, inc");
  CHECK(records[1].fields[1] == "say \"hi\"\nthere");
  CHECK(records[1].line == 2);
  CHECK(records[2].line == 4);
}

TEST_CASE("a byte order mark and blank spreadsheet rows are harmless", "[unit][inventory]") {
  auto records = parse_csv("\xEF\xBB\xBFname\n,,,\n\nx\n").value();
  REQUIRE(records.size() == 4);
  CHECK(records[0].fields[0] == "name");
  CHECK(records[1].blank());
  CHECK(records[2].blank());
  CHECK(records[3].line == 4);
}

TEST_CASE("an unterminated quote names the line it opened on", "[unit][inventory]") {
  auto records = parse_csv("a,b\nc,\"open\nd,e\n");
  REQUIRE_FALSE(records);
  CHECK(records.error().what() == "line 2: quoted field is never closed");
}
