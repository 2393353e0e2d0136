// ill-sim as a test fixture: writes a config, starts the simulator, reads its ready lines (so
// ports are known without races), sends control lines and waits for their acknowledgements.
//
//   ill::test::Sim sim(R"([[router]]
//   name = "gw1"
//   password = "secret"
//     [[router.interface]]
//     name = "ether1"
//     rx_rate = "10M"
//   )");
//   auto gw1 = sim.router("gw1");          // address, port, transport, ...
//   sim.control("link gw1 ether1 down");   // returns "ok link gw1 ether1 down"
#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace ill::test {

struct SimRouter {
  std::string name, address, transport, version, user;
  int port = 0;
  std::string tls;      // "certificate" or "anonymous" for api-ssl
  std::string ca_file;  // the certificate to trust for api-ssl with a certificate
  int rest_port = 0;    // the HTTPS REST endpoint of a router with rest = true
};

class Sim {
public:
  // Starts ill-sim on `toml` and waits for `ready`; throws std::runtime_error with ill-sim's
  // stderr when it fails to start.
  explicit Sim(const std::string& toml,
               std::chrono::milliseconds timeout = std::chrono::seconds(20));
  ~Sim();
  Sim(const Sim&) = delete;
  Sim& operator=(const Sim&) = delete;

  const std::vector<SimRouter>& routers() const { return m_routers; }
  // Throws when there is no such router.
  const SimRouter& router(const std::string& name) const;

  // Sends one control line; returns its acknowledgement ("ok ..." or "error ..."), or "" when
  // none came within `timeout`.
  std::string control(const std::string& line,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Sends `quit` and waits for the exit code.
  int stop();

  const std::filesystem::path& config_path() const { return m_config; }
  Process& process() { return *m_process; }
  static std::string binary();  // the built ill-sim, or $ILL_SIM_PATH

private:
  TempDir m_dir;
  std::filesystem::path m_config;
  std::unique_ptr<Process> m_process;
  std::vector<SimRouter> m_routers;
  std::size_t m_read = 0;  // stdout bytes already consumed
};

}  // namespace ill::test
