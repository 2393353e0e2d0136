#include "metrics/exposition.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace ill::metrics;

TEST_CASE("a family starts with its HELP and TYPE lines", "[unit][metrics]") {
  Exposition out;
  out.family("illd_routers", MetricType::gauge, "Routers in the inventory.");
  out.sample({}, 3);
  CHECK(out.text() ==
        "# HELP illd_routers Routers in the inventory.\n"
        "# TYPE illd_routers gauge\n"
        "illd_routers 3\n");
}

TEST_CASE("label values are escaped and labels keep their order", "[unit][metrics]") {
  Exposition out;
  out.family("mktxp_interface_rx_byte_total", MetricType::counter, "Bytes received.");
  out.sample({{"name", "ether1 \"uplink\""}, {"comment", "a\\b\nc"}}, 12);
  CHECK(out.text().find("mktxp_interface_rx_byte_total{name=\"ether1 "
                        "\\\"uplink\\\"\",comment=\"a\\\\b\\nc\"} 12\n") != std::string::npos);
}

TEST_CASE("labels written beforehand give the same line as labels written each time",
          "[unit][metrics]") {
  const LabelSet prepared{{"link", "a \"b\""}, {"client", "x\ny"}};
  Exposition each, once;
  each.family("illd_link_state", MetricType::gauge, "State.");
  once.family("illd_link_state", MetricType::gauge, "State.");
  each.sample({{"link", "a \"b\""}, {"client", "x\ny"}, {"state", "up"}}, 1);
  once.sample(prepared, {"state", "up"}, 1);
  each.sample({{"link", "a \"b\""}, {"client", "x\ny"}}, 0.5);
  once.sample(prepared, 0.5);
  CHECK(once.text() == each.text());
  Exposition none;
  none.family("illd_up", MetricType::gauge, "Up.");
  none.sample(LabelSet{}, 1);
  none.sample(LabelSet{}, {"state", "up"}, 2);
  CHECK(none.text().ends_with("illd_up 1\nilld_up{state=\"up\"} 2\n"));
}

TEST_CASE("packed label sets give the lines of the label sets they were packed from",
          "[unit][metrics]") {
  const std::vector<LabelSet> sets = {LabelSet{{"link", "a \"b\""}, {"client", "x\ny"}}, LabelSet{},
                                      LabelSet{{"link", "c"}}, LabelSet{{"link", "d\\"}}};
  PackedLabelSets packed;
  packed.reserve(sets.size(), 16);  // smaller than the text: growing must keep every set whole
  for (const auto& set : sets) packed.push_back(set);
  REQUIRE(packed.size() == sets.size());
  Exposition each, from_packed;
  each.family("illd_link_up", MetricType::gauge, "Up.");
  from_packed.family("illd_link_up", MetricType::gauge, "Up.");
  for (std::size_t i = 0; i < sets.size(); ++i) {
    CHECK(packed.text(i) == sets[i].text());
    each.sample(sets[i], static_cast<double>(i));
    each.sample(sets[i], {"state", "up"}, 1);
    from_packed.sample(LabelsRef(packed, i), static_cast<double>(i));
    from_packed.sample(LabelsRef(packed, i), {"state", "up"}, 1);
  }
  CHECK(from_packed.text() == each.text());
  CHECK(from_packed.text().find("illd_link_up{link=\"c\"} 2\n") != std::string::npos);
}

TEST_CASE("values parse back exactly", "[unit][metrics]") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(-7) == "-7");
  CHECK(format_value(18446744073709.0) == "18446744073709");
  CHECK(format_value(0.25) == "0.25");
  CHECK(format_value(1e300) == "1e+300");
  CHECK(format_value(std::numeric_limits<double>::infinity()) == "+Inf");
  CHECK(format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(format_value(std::nan("")) == "NaN");
  CHECK(std::stod(format_value(0.1 + 0.2)) == 0.1 + 0.2);
}

TEST_CASE("metric and label names follow the exposition grammar", "[unit][metrics]") {
  CHECK(is_valid_metric_name("illd_poll_duration_seconds"));
  CHECK(is_valid_metric_name("a:b_c"));
  CHECK_FALSE(is_valid_metric_name("9lives"));
  CHECK_FALSE(is_valid_metric_name("has-dash"));
  CHECK(is_valid_label_name("routerboard_name"));
  CHECK_FALSE(is_valid_label_name("__reserved"));
  CHECK_FALSE(is_valid_label_name("a:b"));
}

TEST_CASE("histogram samples carry their suffixes", "[unit][metrics]") {
  Exposition out;
  out.family("illd_poll_seconds", MetricType::histogram, "Poll durations.");
  out.sample("_bucket", {{"le", "0.5"}}, 4);
  out.sample("_bucket", {{"le", "+Inf"}}, 5);
  out.sample("_sum", {}, 1.5);
  out.sample("_count", {}, 5);
  CHECK(out.text().find("illd_poll_seconds_bucket{le=\"+Inf\"} 5\nilld_poll_seconds_sum "
                        "1.5\nilld_poll_seconds_count 5\n") != std::string::npos);
}

TEST_CASE("label values that are not UTF-8 are mended, UTF-8 is kept", "[unit][metrics]") {
  auto escaped = [](std::string_view value) {
    std::string out;
    escape_label_value(value, out);
    return out;
  };
  CHECK(escaped("Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x93\xa1") ==
        "Z\xc3\xbcrich \xe2\x82\xac \xf0\x9f\x93\xa1");                      // ü, €, an emoji
  CHECK(escaped("Caf\xe9 du Port") == "Caf\xef\xbf\xbd du Port");            // Windows-1252 é
  CHECK(escaped("\xc3") == "\xef\xbf\xbd");                                  // cut short
  CHECK(escaped("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
  CHECK(escaped("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
  CHECK(escaped("\xf4\x90\x80\x80") ==
        "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // past U+10FFFF
  CHECK(escaped("a\"\xff\\") == "a\\\"\xef\xbf\xbd\\\\");
}
