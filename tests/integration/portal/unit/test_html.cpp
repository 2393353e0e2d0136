#include "portal/api.hpp"
#include "portal/charts.hpp"
#include "portal/html.hpp"
#include "portal/reports.hpp"
#include "portal/second_factor.hpp"
#include "portal/token.hpp"
#include "portal/totp.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>

using namespace ill::portal;

namespace {
// Unix seconds as a time, for RFC 6238's test vectors.
std::chrono::sys_seconds at(std::int64_t t) {
  return std::chrono::sys_seconds{std::chrono::seconds{t}};
}
}  // namespace

TEST_CASE("HTML escaping covers text and attributes", "[unit][portal]") {
  CHECK(escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(escape("plain") == "plain");
  auto doc = page({.title = "<t>", .client = "C&D", .csrf = "\"x"}, "<p>body</p>");
  CHECK(doc.find("<title>&lt;t&gt; · ill</title>") != std::string::npos);
  CHECK(doc.find("C&amp;D") != std::string::npos);
  CHECK(doc.find("value=\"&quot;x\"") != std::string::npos);
  CHECK(doc.find("<script") == std::string::npos);
}

TEST_CASE("chart SVG loses its style attributes to presentation attributes", "[unit][portal]") {
  auto svg = svg_presentation(
      "<g><path style=\" stroke:none;fill-rule:nonzero;fill:rgb(100%,0%,0%);\" d=\"M 1 1\"/>"
      "<path style=\"stroke:none;\"/></g>");
  CHECK(svg ==
        "<g><path stroke=\"none\" fill-rule=\"nonzero\" fill=\"rgb(100%,0%,0%)\" d=\"M 1 1\"/>"
        "<path stroke=\"none\"/></g>");
  CHECK(svg_presentation("<svg></svg>") == "<svg></svg>");
}

TEST_CASE("drawn charts are kept for their time to live, per key", "[unit][portal]") {
  ChartCache cache(std::chrono::seconds{60});
  int made = 0;
  auto make = [&]() -> ill::Result<DrawnCharts> {
    return DrawnCharts{"charts " + std::to_string(++made), "2026-12"};
  };
  auto html = [&](const char* key, std::int64_t now) {
    return cache.get(key, at(now), make)->html;
  };
  CHECK(html("a", 1000) == "charts 1");
  CHECK(html("a", 1059) == "charts 1");
  CHECK(html("b", 1059) == "charts 2");  // another link or range
  CHECK(html("a", 1060) == "charts 3");  // a minute on: drawn again
  CHECK(html("a", 999) == "charts 4");   // a clock set back is no hit
  // A failure is not kept.
  CHECK_FALSE(cache.get(
      "c", at(1000), [] { return ill::Result<DrawnCharts>(ill::fail(ill::Errc::usage, "no")); }));
  CHECK(html("c", 1000) == "charts 5");
}

TEST_CASE("download names keep to safe characters", "[unit][portal]") {
  CHECK(attachment("ill-sla-acme-2026-01.pdf", "x") ==
        "attachment; filename=\"ill-sla-acme-2026-01.pdf\"");
  CHECK(attachment("../a\"b\r\nSet-Cookie: x=1.pdf", "x") ==
        "attachment; filename=\"abSet-Cookiex1.pdf\"");
  CHECK(attachment("\xc3\xa9", "report-1.csv") == "attachment; filename=\"report-1.csv\"");
}

TEST_CASE("TOTP follows RFC 6238 with one step of skew, each step once", "[unit][portal]") {
  // RFC 6238 appendix B, SHA-1 key, the last six of the eight digits.
  const std::string key = "12345678901234567890";
  CHECK(verify_totp(key, "287082", at(59), 0) == 1);
  CHECK(verify_totp(key, "081804", at(1111111109), 0) == 37037036);
  CHECK(verify_totp(key, "081804", at(1111111109 + 30), 0) == 37037036);  // clock ahead one step
  CHECK(verify_totp(key, "081804", at(1111111109 - 30), 0) == 37037036);  // behind one step
  CHECK_FALSE(verify_totp(key, "081804", at(1111111109 + 60), 0));        // two: refused
  CHECK_FALSE(verify_totp(key, "081804", at(1111111109), 37037036));      // used already
  CHECK_FALSE(verify_totp(key, "81804", at(1111111109), 0));
  CHECK_FALSE(verify_totp(key, "08180a", at(1111111109), 0));
  CHECK(base32(key) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
  CHECK(otpauth_uri("ISP & Co", "al ice", key) ==
        "otpauth://totp/ISP%20%26%20Co:al%20ice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer="
        "ISP%20%26%20Co&algorithm=SHA1&digits=6&period=30");
  CHECK(qr_terminal("otpauth://totp/x").find("\u2588") != std::string::npos);
  CHECK(qr_svg("otpauth://totp/x", "t<").find("<title>t&lt;</title>") != std::string::npos);
}

TEST_CASE("require_2fa names clients, any case, or all", "[unit][portal]") {
  CHECK_FALSE(second_factor_required("", "Acme"));
  CHECK(second_factor_required("*", "Acme"));
  CHECK(second_factor_required("beta, ACME", "acme"));
  CHECK_FALSE(second_factor_required("beta, acme corp", "acme"));
}

TEST_CASE("tokens are 256 random bits, hashed to 32 bytes", "[unit][portal]") {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto t = random_token();
    CHECK(t.size() == 43);
    CHECK(t.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string::npos);
    seen.insert(t);
  }
  CHECK(seen.size() == 100);
  CHECK(token_hash("abc").size() == 32);
  CHECK(token_hash("abc") == token_hash("abc"));
  CHECK(token_hash("abc") != token_hash("abd"));
  CHECK(equal_secret("abc", "abc"));
  CHECK_FALSE(equal_secret("abc", "abd"));
  CHECK_FALSE(equal_secret("abc", "ab"));
}

TEST_CASE("the OpenAPI document is valid JSON and names every API route", "[unit][portal]") {
  auto doc = nlohmann::json::parse(openapi_document());
  CHECK(doc["openapi"].get<std::string>().starts_with("3."));
  for (const char* path : {"/links", "/links/{id}", "/links/{id}/samples", "/links/{id}/outages",
                           "/reports", "/reports/{id}"}) {
    INFO(path);
    CHECK(doc["paths"].contains(path));
  }
}
