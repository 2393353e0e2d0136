#include "routeros/rest_channel.hpp"

#include "core/wipe.hpp"
#include "routeros/byte_stream.hpp"
#include "routeros/display_text.hpp"

#include <curl/curl.h>
#include <fmt/format.h>
#include <asio/post.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace ill::routeros {

namespace {

// Whether a channel is closed, shared with its transfers in the curl thread. That thread posts a
// transfer's outcome while holding `mutex` and only to an open channel, and close() takes the
// mutex: once close() returns, nothing more is posted to the channel's executor, whose io_context
// may go right after (illd's stop destroys the collector's context with sessions in it).
struct Gate {
  std::mutex mutex;
  std::atomic<bool> closed{false};
};

}  // namespace

struct RestChannel::State {
  ~State() { wipe(password); }
  asio::any_io_executor executor;
  std::string base_url;
  std::string host;
  std::string peer;
  std::string user;
  std::string password;
  TlsOptions tls;
  RestOptions options;
  std::shared_ptr<Gate> gate = std::make_shared<Gate>();
};

namespace {

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::string what;  // "GET /rest/interface"
  std::string host, peer;
  std::string request_body;
  RestResponse response;
  std::size_t max_body = 0;
  bool too_big = false;
  std::shared_ptr<Gate> gate;
  asio::any_io_executor executor;
  std::function<void(Result<RestResponse>)> done;
  char error_buffer[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (headers) curl_slist_free_all(headers);
    if (easy) curl_easy_cleanup(easy);
  }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_big = true;
    return 0;  // makes curl fail the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* t = static_cast<Transfer*>(user);
  return t->gate->closed.load() ? 1 : 0;  // a closed session aborts its transfers
}

Result<RestResponse> outcome(Transfer& t, CURLcode code) {
  const std::string detail = t.error_buffer[0] ? t.error_buffer : curl_easy_strerror(code);
  switch (code) {
  case CURLE_OK: {
    curl_easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &t.response.status);
    char* type = nullptr;
    curl_easy_getinfo(t.easy, CURLINFO_CONTENT_TYPE, &type);
    if (type) t.response.content_type = type;
    char* location = nullptr;
    curl_easy_getinfo(t.easy, CURLINFO_REDIRECT_URL, &location);
    if (location) t.response.location = location;
    return std::move(t.response);
  }
  case CURLE_COULDNT_RESOLVE_HOST: return fail(Errc::unreachable, "resolve {}: {}", t.host, detail);
  case CURLE_COULDNT_CONNECT: return fail(Errc::unreachable, "connect to {}: {}", t.peer, detail);
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_SSL_CACERT_BADFILE:
  case CURLE_SSL_CERTPROBLEM:
  case CURLE_SSL_CIPHER:
  case CURLE_SSL_ISSUER_ERROR:
    return fail(Errc::unreachable, "tls handshake with {}: {}", t.peer, detail);
  case CURLE_OPERATION_TIMEDOUT: return fail(Errc::timeout, "https: {} timed out", t.what);
  case CURLE_ABORTED_BY_CALLBACK: return fail(Errc::cancelled, "https: {}: session closed", t.what);
  case CURLE_WRITE_ERROR:
    if (t.too_big) {
      return fail(Errc::protocol, "https: {}: the answer is larger than {} bytes", t.what,
                  t.max_body);
    }
    [[fallthrough]];
  default: return fail(Errc::connection, "https: {}: {}", t.what, display_text(detail));
  }
}

// The process's one curl multi handle and the thread that drives it.
class CurlLoop {
public:
  static CurlLoop& instance() {
    static CurlLoop loop;
    return loop;
  }

