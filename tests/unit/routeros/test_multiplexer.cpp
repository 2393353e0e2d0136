#include "routeros/multiplexer.hpp"

#include "routeros/word_codec.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ill::routeros;

namespace {

std::string bytes_of(std::initializer_list<Sentence> sentences) {
  std::string out;
  for (const Sentence& s : sentences) append_sentence(out, s);
  return out;
}

}  // namespace

TEST_CASE("multiplexer numbers tags and routes interleaved replies", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  const std::string t1 = mux.start(Command("/interface/print"), out).value();
  const std::string t2 = mux.start(Command("/ip/address/print"), out).value();
  CHECK(t1 == "1");
  CHECK(t2 == "2");
  CHECK_FALSE(mux.start(Command("/x").tag("1"), out));  // tag in use

  mux.feed(bytes_of({{"!re", ".tag=1", "=name=ether1"},
                     {"!re", ".tag=2", "=address=10.0.0.1/24"},
                     {"!done", ".tag=1"},
                     {"!re", ".tag=2", "=address=10.0.0.2/24"}}));
  CHECK(mux.is_finished("1"));
  CHECK_FALSE(mux.is_finished("2"));
  auto r1 = mux.take("1");
  REQUIRE(r1);
  REQUIRE(r1->rows.size() == 1);
  CHECK(r1->rows[0].attribute("name") == "ether1");
  mux.feed(bytes_of({{"!done", ".tag=2"}}));
  auto r2 = mux.take("2");
  REQUIRE(r2);
  CHECK(r2->rows.size() == 2);
  CHECK(mux.pending_count() == 0);
}

TEST_CASE("empty and trapped commands end at their done", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  mux.start(Command("/a").tag("e"), out).value();
  mux.start(Command("/b").tag("t"), out).value();
  mux.feed(bytes_of({{"!empty", ".tag=e"},
                     {"!trap", ".tag=t", "=category=1", "=message=bad value"},
                     {"!trap", ".tag=t", "=message=second"}}));
  CHECK_FALSE(mux.is_finished("e"));
  mux.feed(bytes_of({{"!done", ".tag=e"}, {"!done", ".tag=t"}}));
  auto empty = mux.take("e");
  REQUIRE(empty);
  CHECK(empty->empty);
  CHECK(empty->rows.empty());
  auto trapped = mux.take("t");
  REQUIRE_FALSE(trapped);
  CHECK(trapped.error().category() == ill::Errc::remote);
  CHECK(trapped.error().message() == "bad value (category 1); second");
}

TEST_CASE("cancel ordering ends the command as interrupted, not failed", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  mux.start(Command("/ip/address/listen").tag("10"), out).value();
  out.clear();
  const std::string c = mux.start_cancel("10", out).value();
  Sentence sent;
  CHECK(out.find("/cancel") != std::string::npos);
  mux.feed(bytes_of({{"!re", ".tag=10", "=.id=*A", "=address=1.1.1.1/32"},
                     {"!trap", ".tag=10", "=category=2", "=message=interrupted"},
                     {"!done", ".tag=" + c},
                     {"!done", ".tag=10"}}));
  REQUIRE(mux.take(c));
  auto listened = mux.take("10");
  REQUIRE(listened);
  CHECK(listened->interrupted);
  CHECK(listened->rows.size() == 1);
}

TEST_CASE("a fatal ends the session with its reason, bare or as a message", "[unit][routeros]") {
  for (const Sentence& fatal : {Sentence{"!fatal", "too many commands before login"},
                                Sentence{"!fatal", "=message=too many commands before login"}}) {
    Multiplexer mux;
    std::string out;
    mux.start(Command("/login"), out).value();
    std::string bytes;
    append_sentence(bytes, fatal);
    mux.feed(bytes);
    REQUIRE(mux.error());
    auto reply = mux.take("1");
    REQUIRE_FALSE(reply);
    CHECK(reply.error().category() == ill::Errc::connection);
    CHECK(reply.error().message() == "router closed the session: too many commands before login");
    CHECK_FALSE(mux.start(Command("/x"), out));
  }
}

TEST_CASE("an unknown reply word fails only its own command", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  mux.start(Command("/a"), out).value();
  mux.start(Command("/b"), out).value();
  mux.feed(bytes_of({{"!xxx", ".tag=1"},
                     {"!done", ".tag=1"},
                     {"!re", "=untagged=1"},
                     {"!done", ".tag=99"},
                     {"!done", ".tag=2"}}));
  auto a = mux.take("1");
  REQUIRE_FALSE(a);
  CHECK(a.error().category() == ill::Errc::protocol);
  CHECK(mux.take("2"));
  CHECK_FALSE(mux.error());
}

TEST_CASE("garbage bytes end the session with a protocol error", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  mux.start(Command("/a"), out).value();
  mux.feed(std::string("\xff\x00", 2));
  REQUIRE(mux.error());
  CHECK(mux.error()->category() == ill::Errc::protocol);
  CHECK(mux.take("1").error().category() == ill::Errc::protocol);
}

TEST_CASE("end of stream mid-sentence is a connection error", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  mux.start(Command("/a"), out).value();
  mux.feed(std::string("\x03!re", 4));
  mux.end_of_stream();
  auto reply = mux.take("1");
  REQUIRE_FALSE(reply);
  CHECK(reply.error().category() == ill::Errc::connection);
  CHECK(reply.error().message().find("middle") != std::string::npos);
}

