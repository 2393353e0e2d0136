#include "routeros/sentence.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ill::routeros;

TEST_CASE("reply kinds are recognised and unknown words stay unknown", "[unit][routeros]") {
  CHECK(Sentence{"!re"}.reply_kind() == ReplyKind::re);
  CHECK(Sentence{"!done"}.reply_kind() == ReplyKind::done);
  CHECK(Sentence{"!trap"}.reply_kind() == ReplyKind::trap);
  CHECK(Sentence{"!fatal"}.reply_kind() == ReplyKind::fatal);
  CHECK(Sentence{"!empty", ".tag=5"}.reply_kind() == ReplyKind::empty);
  CHECK(Sentence{"!xxx"}.reply_kind() == ReplyKind::unknown);
  CHECK(Sentence{"/interface/print"}.reply_kind() == ReplyKind::unknown);
  CHECK(Sentence{}.reply_kind() == ReplyKind::unknown);
}

TEST_CASE("the tag is found wherever it is in the sentence", "[unit][routeros]") {
  CHECK(Sentence{"!re", ".tag=7", "=name=ether1"}.tag() == "7");
  CHECK(Sentence{"!re", "=name=ether1", ".tag=abc123"}.tag() == "abc123");
  CHECK_FALSE(Sentence{"!re", "=name=ether1"}.tag());
  CHECK_FALSE(Sentence{"!re", "=tag=7"}.tag());  // an attribute, not the API tag
  CHECK(Sentence{"!done", ".tag="}.tag() == "");
  CHECK_FALSE(Sentence{"!re", ".tagx=1"}.tag());
}

TEST_CASE("attribute values split at the first equals sign after the name", "[unit][routeros]") {
  // The PHP client's vectors.
  const Sentence s{"!re",
                   "=name=kjhasdrlkh=5468=3456kh3l45",
                   "=two==d===efault=a===123sadf=3=3===",
                   "=three============",
                   "=on-login={:liahdf =aasdf(zz)a;ldfj}",
                   "=comment=",
                   "=only-key",
                   "=.id=*1A",
                   "=tx-byte=123456789"};
  CHECK(s.attribute("name") == "kjhasdrlkh=5468=3456kh3l45");
  CHECK(s.attribute("two") == "=d===efault=a===123sadf=3=3===");
  CHECK(s.attribute("three") == "===========");
  CHECK(s.attribute("on-login") == "{:liahdf =aasdf(zz)a;ldfj}");
  CHECK(s.attribute("comment") == "");
  CHECK(s.attribute("only-key") == "");
  CHECK(s.attribute(".id") == "*1A");
  CHECK(s.attribute("tx-byte") == "123456789");
  CHECK_FALSE(s.attribute("missing"));
  CHECK_FALSE(s.attribute("nam"));  // prefix of a name is not the name
  CHECK(s.attributes().size() == 8);
  CHECK(s.attributes()[0].first == "name");

  const auto kv = split_attribute("=name=iu=c3Eeg");
  REQUIRE(kv);
  CHECK(kv->first == "name");
  CHECK(kv->second == "iu=c3Eeg");
  CHECK_FALSE(split_attribute("!re"));
  CHECK_FALSE(split_attribute("=="));
  CHECK_FALSE(split_attribute(".tag=1"));
}

TEST_CASE("a trap gives its category and message", "[unit][routeros]") {
  const Sentence with{"!trap", ".tag=10", "=category=2", "=message=interrupted"};
  CHECK(with.trap().category == 2);
  CHECK(with.trap().message == "interrupted");
  const Sentence without{"!trap", "=message=no such command prefix"};
  CHECK_FALSE(without.trap().category);
  CHECK(without.trap().message == "no such command prefix");
}

TEST_CASE("a fatal reason is read as a bare word or as a message attribute", "[unit][routeros]") {
  CHECK(Sentence{"!fatal", "session terminated on request"}.reason() ==
        "session terminated on request");
  CHECK(Sentence{"!fatal", "=message=too many commands before login"}.reason() ==
        "too many commands before login");
  CHECK(Sentence{"!fatal"}.reason().empty());
}

TEST_CASE("log strings redact passwords and login responses", "[unit][routeros]") {
  const Sentence login{"/login", "=name=admin", "=password=s3cret=x"};
  CHECK(login.to_log_string() == "/login =name=admin =password=***");
  const Sentence legacy{"/login", "=name=admin", "=response=00c7fd865183a43a772dde231f6d0bff13"};
  CHECK(legacy.to_log_string() == "/login =name=admin =response=***");
  CHECK(Sentence{"!re", "=comment=a\x01"}.to_log_string() == "!re =comment=a\\x01");
}

TEST_CASE("sentences compare word by word", "[unit][routeros]") {
  CHECK(Sentence{"a", "bc"} == Sentence{"a", "bc"});
  CHECK_FALSE(Sentence{"ab", "c"} == Sentence{"a", "bc"});
  CHECK(Sentence(std::vector<std::string>{"x", ""}).to_vector() ==
        std::vector<std::string>{"x", ""});
}
