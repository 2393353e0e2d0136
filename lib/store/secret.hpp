// A plaintext secret (router password, SSH passphrase, portal password) in memory. It has no
// formatter and no stream operator, so it cannot be printed or logged by accident, and its
// bytes are wiped when it goes away.
#pragma once

#include <string>
#include <string_view>

namespace ill::store {

class Secret {
public:
  Secret() = default;
  explicit Secret(std::string value) : m_value(std::move(value)) {}
  ~Secret();
  Secret(const Secret& other) = default;
  Secret& operator=(const Secret& other) = default;
  Secret(Secret&& other) noexcept = default;
  Secret& operator=(Secret&& other) noexcept = default;

  // The plaintext, for the one place that needs it (the login, the hash).
  std::string_view reveal() const { return m_value; }
  bool empty() const { return m_value.empty(); }

private:
  std::string m_value;
};

}  // namespace ill::store
