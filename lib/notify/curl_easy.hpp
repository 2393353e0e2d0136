// Inside notify/: a libcurl easy handle that owns what it was given (header lists, MIME) and
// keeps the server's replies (SMTP response lines), never what ill sent, so AUTH stays unseen.
#pragma once

#include "core/result.hpp"

#include <curl/curl.h>

#include <string>
#include <vector>

namespace ill::notify::detail {

class CurlEasy {
public:
  CurlEasy();  // initialises libcurl once per process
  ~CurlEasy();
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;

  CURL* get() const { return m_curl; }
  // A header list the handle owns until it goes away (CURLOPT_HTTPHEADER, CURLOPT_MAIL_RCPT).
  curl_slist* list(const std::vector<std::string>& items);
  // Collects the response body (HTTP).
  void capture_body();
  // Collects the server's reply lines (SMTP), via the debug callback.
  void capture_replies();

  // Runs the transfer. On failure the error names curl's reason and the server's last reply.
  Status perform();

  const std::string& body() const { return m_body; }
  // The last reply line of the server ("250 2.0.0 OK queued", "550 5.1.1 no such user").
  std::string last_reply() const;
  void clear_replies() { m_replies.clear(); }

private:
  static std::size_t on_write(char* data, std::size_t size, std::size_t n, void* self);
  static int on_debug(CURL* curl, curl_infotype type, char* data, std::size_t size, void* self);

  CURL* m_curl = nullptr;
  std::vector<curl_slist*> m_lists;
  std::string m_body;
  std::vector<std::string> m_replies;
  char m_error[CURL_ERROR_SIZE] = {};
};

}  // namespace ill::notify::detail

namespace ill::notify::detail {

struct HttpReply {
  long status = 0;
  std::string body;
};

// POSTs `body` as application/json with `headers` ("Name: value"). A reply of any status is a
// value; only a transfer failure (refused, timed out, TLS) is an error.
Result<HttpReply> post_json(const std::string& url, const std::string& body,
                            const std::vector<std::string>& headers, int timeout_s);

// "HTTP 500: <first 200 bytes of the body>" for error messages.
std::string describe(const HttpReply& reply);

}  // namespace ill::notify::detail
