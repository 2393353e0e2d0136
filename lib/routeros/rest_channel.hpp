// HTTPS transfers for REST sessions. One process-wide libcurl multi handle runs on its own
// thread; sessions hand it requests and get each answer back on their own executor. So a slow
// or stalled REST router costs a socket and a timer there, never the collector's thread or
// another router's slot, and connections to a router are reused across polls (the multi
// handle's connection cache, keep-alive).
#pragma once

#include "core/result.hpp"
#include "routeros/deadline.hpp"
#include "routeros/endpoint.hpp"
#include "routeros/rest_mapping.hpp"

#include <asio/any_io_executor.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace ill::routeros {

struct RestOptions {
  // An answer larger than this fails the request (Errc::protocol) instead of growing memory.
  std::size_t max_body_bytes = 64 * 1024 * 1024;
};

class RestChannel {
public:
  // The base URL is https://HOST:PORT (port 443 unless the endpoint says otherwise); TLS is
  // verified as for api-ssl (full, none; adh has no meaning for HTTPS and is refused).
  static Result<std::shared_ptr<RestChannel>> make(asio::any_io_executor executor,
                                                   const Endpoint& endpoint, std::string user,
                                                   std::string password, RestOptions options = {});
  ~RestChannel();

  // Starts the request; `done` runs later on the executor, exactly once, unless the channel is
  // closed before the answer comes: then never (the session that closed it failed its calls).
  // Transport failures are named by step: "resolve", "connect to", "tls handshake with",
  // "https:" for the exchange itself.
  void start(RestRequest request, Deadline deadline,
             std::function<void(Result<RestResponse>)> done);
  // The user and password every later request carries (HTTP basic authentication).
  void set_credentials(std::string user, std::string password);
  // Abandons transfers in flight; their `done` is not called, and after close() returns nothing
  // more is posted to the executor. A request started after close() gets Errc::cancelled.
  void close();
  std::string peer() const;

  struct State;

private:
  explicit RestChannel(std::shared_ptr<State> state) : m_state(std::move(state)) {}
  std::shared_ptr<State> m_state;
};

}  // namespace ill::routeros
