// The HTTP listener over real loopback sockets, and its /metrics text judged by promtool.
#include "http/server.hpp"
#include "metrics/exposition.hpp"
#include "support/http_client.hpp"
#include "support/process.hpp"

#include <catch2/catch.hpp>

using namespace ill;
using ill::test::http_get;
using ill::test::http_request;

TEST_CASE("the HTTP server routes requests to its handler", "[integration][http]") {
  auto server = http::Server::start({}, [](const http::Request& r) {
    if (r.path == "/hello") {
      auto response =
          http::Response::text(200, r.query.count("name") ? "hello " + r.query.at("name") : "?");
      response.headers.emplace_back("X-Test", "yes");
      return response;
    }
    if (r.method == "POST" && r.path == "/echo") return http::Response::text(200, r.body);
    return http::Response::text(404, "no such page\n");
  });
  REQUIRE(server);
  auto port = (*server)->port();
  REQUIRE(port != 0);

  auto hello = http_get(port, "/hello?name=gw%201");
  CHECK(hello.status == 200);
  CHECK(hello.body == "hello gw 1");
  CHECK(hello.headers["x-test"] == "yes");

  CHECK(http_get(port, "/nope").status == 404);
  auto echo = http_request("127.0.0.1", port, "POST", "/echo", "a=1&b=2",
                           {{"Content-Type", "application/x-www-form-urlencoded"}});
  CHECK(echo.status == 200);
  CHECK(echo.body == "a=1&b=2");
}

TEST_CASE("the HTTP server refuses a body over its limit", "[integration][http]") {
  http::ServerOptions options;
  options.max_body = 16;
  auto server = http::Server::start(
      options, [](const http::Request&) { return http::Response::text(200, "ok"); });
  REQUIRE(server);
  auto r = http_request("127.0.0.1", (*server)->port(), "POST", "/x", std::string(100, 'a'));
  CHECK(r.status == 413);
}

TEST_CASE("a port already taken is a clear error", "[integration][http]") {
  auto first =
      http::Server::start({}, [](const http::Request&) { return http::Response::text(200, "ok"); });
  REQUIRE(first);
  http::ServerOptions options;
  options.listen.port = (*first)->port();
  auto second = http::Server::start(
      options, [](const http::Request&) { return http::Response::text(200, "ok"); });
  REQUIRE_FALSE(second);
  CHECK(second.error().what().find("cannot listen on 127.0.0.1:" +
                                   std::to_string((*first)->port())) == 0);
}

TEST_CASE("metrics served over HTTP pass promtool check metrics", "[integration][http][metrics]") {
  auto server = http::Server::start({}, [](const http::Request&) {
    metrics::Exposition out;
    out.family("mktxp_interface_rx_byte_total", metrics::MetricType::counter,
               "Bytes received on the interface.");
    out.sample({{"name", "ether1"},
                {"routerboard_name", "gw \"one\""},
                {"routerboard_address", "127.0.0.1"}},
               123456789012.0);
    out.family("illd_router_up", metrics::MetricType::gauge,
               "1 when the last poll of the router succeeded.");
    out.sample({{"routerboard_name", "gw1"}}, 1);
    http::Response r = http::Response::text(200, out.text());
    r.content_type = std::string(metrics::Exposition::k_content_type);
    return r;
  });
  REQUIRE(server);
  auto reply = http_get((*server)->port(), "/metrics");
  REQUIRE(reply.status == 200);
  CHECK(reply.headers["content-type"] == metrics::Exposition::k_content_type);
  auto check =
      ill::test::run({"/usr/bin/promtool", "check", "metrics"}, {.stdin_data = reply.body});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("a streamed body reaches the client whole, piece after piece", "[integration][http]") {
  // 300 pieces of 10,000 bytes, each of its own letter and number, so a lost, repeated or
  // reordered piece shows.
  auto piece_of = [](int i) {
    std::string p = std::to_string(i) + ":";
    p.resize(10'000, static_cast<char>('a' + i % 26));
    return p;
  };
  std::string expected;
  for (int i = 0; i < 300; ++i) expected += piece_of(i);
  auto server = http::Server::start({}, [&](const http::Request&) {
    http::Response r;
    r.stream = [i = 0, &piece_of](std::string& piece) mutable {
      if (i == 300) return false;
      piece = piece_of(i++);
      return true;
    };
    return r;
  });
  REQUIRE(server);
  auto reply = http_get((*server)->port(), "/big");
  CHECK(reply.status == 200);
  CHECK(reply.body.size() == expected.size());
  CHECK(reply.body == expected);
}
