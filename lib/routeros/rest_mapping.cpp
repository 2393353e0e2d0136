#include "routeros/rest_mapping.hpp"

#include "routeros/display_text.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ill::routeros {
namespace {

// Percent-encodes a query-string value (RFC 3986 unreserved characters stay as they are).
std::string url_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

// RouterOS's own text for a JSON scalar.
Result<std::string> value_text(const nlohmann::json& value, std::string_view key) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return std::string(value.get<bool>() ? "true" : "false");
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float())
    return value.dump();
  if (value.is_null()) return std::string();
  return fail(Errc::protocol, "field '{}' is not a plain value", display_text(key));
}

Result<Sentence> row_from(const nlohmann::json& object) {
  if (!object.is_object()) return fail(Errc::protocol, "a row is not a JSON object");
  Sentence row;
  row.add("!re");
  for (const auto& [key, value] : object.items()) {
    auto text = value_text(value, key);
    if (!text) return fail(std::move(text.error()));
    row.add("=" + key + "=" + *text);
  }
  return row;
}

}  // namespace

Result<RestRequest> rest_request_for(const Command& command) {
  const Sentence words = command.sentence();
  const std::string& path = command.path();
  std::vector<std::string> proplist, queries;
  nlohmann::json args = nlohmann::json::object();
  for (std::size_t i = 1; i < words.size(); ++i) {
    std::string_view w = words[i];
    if (w.starts_with(".tag=")) continue;
    if (w.starts_with("=.proplist=")) {
      proplist = split_commas(w.substr(11));
    } else if (w.starts_with('?')) {
      w.remove_prefix(1);
      if (w.starts_with('=')) w.remove_prefix(1);  // ?=name=value is name=value in .query
      queries.emplace_back(w);
    } else if (w.starts_with('=')) {
      auto eq = w.find('=', 1);
      if (eq == std::string_view::npos) return fail(Errc::usage, "bad argument word '{}'", w);
      args[std::string(w.substr(1, eq - 1))] = std::string(w.substr(eq + 1));
    }
  }
  constexpr std::string_view k_print = "/print";
  const bool print = path.size() > k_print.size() && path.ends_with(k_print);
  if (print && queries.empty() && args.empty()) {
    RestRequest out{"GET", "/rest" + path.substr(0, path.size() - k_print.size()), {}};
    if (!proplist.empty()) {
      std::string joined;
      for (const auto& p : proplist) joined += (joined.empty() ? "" : ",") + p;
      out.target += "?.proplist=" + url_encode(joined);
    }
    return out;
  }
  if (!proplist.empty()) args[".proplist"] = proplist;
  if (!queries.empty()) args[".query"] = queries;
  return RestRequest{"POST", "/rest" + path, args.dump()};
}

Result<Reply> rest_reply_from(const RestResponse& response, std::string_view what) {
  const long status = response.status;
  if (status >= 300 && status < 400) {
    return fail(Errc::protocol,
                "https: {} was redirected (HTTP {}{}); REST needs the router's "
                "own www-ssl service, not a proxy or login page",
                what, status,
                response.location.empty() ? "" : " to " + display_text(response.location));
  }
  nlohmann::json json = nlohmann::json::parse(response.body, nullptr, false);
  const bool is_json = !json.is_discarded();
  if (status == 401) {
    return fail(Errc::auth, "https: {}: HTTP 401 Unauthorized (user name or password refused)",
                what);
  }
  if (status != 200 && status != 201) {
    if (is_json && json.is_object() && json.contains("error")) {
      std::string detail = json.value("detail", std::string());
      std::string message = json.value("message", std::string());
      return fail(Errc::remote, "{}", display_text(detail.empty() ? message : detail));
    }
    return fail(Errc::protocol, "https: {}: HTTP {} without a RouterOS error body", what, status);
  }
  if (!is_json) {
    if (!response.content_type.empty() && response.content_type.find("json") == std::string::npos) {
      return fail(Errc::protocol, "https: {}: the answer is {}, not JSON", what,
                  display_text(response.content_type));
    }
    return fail(Errc::protocol, "https: {}: the answer is not valid JSON ({} bytes; truncated?)",
                what, response.body.size());
  }
  Reply reply;
  reply.done.add("!done");
  if (json.is_array()) {
    reply.rows.reserve(json.size());
    for (const auto& element : json) {
      auto row = row_from(element);
      if (!row) return fail(std::move(row.error()).with_context(fmt::format("https: {}", what)));
      reply.rows.push_back(std::move(*row));
    }
  } else if (json.is_object()) {
    if (!json.empty()) {
      auto row = row_from(json);
      if (!row) return fail(std::move(row.error()).with_context(fmt::format("https: {}", what)));
      // A command's result (e.g. =ret= of add) comes as an object with "ret".
      if (json.contains("ret") && json.size() == 1) {
        reply.done.add("=ret=" + value_text(json["ret"], "ret").value_or(std::string()));
      } else {
        reply.rows.push_back(std::move(*row));
      }
    }
  } else {
    return fail(Errc::protocol, "https: {}: the answer is neither a JSON array nor an object",
                what);
  }
  return reply;
}

}  // namespace ill::routeros
