#include "routeros/value_parse.hpp"

#include "routeros/display_text.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using namespace ill::routeros;
using namespace std::chrono_literals;

TEST_CASE("booleans accept true, false, yes and no", "[unit][routeros]") {
  CHECK(parse_bool("true").value());
  CHECK(parse_bool("yes").value());
  CHECK_FALSE(parse_bool("false").value());
  CHECK_FALSE(parse_bool("no").value());
  CHECK_FALSE(parse_bool("True"));
  CHECK_FALSE(parse_bool(""));
  CHECK(parse_bool("1").error().category() == ill::Errc::invalid_input);
}

TEST_CASE("counters parse as unsigned 64-bit numbers", "[unit][routeros]") {
  CHECK(parse_u64("0").value() == 0);
  CHECK(parse_u64("123456789012").value() == 123456789012ull);
  CHECK(parse_u64("18446744073709551615").value() == 18446744073709551615ull);
  CHECK(parse_u64("007").value() == 7);
  CHECK_FALSE(parse_u64("18446744073709551616"));
  CHECK_FALSE(parse_u64(""));
  CHECK_FALSE(parse_u64("-1"));
  CHECK_FALSE(parse_u64("+1"));
  CHECK_FALSE(parse_u64("12 "));
  CHECK_FALSE(parse_u64("1.5"));
}

TEST_CASE("durations parse with ms and us matched before m", "[unit][routeros]") {
  CHECK(parse_duration("2d20h12m20s").value() == 2 * 24h + 20h + 12min + 20s);
  CHECK(parse_duration("15w3d3h42m53s").value() == 9344573s);
  CHECK(parse_duration("3d3h42m53s").value() == 272573s);
  CHECK(parse_duration("42m53s").value() == 2573s);
  CHECK(parse_duration("7w6d9h34m").value() == 4786440s);
  CHECK(parse_duration("5w4d3h2m1s").value() == 5 * 7 * 24h + 4 * 24h + 3h + 2min + 1s);
  CHECK(parse_duration("7w3s").value() == 7 * 7 * 24h + 3s);
  CHECK(parse_duration("8d2m").value() == 8 * 24h + 2min);
  CHECK(parse_duration("453us").value() == 453us);
  CHECK(parse_duration("1ms500us").value() == 1500us);
  CHECK(parse_duration("0ms12us").value() == 12us);
  CHECK(parse_duration("12ms345us").value() == 12345us);
  CHECK(parse_duration("0ms").value() == 0us);
  CHECK(parse_duration("10s").value() == 10s);
  CHECK(parse_duration("1m5ms").value() == 60005ms);
  CHECK(parse_duration("00:05:00").value() == 5min);
  CHECK(parse_duration("25:00:01").value() == 25h + 1s);
  for (const char* bad :
       {"xyz", "", "5", "5x", "m", "1h2", "00:61:00", "1:2", "99999999999999999999w"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad));
  }
}

TEST_CASE("display text keeps UTF-8 and maps other bytes without dropping any",
          "[unit][routeros]") {
  CHECK(display_text("plain") == "plain");
  CHECK(display_text("J\xf6rgensen") == "Jörgensen");
  CHECK(display_text("\xa1\xa3") == "¡£");
  CHECK(display_text("\x80") == "€");
  CHECK(display_text("\x81") == "\\x81");
  CHECK(display_text("łąć Привіт Příliš 你好") == "łąć Привіт Příliš 你好");
  CHECK(display_text("mixed content 你好") == "mixed content 你好");
  CHECK(display_text(std::string("a\0b", 3)) == "a\\x00b");
  // Invalid UTF-8 mixed with valid: every byte shows up in some form.
  CHECK(display_text("\x11\xfb\x95\xc5\x82") == "\\x11û•Å‚");
  CHECK(is_valid_utf8("\xc5\x82"));
  CHECK_FALSE(is_valid_utf8("\xc0\x80"));          // overlong
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe4\xbd"));          // cut short
}
