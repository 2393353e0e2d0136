#include "http/server.hpp"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace ill::http {

struct Server::Impl {
  Handler handler;
  std::size_t max_body = 0;
  bool tls = false;
  std::string tls_cert_pem;  // libmicrohttpd keeps pointers to these while it runs
  std::string tls_key_pem;
  MHD_Daemon* daemon = nullptr;
};

namespace {

// Per-connection state while a request body arrives.
struct Pending {
  std::string body;
  bool too_large = false;
};

MHD_Result collect(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* map = static_cast<std::map<std::string, std::string>*>(cls);
  std::string name(key);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  (*map)[name] = value != nullptr ? value : "";
  return MHD_YES;
}

MHD_Result collect_query(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* map = static_cast<std::map<std::string, std::string>*>(cls);
  (*map)[key] = value != nullptr ? value : "";
  return MHD_YES;
}

std::string peer_address(MHD_Connection* connection) {
  const auto* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) return {};
  char text[INET6_ADDRSTRLEN] = {};
  const sockaddr* addr = info->client_addr;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text;
}

// A streamed body (Response::stream) as libmicrohttpd reads it: the current piece and how much
// of it was sent.
struct Stream {
  std::function<bool(std::string&)> next;
  std::string piece;
  std::size_t offset = 0;
};

ssize_t read_stream(void* cls, std::uint64_t, char* buffer, std::size_t max) {
  auto* s = static_cast<Stream*>(cls);
  while (s->offset == s->piece.size()) {
    s->piece.clear();
    s->offset = 0;
    if (!s->next(s->piece)) return MHD_CONTENT_READER_END_OF_STREAM;
  }
  const std::size_t n = std::min(max, s->piece.size() - s->offset);
  std::memcpy(buffer, s->piece.data() + s->offset, n);
  s->offset += n;
  return static_cast<ssize_t>(n);
}

MHD_Response* make_response(Response& response) {
  if (response.stream) {
    auto* stream = new Stream{std::move(response.stream), {}, 0};
    MHD_Response* r =
        MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, &read_stream, stream,
                                          [](void* cls) { delete static_cast<Stream*>(cls); });
    if (r == nullptr) delete stream;
    return r;
  }
  // The body moves to the heap and libmicrohttpd frees it when done: no copy of a large page.
  auto* body = new std::string(std::move(response.body));
  MHD_Response* r = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), [](void* cls) { delete static_cast<std::string*>(cls); }, body);
  if (r == nullptr) delete body;
  return r;
}

MHD_Result send(MHD_Connection* connection, Response response) {
  MHD_Response* r = make_response(response);
  if (r == nullptr) return MHD_NO;
  MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type.c_str());
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(r, name.c_str(), value.c_str());
  }
  MHD_Result result = MHD_queue_response(connection, static_cast<unsigned>(response.status), r);
  MHD_destroy_response(r);
  return result;
}

MHD_Result on_request(void* cls, MHD_Connection* connection, const char* url, const char* method,
                      const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                      void** con_cls) {
  auto* impl = static_cast<Server::Impl*>(cls);
  auto* pending = static_cast<Pending*>(*con_cls);
  if (pending == nullptr) {  // first call: headers only
    *con_cls = new Pending();
    return MHD_YES;
  }
  if (*upload_data_size != 0) {  // body arriving
    if (pending->body.size() + *upload_data_size > impl->max_body) {
      pending->too_large = true;
    } else {
      pending->body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  if (pending->too_large) return send(connection, Response::text(413, "request body too large\n"));

  Request request;
  request.method = method;
  request.path = url;
  request.body = std::move(pending->body);
  request.remote_address = peer_address(connection);
  request.tls = impl->tls;
  MHD_get_connection_values(connection, MHD_HEADER_KIND, collect, &request.headers);
  MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, collect_query, &request.query);
  Response response;
  try {
    response = impl->handler(request);
  } catch (const std::exception& e) {
    spdlog::error("http: {} {} failed: {}", request.method, request.path, e.what());
    response = Response::text(500, "internal error\n");
  }
  return send(connection, std::move(response));
}

void on_completed(void* /*cls*/, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
  delete static_cast<Pending*>(*con_cls);
  *con_cls = nullptr;
}

void on_mhd_log(void* /*cls*/, const char* format, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  std::string line(text);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  spdlog::debug("http: {}", line);
}

}  // namespace