  void add(std::unique_ptr<Transfer> transfer) {
    {
      const std::lock_guard lock(m_mutex);
      m_incoming.push_back(std::move(transfer));
    }
    curl_multi_wakeup(m_multi);
  }

private:
  CurlLoop() {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    m_multi = curl_multi_init();
    // Keep a few idle connections per router for the next poll.
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 1024L);
    m_thread = std::thread([this] { run(); });
  }
  ~CurlLoop() {
    {
      const std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    curl_multi_wakeup(m_multi);
    m_thread.join();
    for (auto& [easy, t] : m_running) curl_multi_remove_handle(m_multi, easy);
    m_running.clear();
    curl_multi_cleanup(m_multi);
  }

  void run() {
    for (;;) {
      {
        const std::lock_guard lock(m_mutex);
        if (m_stop) return;
        for (auto& t : m_incoming) {
          CURL* easy = t->easy;
          curl_multi_add_handle(m_multi, easy);
          m_running.emplace(easy, std::move(t));
        }
        m_incoming.clear();
      }
      int still_running = 0;
      curl_multi_perform(m_multi, &still_running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(m_multi, &queued)) {
        if (msg->msg != CURLMSG_DONE) continue;
        auto it = m_running.find(msg->easy_handle);
        if (it == m_running.end()) continue;
        std::unique_ptr<Transfer> t = std::move(it->second);
        m_running.erase(it);
        curl_multi_remove_handle(m_multi, t->easy);
        auto result = std::make_shared<Result<RestResponse>>(outcome(*t, msg->data.result));
        const std::lock_guard open(t->gate->mutex);
        if (t->gate->closed.load()) continue;  // nobody waits, and the executor may be gone
        asio::post(t->executor,
                   [done = std::move(t->done), result]() mutable { done(std::move(*result)); });
      }
      curl_multi_poll(m_multi, nullptr, 0, 1000, nullptr);
    }
  }

  CURLM* m_multi = nullptr;
  std::mutex m_mutex;
  std::vector<std::unique_ptr<Transfer>> m_incoming;
  std::map<CURL*, std::unique_ptr<Transfer>> m_running;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace

Result<std::shared_ptr<RestChannel>> RestChannel::make(asio::any_io_executor executor,
                                                       const Endpoint& endpoint, std::string user,
                                                       std::string password, RestOptions options) {
  if (endpoint.tls_options.verify == TlsVerify::adh) {
    return fail(Errc::config,
                "rest: anonymous DH (adh) is for api-ssl only; HTTPS needs a certificate (use "
                "full with the router's CA, or none)");
  }
  auto state = std::make_shared<State>();
  state->executor = std::move(executor);
  const std::uint16_t port = endpoint.port != 0 ? endpoint.port : 443;
  const std::string host =
      endpoint.host.find(':') != std::string::npos ? "[" + endpoint.host + "]" : endpoint.host;
  state->base_url = fmt::format("https://{}:{}", host, port);
  state->host = endpoint.host;
  state->peer = fmt::format("{}:{} (REST)", host, port);
  state->user = std::move(user);
  state->password = std::move(password);
  state->tls = endpoint.tls_options;
  state->options = options;
  return std::shared_ptr<RestChannel>(new RestChannel(std::move(state)));
}

RestChannel::~RestChannel() { close(); }

void RestChannel::set_credentials(std::string user, std::string password) {
  m_state->user = std::move(user);
  m_state->password = std::move(password);
}

void RestChannel::close() {
  const std::lock_guard lock(m_state->gate->mutex);
  m_state->gate->closed.store(true);
}

std::string RestChannel::peer() const { return m_state->peer; }

void RestChannel::start(RestRequest request, Deadline deadline,
                        std::function<void(Result<RestResponse>)> done) {
  auto t = std::make_unique<Transfer>();
  t->what = request.method + " " + request.target;
  t->host = m_state->host;
  t->peer = m_state->peer;
  t->max_body = m_state->options.max_body_bytes;
  t->gate = m_state->gate;
  t->executor = m_state->executor;
  t->done = std::move(done);
  t->request_body = std::move(request.body);
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0 || m_state->gate->closed.load()) {
    auto result = left.count() <= 0 ? fail(Errc::timeout, "https: {} timed out", t->what)
                                    : fail(Errc::cancelled, "https: {}: session closed", t->what);
    asio::post(t->executor, [done = std::move(t->done), result]() mutable { done(result); });
    return;
  }
  CURL* easy = curl_easy_init();
  t->easy = easy;
  const std::string url = m_state->base_url + request.target;
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(left.count()));
  curl_easy_setopt(easy, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(easy, CURLOPT_USERNAME, m_state->user.c_str());
  curl_easy_setopt(easy, CURLOPT_PASSWORD, m_state->password.c_str());
  curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, t->error_buffer);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, t.get());
  curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(easy, CURLOPT_XFERINFODATA, t.get());
  curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
  if (m_state->tls.verify == TlsVerify::none) {
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
  } else if (!m_state->tls.ca_file.empty()) {
    curl_easy_setopt(easy, CURLOPT_CAINFO, m_state->tls.ca_file.c_str());
  }
  t->headers = curl_slist_append(t->headers, "Accept: application/json");
  if (request.method == "POST") {
    t->headers = curl_slist_append(t->headers, "Content-Type: application/json");
    curl_easy_setopt(easy, CURLOPT_POST, 1L);
    curl_easy_setopt(easy, CURLOPT_POSTFIELDS, t->request_body.c_str());
    curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(t->request_body.size()));
  }
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, t->headers);
  CurlLoop::instance().add(std::move(t));
}

}  // namespace ill::routeros
