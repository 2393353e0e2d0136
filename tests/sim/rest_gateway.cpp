#include "sim/rest_gateway.hpp"

#include "routeros/async_session.hpp"
#include "routeros/run_local.hpp"

#include "http/server.hpp"

#include <openssl/evp.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace ill::sim {
namespace {

using nlohmann::json;

// "Basic dXNlcjpwYXNz" to {"user", "pass"}.
bool basic_auth(const std::string& header, std::string& user, std::string& password) {
  constexpr std::string_view k_basic = "Basic ";
  if (header.rfind(k_basic, 0) != 0) return false;
  const std::string encoded = header.substr(k_basic.size());
  std::string decoded(encoded.size(), '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                reinterpret_cast<const unsigned char*>(encoded.data()),
                                static_cast<int>(encoded.size()));
  if (n < 0) return false;
  decoded.resize(static_cast<std::size_t>(n));
  while (!decoded.empty() && decoded.back() == '\0') decoded.pop_back();  // base64 padding
  auto colon = decoded.find(':');
  if (colon == std::string::npos) return false;
  user = decoded.substr(0, colon);
  password = decoded.substr(colon + 1);
  return true;
}

// The REST request as a binary API command (the inverse of routeros/rest_mapping.hpp).
Result<routeros::Command> command_of(const http::Request& req) {
  std::string path = req.path.substr(5);  // after "/rest"
  if (path.empty() || path.front() != '/') return fail(Errc::usage, "no such command");
  if (req.method == "GET") {
    routeros::Command c(path + "/print");
    for (const auto& [key, value] : req.query) {
      if (key == ".proplist") {
        c.attr(".proplist", value);
      } else {
        c.query_word("?" + key + "=" + value);
      }
    }
    return c;
  }
  json body = req.body.empty() ? json::object() : json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) return fail(Errc::usage, "bad JSON body");
  routeros::Command c(path);
  for (const auto& [key, value] : body.items()) {
    if (key == ".query" && value.is_array()) {
      for (const auto& w : value) c.query_word("?" + w.get<std::string>());
    } else if (key == ".proplist" && value.is_array()) {
      std::string joined;
      for (const auto& p : value) joined += (joined.empty() ? "" : ",") + p.get<std::string>();
      c.attr(".proplist", joined);
    } else if (value.is_string()) {
      c.attr(key, value.get<std::string>());
    } else {
      return fail(Errc::usage, "argument {} is not a string", key);
    }
  }
  return c;
}

http::Response error_body(int status, const std::string& message, const std::string& detail) {
  http::Response res;
  res.status = status;
  res.content_type = "application/json";
  res.body = json{{"error", status}, {"message", message}, {"detail", detail}}.dump();
  return res;
}

http::Response json_body(std::string body) {
  http::Response res;
  res.content_type = "application/json";
  res.body = std::move(body);
  return res;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Errc::io, "{}: cannot read", path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

struct RestGateway::State {
  routeros::Endpoint api;
  std::string fault;
  std::unique_ptr<http::Server> server;
};

RestGateway::RestGateway(std::unique_ptr<State> state) : m_state(std::move(state)) {}

RestGateway::~RestGateway() = default;

int RestGateway::port() const { return m_state->server->port(); }

namespace {

http::Response handle(const RestGateway::State& s, const http::Request& req) {
  if (s.fault == "html") {
    http::Response res;
    res.content_type = "text/html";
    res.body = "<html><body><h1>Welcome to nginx!</h1></body></html>";
    return res;
  }
  if (s.fault == "redirect") {
    http::Response res;
    res.status = 302;
    res.headers.emplace_back("Location", "https://portal.example.net/login");
    return res;
  }
  if (s.fault == "huge") {
    std::string body = "[";
    const std::string row = R"({"name":"ether1","comment":")" + std::string(1000, 'x') + "\"}";
    while (body.size() < 10 * 1024 * 1024) body += row + ",";
    return json_body(body + row + "]");
  }
  std::string user, password;
  auto authorization = req.headers.find("authorization");
  if (authorization == req.headers.end() || s.fault == "unauthorized" ||
      !basic_auth(authorization->second, user, password)) {
    auto res = error_body(401, "Unauthorized", "");
    res.headers.emplace_back("WWW-Authenticate", "Basic realm=\"ill-sim\"");
    return res;
  }
  if (req.path.rfind("/rest/", 0) != 0) return error_body(404, "Not Found", "no such command");
  auto command = command_of(req);
  if (!command) return error_body(400, "Bad Request", command.error().message());
  const auto deadline = routeros::deadline_in(std::chrono::seconds(30));
  auto reply = routeros::run_local(
      [&](asio::any_io_executor ex) -> asio::awaitable<Result<routeros::Reply>> {
        auto session = co_await routeros::AsyncSession::open(ex, s.api, user, password, deadline);
        if (!session) co_return fail(std::move(session.error()));
        co_return co_await session->call(std::move(*command), deadline);
      });
  if (!reply) {
    if (reply.error().category() == Errc::auth) return error_body(401, "Unauthorized", "");
    if (reply.error().category() == Errc::remote)
      return error_body(400, "Bad Request", reply.error().message());
    return error_body(500, "Internal Server Error", reply.error().what());
  }
  json rows = json::array();
  for (const auto& row : reply->rows) {
    json object = json::object();
    for (const auto& [key, value] : row.attributes()) object[std::string(key)] = value;
    rows.push_back(std::move(object));
  }
  // Singleton menus answer an object, as RouterOS does.
  const bool singleton = req.method == "GET" && (req.path == "/rest/system/resource" ||
                                                 req.path == "/rest/system/identity");
  std::string body = singleton && rows.size() == 1 ? rows[0].dump() : rows.dump();
  if (s.fault == "truncated") body.resize(body.size() / 2);
  return json_body(std::move(body));
}

}  // namespace

Result<std::unique_ptr<RestGateway>> RestGateway::start(const std::string& address,
                                                        routeros::Endpoint api,
                                                        const std::string& cert_file,
                                                        const std::string& key_file,
                                                        std::string fault) {
  auto state = std::make_unique<State>();
  state->api = std::move(api);
  state->fault = std::move(fault);
  http::ServerOptions options;
  options.listen = {address, 0};
  options.max_body = 1024 * 1024;
  auto cert = read_file(cert_file);
  if (!cert) return fail(cert.error());
  auto key = read_file(key_file);
  if (!key) return fail(key.error());
  options.tls_cert_pem = std::move(*cert);
  options.tls_key_pem = std::move(*key);
  State* s = state.get();
  auto server =
      http::Server::start(options, [s](const http::Request& req) { return handle(*s, req); });
  if (!server) return fail(std::move(server.error()).with_context("rest"));
  state->server = std::move(*server);
  return std::unique_ptr<RestGateway>(new RestGateway(std::move(state)));
}

}  // namespace ill::sim
