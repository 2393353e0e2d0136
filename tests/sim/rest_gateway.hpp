// RouterOS 7's REST API (HTTPS) for one simulated router. Each request is translated into the
// binary API and run on the router's own API port with the library's session, so REST serves
// exactly the simulated state the API does: one scenario can be polled either way. Faults of a
// broken HTTPS front (an HTML page, a redirect, truncated or huge JSON, 401) come from the
// router's `rest_fault`.
#pragma once

#include "core/result.hpp"
#include "routeros/endpoint.hpp"

#include <memory>
#include <string>

namespace ill::sim {

class RestGateway {
public:
  // Listens on `address`:0 with the PEM certificate and key; `api` is the router's API port.
  static Result<std::unique_ptr<RestGateway>> start(const std::string& address,
                                                    routeros::Endpoint api,
                                                    const std::string& cert_file,
                                                    const std::string& key_file, std::string fault);
  ~RestGateway();
  int port() const;

  struct State;

private:
  explicit RestGateway(std::unique_ptr<State> state);
  std::unique_ptr<State> m_state;
};

}  // namespace ill::sim
