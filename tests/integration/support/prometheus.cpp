#include "prometheus.hpp"

#include "support/http_client.hpp"
#include "support/ports.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <stdexcept>
#include <thread>

namespace ill::test {
namespace {

std::string percent_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

std::string config_for(const std::string& job, const std::string& target) {
  return "global:\n"
         "  scrape_interval: 1s\n"
         "  scrape_timeout: 1s\n"
         "  evaluation_interval: 1s\n"
         "scrape_configs:\n"
         "  - job_name: " +
         job +
         "\n"
         "    static_configs:\n"
         "      - targets: ['" +
         target + "']\n";
}

// Asking again and again: a pause between two questions, not a timing assumption.
void pause_before_asking_again() { std::this_thread::sleep_for(std::chrono::milliseconds(200)); }

}  // namespace

Prometheus::Prometheus(const std::string& target, std::chrono::milliseconds timeout) {
  auto config = m_dir.write("prometheus.yml", config_for(m_job, target));
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 1;; ++attempt) {
    m_port = free_loopback_port();
    auto storage = m_dir / ("data-" + std::to_string(attempt));
    m_process = std::make_unique<Process>(std::vector<std::string>{
        k_binary, "--config.file=" + config.string(), "--storage.tsdb.path=" + storage.string(),
        "--web.listen-address=127.0.0.1:" + std::to_string(m_port), "--log.level=warn"});
    while (std::chrono::steady_clock::now() < deadline) {
      if (m_process->wait(std::chrono::milliseconds(0))) break;  // exited: port taken?
      if (http_get(m_port, "/-/ready").status == 200) return;
      pause_before_asking_again();
    }
    bool exited = m_process->wait(std::chrono::milliseconds(0)).has_value();
    if (!exited || attempt == 3 || std::chrono::steady_clock::now() >= deadline) {
      throw std::runtime_error(
          "prometheus did not become ready on 127.0.0.1:" + std::to_string(m_port) + ":\n" + log());
    }
  }
}

Prometheus::~Prometheus() {
  if (!m_process) return;
  m_process->signal(SIGTERM);
  if (!m_process->wait(std::chrono::seconds(10))) m_process->signal(SIGKILL);
  m_process->wait(std::chrono::seconds(10));
}

std::string Prometheus::log() const { return m_process ? m_process->err() : std::string(); }

std::vector<PromSample> Prometheus::query(const std::string& promql) {
  auto reply = http_get(m_port, "/api/v1/query?query=" + percent_encode(promql));
  if (reply.status == 0) throw std::runtime_error("prometheus unreachable for query " + promql);
  nlohmann::json answer;
  try {
    answer = nlohmann::json::parse(reply.body);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error("query " + promql + ": HTTP " + std::to_string(reply.status) +
                             ", not JSON: " + reply.body);
  }
  if (answer.value("status", "") != "success") {
    throw std::runtime_error("query " + promql + ": " + answer.value("errorType", "") + ": " +
                             answer.value("error", reply.body));
  }
  const auto& data = answer.at("data");
  auto value_of = [](const nlohmann::json& pair) {
    return std::stod(pair.at(1).get<std::string>());  // [time, "value"]; "NaN", "+Inf" too
  };
  std::vector<PromSample> samples;
  if (data.at("resultType") == "scalar") {
    samples.push_back({{}, value_of(data.at("result"))});
    return samples;
  }
  if (data.at("resultType") != "vector") {
    throw std::runtime_error("query " + promql + ": a " + data.at("resultType").get<std::string>() +
                             ", not an instant vector");
  }
  for (const auto& series : data.at("result")) {
    PromSample sample;
    for (const auto& [name, value] : series.at("metric").items())
      sample.labels[name] = value.get<std::string>();
    sample.value = value_of(series.at("value"));
    samples.push_back(std::move(sample));
  }
  return samples;
}

std::optional<double> Prometheus::query_value(const std::string& promql) {
  auto samples = query(promql);
  if (samples.empty()) return std::nullopt;
  if (samples.size() > 1) {
    throw std::runtime_error("query " + promql + ": " + std::to_string(samples.size()) +
                             " series, expected one");
  }
  return samples.front().value;
}

std::vector<PromSample> Prometheus::wait_for(
    const std::string& promql, const std::function<bool(const std::vector<PromSample>&)>& ok,
    std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto samples = query(promql);
    if (ok(samples) || std::chrono::steady_clock::now() >= deadline) return samples;
    pause_before_asking_again();
  }
}

std::optional<double> Prometheus::wait_for_value(const std::string& promql,
                                                 const std::function<bool(double)>& ok,
                                                 std::chrono::milliseconds timeout) {
  auto samples = wait_for(
      promql,
      [&ok](const std::vector<PromSample>& s) { return s.size() == 1 && ok(s.front().value); },
      timeout);
  if (samples.size() != 1) return std::nullopt;
  return samples.front().value;
}

}  // namespace ill::test
