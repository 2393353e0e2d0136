// illd's HTTP listener (libmicrohttpd): /metrics and the client portal are handlers behind it.
// The server knows nothing about either; it turns requests into Request values and Responses
// back into HTTP, on its own threads.
#pragma once

#include "core/listen_address.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace ill::http {

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // "/metrics", without the query string
  std::map<std::string, std::string> query;    // decoded query arguments
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string remote_address;  // the peer of the TCP connection
  bool tls = false;            // arrived over HTTPS on this listener
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // When set, the body comes from here instead, piece by piece (chunked encoding): each call
  // fills `piece` with the next bytes and returns false when there are none left. Called on the
  // connection's thread as the client reads; destroyed once the response is done or abandoned.
  std::function<bool(std::string& piece)> stream;

  static Response text(int status, std::string body);
};

using Handler = std::function<Response(const Request&)>;

struct ServerOptions {
  ListenAddress listen{"127.0.0.1", 0};
  unsigned threads = 2;              // worker threads
  std::size_t max_body = 64 * 1024;  // larger request bodies get 413
  unsigned connection_limit = 256;
  unsigned connection_timeout_s = 30;
  unsigned per_address_limit = 0;  // connections one peer address may hold; 0: no limit
  // Memory for one connection's request line and headers (libmicrohttpd answers 431 or 414
  // beyond it); 0: libmicrohttpd's default (32 KiB).
  std::size_t max_header = 0;
  // PEM certificate chain and key: HTTPS when both are given.
  std::string tls_cert_pem;
  std::string tls_key_pem;
};

class Server {
public:
  // Binds and starts serving; errors name the address ("cannot listen on 127.0.0.1:80: ...").
  static Result<std::unique_ptr<Server>> start(const ServerOptions& options, Handler handler);
  ~Server();  // stops accepting and waits for requests in flight
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const { return m_port; }

  struct Impl;

private:
  Server() = default;
  std::unique_ptr<Impl> m_impl;
  std::uint16_t m_port = 0;
};

}  // namespace ill::http
