// The library's one error model: a typed category, a message, and the context it was raised in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ill {

// What kind of failure this is. Front ends map it to exit codes (illctl) or log levels (illd);
// code that handles errors branches on it, never on message text.
enum class Errc {
  internal,       // a bug or an unexpected system failure
  usage,          // the caller asked for something that does not make sense
  not_found,      // a named object (router, link, file) does not exist
  unreachable,    // cannot connect: refused, no route, name not resolved, TLS failed
  timeout,        // a deadline passed
  auth,           // the peer refused our credentials
  invalid_input,  // data we were given is malformed (CSV row, config value, bytes)
  protocol,       // the peer broke the protocol (garbage bytes, unknown reply)
  remote,         // the peer reported an error of its own (RouterOS !trap)
  connection,     // an established connection was lost or closed (incl. RouterOS !fatal)
  database,       // SQLite failed, or the database is not one we can use
  io,             // a local file or device failed (disk full, permission denied)
  config,         // the configuration is invalid
  cancelled,      // the operation was cancelled on request
};

std::string_view to_string(Errc category);

class Error {
public:
  Error(Errc category, std::string message);

  Errc category() const { return m_category; }
  // The message without context, e.g. "invalid user name or password".
  const std::string& message() const { return m_message; }
  // Outermost first, e.g. {"router gw1", "login failed"}.
  const std::vector<std::string>& context() const { return m_context; }

  // Adds an outer layer of context: error.with_context("router gw1") reads
  // "router gw1: <what was there before>". Returns *this for chaining.
  Error& with_context(std::string outer) &;
  Error&& with_context(std::string outer) &&;

  // "router gw1: login failed: invalid user name or password".
  std::string what() const;

private:
  Errc m_category;
  std::string m_message;
  std::vector<std::string> m_context;
};

}  // namespace ill
