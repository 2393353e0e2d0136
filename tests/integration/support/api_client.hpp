// A deliberately plain RouterOS API client for tests of ill-sim: a blocking socket (or OpenSSL
// TLS), the routeros codec, and a deadline on every read. It reports exactly what arrived, so
// tests can assert on reply order, tags, faults and closed connections.
#pragma once

#include "routeros/decoder.hpp"
#include "routeros/sentence.hpp"

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ill::test {

enum class ClientTls {
  none,
  certificate,  // TLS, verifying against `ca_file` when given
  anonymous,    // ADH at security level 0, TLS 1.2
};

struct ReadResult {
  enum class Kind { sentence, timeout, closed, protocol_error };
  Kind kind = Kind::timeout;
  routeros::Sentence sentence;
  std::string error;
  bool ok() const { return kind == Kind::sentence; }
};

class ApiClient {
public:
  // Connects (and handshakes); throws std::runtime_error on failure.
  ApiClient(const std::string& address, int port, ClientTls tls = ClientTls::none,
            const std::string& ca_file = {});
  ~ApiClient();
  ApiClient(const ApiClient&) = delete;
  ApiClient& operator=(const ApiClient&) = delete;

  void send(const std::vector<std::string>& words);
  void send_raw(std::string_view bytes);
  ReadResult read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Reads sentences until a !done (or !fatal) for `tag` ("" = untagged); every sentence read
  // (any tag) is returned in order. Throws on timeout or close.
  std::vector<routeros::Sentence> read_until_done(
      const std::string& tag = "", std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // send + read_until_done.
  std::vector<routeros::Sentence> call(const std::vector<std::string>& words,
                                       std::chrono::milliseconds timeout = std::chrono::seconds(5));
  // Modern login; returns the reply sentences.
  std::vector<routeros::Sentence> login(const std::string& user, const std::string& password);
  // True when the peer closes the connection within `timeout` (any bytes before are dropped).
  bool closed_within(std::chrono::milliseconds timeout);
  // Raw bytes received within `timeout` (for fault tests), at most `max` bytes.
  std::string read_raw(std::size_t max, std::chrono::milliseconds timeout);

  // The TLS cipher negotiated ("" for plain).
  std::string cipher() const;
  std::string tls_version() const;

private:
  // Reads some bytes; 0 = closed, -1 = timeout, -2 = error.
  long receive(char* buffer, std::size_t size, std::chrono::milliseconds timeout);

  int m_fd = -1;
  struct Tls;
  std::unique_ptr<Tls> m_tls;
  routeros::Decoder m_decoder;
  bool m_closed = false;
};

}  // namespace ill::test
