// An HTTP server in the test process that serves a fixed /metrics body, for Prometheus to
// scrape without an illd behind it.
#pragma once

#include "http/server.hpp"
#include "metrics/exposition.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <string>

namespace ill::test {

inline std::unique_ptr<http::Server> serve_metrics(std::string body) {
  auto server = http::Server::start({}, [body = std::move(body)](const http::Request& request) {
    if (request.path != "/metrics") return http::Response::text(404, "not found\n");
    auto r = http::Response::text(200, body);
    r.content_type = std::string(metrics::Exposition::k_content_type);
    return r;
  });
  REQUIRE(server);
  return std::move(*server);
}

}  // namespace ill::test