TEST_CASE("row handlers see rows as they arrive and can ask to stop", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  std::vector<std::string> seqs;
  mux.start(Command("/ping").attr("address", "10.0.0.1"), out,
            [&](const Sentence& row) {
              seqs.emplace_back(row.attribute("seq").value_or("?"));
              return seqs.size() >= 2 ? Flow::stop : Flow::more;
            })
      .value();
  mux.feed(bytes_of(
      {{"!re", ".tag=1", "=seq=0"}, {"!re", ".tag=1", "=seq=1"}, {"!re", ".tag=1", "=seq=2"}}));
  CHECK(seqs == std::vector<std::string>{"0", "1", "2"});
  CHECK(mux.take_stop_requests() == std::vector<std::string>{"1"});
  CHECK(mux.take_stop_requests().empty());
  mux.abandon("1");
  mux.feed(bytes_of({{"!done", ".tag=1"}}));  // dropped
  CHECK(mux.pending_count() == 0);
}

TEST_CASE("a reply over its row or byte cap fails that command only", "[unit][routeros]") {
  DecoderLimits limits;
  limits.max_reply_rows = 3;
  limits.max_reply_bytes = 1000;
  Multiplexer mux(limits);
  std::string out;
  const std::string big = mux.start(Command("/interface/print"), out).value();
  const std::string small = mux.start(Command("/system/identity/print"), out).value();
  for (int i = 0; i < 10; ++i) mux.feed(bytes_of({{"!re", ".tag=1", "=name=ether"}}));
  mux.feed(bytes_of({{"!re", ".tag=2", "=name=" + std::string(2000, 'x')}}));
  mux.feed(bytes_of({{"!re", ".tag=2", "=name=gw1"}, {"!done", ".tag=1"}}));
  auto capped = mux.take(big);
  REQUIRE_FALSE(capped);
  CHECK(capped.error().category() == ill::Errc::protocol);
  CHECK_THAT(capped.error().what(), Catch::Contains("exceeds 3 rows"));
  auto flooded = mux.take(small);
  REQUIRE_FALSE(flooded);
  CHECK_THAT(flooded.error().what(), Catch::Contains("1000 bytes"));
  CHECK_FALSE(mux.error());  // the session lives on
  CHECK(mux.take_stop_requests() == std::vector<std::string>{big, small});
}

// Found while writing tests/fuzz/fuzz_reply_router's cap check: only !re rows counted, so a
// router repeating !trap for a pending tag (and never sending !done) grew illd without bound.
TEST_CASE("traps count against a reply's caps like rows", "[unit][routeros]") {
  DecoderLimits limits;
  limits.max_reply_rows = 3;
  limits.max_reply_bytes = 1000;
  Multiplexer mux(limits);
  std::string out;
  const std::string tag = mux.start(Command("/interface/print"), out).value();
  for (int i = 0; i < 10; ++i)
    mux.feed(bytes_of({{"!trap", ".tag=1", "=message=failure " + std::to_string(i)}}));
  CHECK(mux.is_finished(tag));
  auto capped = mux.take(tag);
  REQUIRE_FALSE(capped);
  CHECK_THAT(capped.error().what(), Catch::Contains("exceeds 3 rows"));
  CHECK(mux.take_stop_requests() == std::vector<std::string>{tag});

  // Big traps reach the byte cap the same way.
  const std::string other = mux.start(Command("/system/identity/print"), out).value();
  mux.feed(bytes_of({{"!trap", ".tag=" + other, "=message=" + std::string(1200, 'x')}}));
  auto flooded = mux.take(other);
  REQUIRE_FALSE(flooded);
  CHECK_THAT(flooded.error().what(), Catch::Contains("1000 bytes"));
  CHECK_FALSE(mux.error());
}

// Found by fuzz_reply_router (corpus/reply_router/trap_many): the error joined every trap, so
// its size grew with the reply (up to the row cap, 200,000 traps) on its way to the log.
TEST_CASE("a command's error names its first three traps and counts the rest", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  const std::string tag = mux.start(Command("/ip/address/add"), out).value();
  for (char c : std::string("abcde"))
    mux.feed(bytes_of({{"!trap", ".tag=1", "=message=" + std::string(1, c)}}));
  mux.feed(bytes_of({{"!done", ".tag=1"}}));
  auto trapped = mux.take(tag);
  REQUIRE_FALSE(trapped);
  CHECK(trapped.error().message() == "a; b; c; 2 more traps");
}

TEST_CASE("router text in errors is printable and short", "[unit][routeros]") {
  Multiplexer mux;
  std::string out;
  const std::string tag = mux.start(Command("/x"), out).value();
  const std::string hostile =
      "no such command\n2026-01-01 INFO forged\x1b[31m" + std::string(500, 'A');
  mux.feed(bytes_of({{"!trap", ".tag=1", "=message=" + hostile}, {"!done", ".tag=1"}}));
  auto r = mux.take(tag);
  REQUIRE_FALSE(r);
  const std::string what = r.error().what();
  CHECK(what.find('\n') == std::string::npos);
  CHECK(what.find('\x1b') == std::string::npos);
  CHECK(what.size() < 300);
  CHECK_THAT(what, Catch::Contains("\\x0A"));
}
