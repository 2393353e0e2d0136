#include "notify/curl_easy.hpp"

#include <fmt/format.h>

#include <mutex>

namespace ill::notify::detail {

CurlEasy::CurlEasy() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  m_curl = curl_easy_init();
  curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(m_curl, CURLOPT_ERRORBUFFER, m_error);
}

CurlEasy::~CurlEasy() {
  if (m_curl) curl_easy_cleanup(m_curl);
  for (auto* l : m_lists) curl_slist_free_all(l);
}

curl_slist* CurlEasy::list(const std::vector<std::string>& items) {
  curl_slist* head = nullptr;
  for (const auto& item : items) head = curl_slist_append(head, item.c_str());
  m_lists.push_back(head);
  return head;
}

std::size_t CurlEasy::on_write(char* data, std::size_t size, std::size_t n, void* self) {
  static_cast<CurlEasy*>(self)->m_body.append(data, size * n);
  return size * n;
}

int CurlEasy::on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* self) {
  if (type != CURLINFO_HEADER_IN) return 0;  // only what the server said
  std::string line(data, size);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  auto& replies = static_cast<CurlEasy*>(self)->m_replies;
  replies.push_back(std::move(line));
  if (replies.size() > 16) replies.erase(replies.begin());
  return 0;
}

void CurlEasy::capture_body() {
  curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, &CurlEasy::on_write);
  curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, this);
}

void CurlEasy::capture_replies() {
  curl_easy_setopt(m_curl, CURLOPT_DEBUGFUNCTION, &CurlEasy::on_debug);
  curl_easy_setopt(m_curl, CURLOPT_DEBUGDATA, this);
  curl_easy_setopt(m_curl, CURLOPT_VERBOSE, 1L);
}

std::string CurlEasy::last_reply() const { return m_replies.empty() ? "" : m_replies.back(); }

Status CurlEasy::perform() {
  m_error[0] = '\0';
  m_body.clear();
  CURLcode rc = curl_easy_perform(m_curl);
  if (rc == CURLE_OK) return {};
  std::string reason = m_error[0] ? m_error : curl_easy_strerror(rc);
  std::string reply = last_reply();
  if (!reply.empty() && reason.find(reply) == std::string::npos)
    reason += " (server: " + reply + ")";
  switch (rc) {
  case CURLE_COULDNT_CONNECT:
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_SSL_CONNECT_ERROR:
  case CURLE_PEER_FAILED_VERIFICATION:
  case CURLE_USE_SSL_FAILED: return fail(Errc::unreachable, "{}", reason);
  case CURLE_OPERATION_TIMEDOUT: return fail(Errc::timeout, "{}", reason);
  case CURLE_LOGIN_DENIED: return fail(Errc::auth, "{}", reason);
  default: return fail(Errc::remote, "{}", reason);
  }
}

}  // namespace ill::notify::detail

namespace ill::notify::detail {

Result<HttpReply> post_json(const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers, int timeout_s) {
  CurlEasy easy;
  CURL* curl = easy.get();
  std::vector<std::string> all = {"Content-Type: application/json", "Expect:"};
  all.insert(all.end(), headers.begin(), headers.end());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, easy.list(all));
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(timeout_s));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout_s));
  easy.capture_body();
  if (auto st = easy.perform(); !st) return fail(st.error());
  HttpReply reply;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
  reply.body = easy.body();
  return reply;
}

std::string describe(const HttpReply& reply) {
  std::string text = reply.body.substr(0, 200);
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text.empty() ? fmt::format("HTTP {}", reply.status)
                      : fmt::format("HTTP {}: {}", reply.status, text);
}

}  // namespace ill::notify::detail
