// Header text for e-mail: RFC 2047 words decode back, keep whole characters, stay short; mailboxes
// parse and print; RFC 2231 file names; the HMAC of the webhook against RFC 4231's vectors.
#include "notify/mime_text.hpp"
#include "notify/webhook.hpp"
#include "notify/whatsapp.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>

using namespace ill::notify;

namespace {

// An independent base64 decoder, so the test does not trust the encoder it checks.
std::string unbase64(const std::string& in) {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  unsigned value = 0;
  for (char c : in) {
    if (c == '=') break;
    auto pos = alphabet.find(c);
    REQUIRE(pos != std::string::npos);
    value = (value << 6) | static_cast<unsigned>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xff);
    }
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return false;
    i += n;
  }
  return true;
}

}  // namespace

TEST_CASE("ASCII header text is left as it is", "[unit][notify]") {
  CHECK(encode_header_text("SLA report for acme, 2026-11") == "SLA report for acme, 2026-11");
  CHECK(encode_header_text("line\nbreak") == "line break");
}

TEST_CASE("non-ASCII header text becomes encoded words that decode back", "[unit][notify]") {
  // Devanagari, Arabic, CJK and accents: long enough to need several words.
  const std::string text =
      "Relatório SLA — मासिक रिपोर्ट — تقرير شهري — 月度服务报告 — Ünïcödé client name";
  const std::string encoded = encode_header_text(text);
  std::regex word(R"(=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
  std::string decoded;
  std::size_t words = 0;
  for (auto it = std::sregex_iterator(encoded.begin(), encoded.end(), word);
       it != std::sregex_iterator(); ++it) {
    CHECK(it->str().size() <= 75);
    std::string part = unbase64((*it)[1]);
    CHECK(valid_utf8(part));  // never split inside a character
    decoded += part;
    ++words;
  }
  CHECK(words > 1);
  CHECK(decoded == text);
  // Nothing but words and the spaces between them.
  CHECK(std::regex_replace(encoded, word, "").find_first_not_of(' ') == std::string::npos);
}

TEST_CASE("mailboxes parse and print with encoded or quoted names", "[unit][notify]") {
  auto plain = parse_mailbox("noc@isp.example");
  REQUIRE(plain);
  CHECK(plain->display.empty());
  CHECK(format_mailbox(*plain) == "noc@isp.example");

  auto named = parse_mailbox("ISP \"NOC\" <noc@isp.example>");
  REQUIRE(named);
  CHECK(named->address == "noc@isp.example");
  CHECK(format_mailbox(*named) == R"("ISP \"NOC\"" <noc@isp.example>)");

  auto utf8 = parse_mailbox("Société Générale <sg@client.example>");
  REQUIRE(utf8);
  CHECK(format_mailbox(*utf8).starts_with("=?UTF-8?B?"));
  CHECK(format_mailbox(*utf8).ends_with(" <sg@client.example>"));

  for (const char* bad : {"", "no-at-sign", "a@b@c", "Name <broken", "x y@z", "<>"}) {
    INFO(bad);
    auto r = parse_mailbox(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().category() == ill::Errc::invalid_input);
  }
}

TEST_CASE("attachment names: quoted ASCII, RFC 2231 for the rest", "[unit][notify]") {
  CHECK(attachment_disposition("acme-2026-11.pdf") ==
        "Content-Disposition: attachment; filename=\"acme-2026-11.pdf\"");
  const auto d = attachment_disposition("café \"x\".pdf");
  CHECK(d.find("filename=\"caf__ _x_.pdf\"") != std::string::npos);
  CHECK(d.find("filename*=UTF-8''caf%C3%A9%20%22x%22.pdf") != std::string::npos);
}

TEST_CASE("dates in RFC 5322 form", "[unit][notify]") {
  CHECK(rfc5322_date(std::chrono::sys_seconds{}) == "Thu, 01 Jan 1970 00:00:00 +0000");
  CHECK(rfc5322_date(std::chrono::sys_seconds{std::chrono::seconds{1796594400}}) ==
        "Sun, 06 Dec 2026 22:00:00 +0000");
}

TEST_CASE("HMAC-SHA256 matches RFC 4231", "[unit][notify]") {
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST_CASE("a WhatsApp template message for the Cloud API", "[unit][notify]") {
  ill::config::WhatsappSettings s;
  s.template_name = "link_alert";
  s.language = "pt_BR";
  auto body = nlohmann::json::parse(whatsapp_template_body(s, "+5511912345678", {"link down"}));
  CHECK(body["messaging_product"] == "whatsapp");
  CHECK(body["to"] == "5511912345678");
  CHECK(body["type"] == "template");
  CHECK(body["template"]["name"] == "link_alert");
  CHECK(body["template"]["language"]["code"] == "pt_BR");
  CHECK(body["template"]["components"][0]["parameters"][0]["text"] == "link down");
}
