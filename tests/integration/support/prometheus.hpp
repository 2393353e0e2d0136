// Debian's Prometheus server as a test fixture: started on a free 127.0.0.1 port with its own
// storage in a temporary directory, scraping one target every second, and asked questions over
// its HTTP API.
//
//   ill::test::Prometheus prometheus("127.0.0.1:" + std::to_string(illd_port));
//   auto up = prometheus.wait_for_value("illd_build_info", [](double v) { return v == 1; }, 30s);
//   auto rates = prometheus.query("illd_link_rx_bytes_per_second{link=\"acme-1\"}");
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ill::test {

// One series of a query's answer (a scalar answer is one series without labels).
struct PromSample {
  std::map<std::string, std::string> labels;  // __name__, job and instance included
  double value = 0;
};

class Prometheus {
public:
  static constexpr const char* k_binary = "/usr/bin/prometheus";

  // Starts the server scraping `target` ("127.0.0.1:PORT", path /metrics) every second and
  // waits until /-/ready answers; throws std::runtime_error with the server's output when it
  // does not come up within `timeout`.
  explicit Prometheus(const std::string& target,
                      std::chrono::milliseconds timeout = std::chrono::seconds(60));
  ~Prometheus();
  Prometheus(const Prometheus&) = delete;
  Prometheus& operator=(const Prometheus&) = delete;

  std::uint16_t port() const { return m_port; }
  const std::string& job() const { return m_job; }  // the scrape job's name: "ill"

  // An instant query now. Throws std::runtime_error naming the query when the server refuses
  // it (a PromQL error) or cannot be reached.
  std::vector<PromSample> query(const std::string& promql);
  // The value of the one series `promql` returns; nullopt when it returns none. Throws when it
  // returns several.
  std::optional<double> query_value(const std::string& promql);
  // Asks `promql` again until it returns one series whose value satisfies `ok`, or `timeout`
  // passes; returns the last value seen (nullopt when there was none).
  std::optional<double> wait_for_value(const std::string& promql,
                                       const std::function<bool(double)>& ok,
                                       std::chrono::milliseconds timeout);
  // Asks `promql` again until its answer satisfies `ok`, or `timeout` passes; returns the last
  // answer.
  std::vector<PromSample> wait_for(const std::string& promql,
                                   const std::function<bool(const std::vector<PromSample>&)>& ok,
                                   std::chrono::milliseconds timeout);

  // Prometheus's own log so far, for failure messages.
  std::string log() const;

private:
  TempDir m_dir;
  std::unique_ptr<Process> m_process;
  std::uint16_t m_port = 0;
  std::string m_job = "ill";
};

}  // namespace ill::test