Response Response::text(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, Handler handler) {
  std::unique_ptr<Server> server(new Server());
  server->m_impl = std::make_unique<Impl>();
  server->m_impl->handler = std::move(handler);
  server->m_impl->max_body = options.max_body;

  sockaddr_storage storage{};
  socklen_t length = 0;
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG;
  if (options.listen.host.find(':') != std::string::npos) {
    auto* a6 = reinterpret_cast<sockaddr_in6*>(&storage);
    a6->sin6_family = AF_INET6;
    a6->sin6_port = htons(options.listen.port);
    inet_pton(AF_INET6, options.listen.host.c_str(), &a6->sin6_addr);
    length = sizeof(sockaddr_in6);
    flags |= MHD_USE_IPv6;
  } else {
    auto* a4 = reinterpret_cast<sockaddr_in*>(&storage);
    a4->sin_family = AF_INET;
    a4->sin_port = htons(options.listen.port);
    if (inet_pton(AF_INET, options.listen.host.c_str(), &a4->sin_addr) != 1) {
      return fail(Errc::invalid_input, "'{}' is not an IPv4 or IPv6 address", options.listen.host);
    }
    length = sizeof(sockaddr_in);
  }
  (void)length;

  // The options that are not always given go in an array ending the variadic list.
  std::vector<MHD_OptionItem> extra;
  if (options.per_address_limit != 0) {
    extra.push_back({MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                     static_cast<intptr_t>(options.per_address_limit), nullptr});
  }
  if (options.max_header != 0) {
    extra.push_back(
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<intptr_t>(options.max_header), nullptr});
  }
  if (!options.tls_cert_pem.empty() || !options.tls_key_pem.empty()) {
    if (options.tls_cert_pem.empty() || options.tls_key_pem.empty())
      return fail(Errc::invalid_input, "HTTPS needs both a certificate and a key");
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
      return fail(Errc::config, "this libmicrohttpd was built without TLS");
    server->m_impl->tls = true;
    server->m_impl->tls_cert_pem = options.tls_cert_pem;
    server->m_impl->tls_key_pem = options.tls_key_pem;
    flags |= MHD_USE_TLS;
    extra.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, server->m_impl->tls_cert_pem.data()});
    extra.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, server->m_impl->tls_key_pem.data()});
  }
  extra.push_back({MHD_OPTION_END, 0, nullptr});

  errno = 0;
  server->m_impl->daemon = MHD_start_daemon(
      flags, options.listen.port, nullptr, nullptr, &on_request, server->m_impl.get(),
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&storage), MHD_OPTION_THREAD_POOL_SIZE,
      options.threads, MHD_OPTION_CONNECTION_LIMIT, options.connection_limit,
      MHD_OPTION_CONNECTION_TIMEOUT, options.connection_timeout_s, MHD_OPTION_NOTIFY_COMPLETED,
      &on_completed, nullptr, MHD_OPTION_EXTERNAL_LOGGER, &on_mhd_log, nullptr, MHD_OPTION_ARRAY,
      extra.data(), MHD_OPTION_END);
  if (server->m_impl->daemon == nullptr) {
    return fail(Errc::io, "cannot listen on {}:{}: {}", options.listen.host, options.listen.port,
                errno != 0 ? std::strerror(errno) : "libmicrohttpd refused to start");
  }
  const auto* info = MHD_get_daemon_info(server->m_impl->daemon, MHD_DAEMON_INFO_BIND_PORT);
  server->m_port = info != nullptr ? info->port : options.listen.port;
  return server;
}

Server::~Server() {
  if (m_impl && m_impl->daemon != nullptr) MHD_stop_daemon(m_impl->daemon);
}

}  // namespace ill::http
