#include "core/error.hpp"

#include <utility>

namespace ill {

std::string_view to_string(Errc category) {
  switch (category) {
  case Errc::internal: return "internal";
  case Errc::usage: return "usage";
  case Errc::not_found: return "not-found";
  case Errc::unreachable: return "unreachable";
  case Errc::timeout: return "timeout";
  case Errc::auth: return "auth";
  case Errc::invalid_input: return "invalid-input";
  case Errc::protocol: return "protocol";
  case Errc::remote: return "remote";
  case Errc::connection: return "connection";
  case Errc::database: return "database";
  case Errc::io: return "io";
  case Errc::config: return "config";
  case Errc::cancelled: return "cancelled";
  }
  return "unknown";
}

Error::Error(Errc category, std::string message)
    : m_category(category), m_message(std::move(message)) {}

Error& Error::with_context(std::string outer) & {
  m_context.insert(m_context.begin(), std::move(outer));
  return *this;
}

Error&& Error::with_context(std::string outer) && {
  m_context.insert(m_context.begin(), std::move(outer));
  return std::move(*this);
}

std::string Error::what() const {
  std::string out;
  for (const auto& layer : m_context) {
    out += layer;
    out += ": ";
  }
  out += m_message;
  return out;
}

}  // namespace ill
