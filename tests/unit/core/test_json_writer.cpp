// The JSON text writer against nlohmann::json's own dump of the same object.
#include "core/json_writer.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>

namespace {

// One object of every kind of value, members written in key order.
std::string written(int indent) {
  ill::JsonWriter w(indent);
  w.begin_object();
  w.key("a\"quote").value("tab\there \xc3\xa9 \x01");
  w.key("b").begin_array().value(1.5).value(std::int64_t{-7}).value(true).null().end_array();
  w.key("c").begin_object().end_object();
  w.key("d").begin_array().end_array();
  w.key("e").value(std::optional<double>{});
  w.key("f").value(3.0);
  w.key("g").value(1e21);
  w.key("h").value(0.1 + 0.2);
  w.key("i").value(std::numeric_limits<double>::quiet_NaN());
  w.key("j").begin_object().key("k").value(std::optional<std::int64_t>{42}).end_object();
  w.end_object();
  return w.take();
}

nlohmann::json expected() {
  nlohmann::json j;
  j["a\"quote"] = "tab\there \xc3\xa9 \x01";
  j["b"] = nlohmann::json::array({1.5, -7, true, nullptr});
  j["c"] = nlohmann::json::object();
  j["d"] = nlohmann::json::array();
  j["e"] = nullptr;
  j["f"] = 3.0;
  j["g"] = 1e21;
  j["h"] = 0.1 + 0.2;
  j["i"] = std::numeric_limits<double>::quiet_NaN();
  j["j"]["k"] = 42;
  return j;
}

}  // namespace

TEST_CASE("JsonWriter lays text out exactly as nlohmann::json::dump", "[unit][core]") {
  CHECK(written(-1) == expected().dump());
  CHECK(written(2) == expected().dump(2));
  CHECK(written(4) == expected().dump(4));
}

TEST_CASE("JsonWriter starts at a given depth, for text placed inside other text", "[unit][core]") {
  ill::JsonWriter w(2, 1);
  w.begin_object().key("x").value(1).end_object();
  CHECK(w.take() == "{\n    \"x\": 1\n  }");
}
