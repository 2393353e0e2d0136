#include "config/config.hpp"

#include "config/key_def.hpp"

#include "config/listen_address.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <variant>

namespace ill::config {
namespace {

using detail::as;
using detail::KeyDef;
using detail::Raw;

// The keys of the core sections; other sections add theirs in definitions().
std::vector<KeyDef> core_definitions() {
  return {
      {.info = {.name = "db",
                .type = ValueType::string,
                .description =
                    "Path of the SQLite database that holds the inventory, samples and reports.",
                .env = "ILL_DB",
                .flag = "--db"},
       .set = [](Config& c, const Raw& v) { c.db = as<std::string>(v); },
       .get = [](const Config& c) { return c.db; }},
      {.info = {.name = "key_file",
                .type = ValueType::string,
                .description =
                    "Path of the key that encrypts router passwords (made by `illctl init`, "
                    "mode 0600). Empty: ill.key beside the config file, or beside the "
                    "database when there is no file.",
                .env = "ILL_KEY_FILE"},
       .set = [](Config& c, const Raw& v) { c.key_file = as<std::string>(v); },
       .get = [](const Config& c) { return c.key_file; },
       .allow_empty = true},
      {.info = {.name = "log_level",
                .type = ValueType::choice,
                .description = "Least severe log messages shown.",
                .env = "ILL_LOG_LEVEL",
                .flag = "--log-level",
                .choices = {"trace", "debug", "info", "warn", "error", "off"}},
       .set = [](Config& c, const Raw& v) { c.log_level = as<std::string>(v); },
       .get = [](const Config& c) { return c.log_level; }},
      {.info = {.name = "poll.interval_s",
                .type = ValueType::integer,
                .description = "Seconds between two polls of a router (a router may override it).",
                .min = 10,
                .max = 300},
       .set = [](Config& c,
                 const Raw& v) { c.poll.interval_s = static_cast<int>(as<std::int64_t>(v)); },
       .get = [](const Config& c) { return std::to_string(c.poll.interval_s); }},
      {.info = {.name = "poll.timeout_s",
                .type = ValueType::integer,
                .description =
                    "Seconds allowed for connecting, logging in and each command before a "
                    "router counts as unreachable.",
                .min = 1,
                .max = 120},
       .set = [](Config& c,
                 const Raw& v) { c.poll.timeout_s = static_cast<int>(as<std::int64_t>(v)); },
       .get = [](const Config& c) { return std::to_string(c.poll.timeout_s); }},
      {.info = {.name = "poll.ping_count",
                .type = ValueType::integer,
                .description = "Probes sent to each link's probe target in every poll.",
                .min = 1,
                .max = 10},
       .set = [](Config& c,
                 const Raw& v) { c.poll.ping_count = static_cast<int>(as<std::int64_t>(v)); },
       .get = [](const Config& c) { return std::to_string(c.poll.ping_count); }},
      {.info = {.name = "poll.ping_interval_ms",
                .type = ValueType::integer,
                .description = "Milliseconds between two probes of one poll; ping_count probes "
                               "must fit in poll.timeout_s.",
                .min = 10,
                .max = 5000},
       .set = [](Config& c,
                 const Raw& v) { c.poll.ping_interval_ms = static_cast<int>(as<std::int64_t>(v)); },
       .get = [](const Config& c) { return std::to_string(c.poll.ping_interval_ms); }},
      {.info = {.name = "poll.backoff_max_s",
                .type = ValueType::integer,
                .description = "Longest wait, in seconds, between two attempts to reach a router "
                               "that does not answer (the wait doubles from 5 s up to this).",
                .min = 10,
                .max = 3600},
       .set = [](Config& c,
                 const Raw& v) { c.poll.backoff_max_s = static_cast<int>(as<std::int64_t>(v)); },
       .get = [](const Config& c) { return std::to_string(c.poll.backoff_max_s); }},
      {.info = {.name = "retention.samples_days",
                .type = ValueType::integer,
                .description = "Days raw samples and router health are kept.",
                .min = 1,
                .max = 3650},
       .set =
           [](Config& c, const Raw& v) {
             c.retention.samples_days = static_cast<int>(as<std::int64_t>(v));
           },
       .get = [](const Config& c) { return std::to_string(c.retention.samples_days); }},
      {.info = {.name = "retention.rollups_5m_days",
                .type = ValueType::integer,
                .description = "Days 5-minute rollups are kept (95th-percentile billing reads "
                               "them); 1-hour rollups are kept for good.",
                .min = 1,
                .max = 36500},
       .set =
           [](Config& c, const Raw& v) {
             c.retention.rollups_5m_days = static_cast<int>(as<std::int64_t>(v));
           },
       .get = [](const Config& c) { return std::to_string(c.retention.rollups_5m_days); }},
      {.info = {.name = "http.listen",
                .type = ValueType::string,
                .description =
                    "Address and port of illd's HTTP listener, which serves /metrics and "
                    "the client portal: IPv4:PORT or [IPv6]:PORT.",
                .env = "ILL_HTTP_LISTEN"},
       .set = [](Config& c, const Raw& v) { c.http.listen = as<std::string>(v); },
       .get = [](const Config& c) { return c.http.listen; },
       .check = [](const Raw& v) -> Status {
         auto parsed = parse_listen_address(as<std::string>(v));
         if (!parsed) return fail(Errc::config, "{}", parsed.error().message());
         return {};
       }},
      {.info = {.name = "sla.excluded_time",
                .type = ValueType::choice,
                .description = "Planned maintenance counts as available time (available) or is "
                               "taken out of the scheduled time (removed).",
                .choices = {"available", "removed"}},
       .set = [](Config& c, const Raw& v) { c.sla.excluded_time = as<std::string>(v); },
       .get = [](const Config& c) { return c.sla.excluded_time; }},
      {.info = {.name = "sla.unknown",
                .type = ValueType::choice,
                .description = "Time ill could not see a link: reported only (not_down), counted "
                               "as down (down), or taken out of the scheduled time (excluded).",
                .choices = {"not_down", "down", "excluded"}},
       .set = [](Config& c, const Raw& v) { c.sla.unknown = as<std::string>(v); },
       .get = [](const Config& c) { return c.sla.unknown; }},
      {.info = {.name = "sla.merge_gap_s",
                .type = ValueType::integer,
                .description = "Outages separated by at most this many seconds of up time merge "
                               "into one.",
                .min = 0,
                .max = 86400},
       .set = [](Config& c, const Raw& v) { c.sla.merge_gap_s = as<std::int64_t>(v); },
       .get = [](const Config& c) { return std::to_string(c.sla.merge_gap_s); }},
      {.info = {.name = "sla.min_outage_s",
                .type = ValueType::integer,
                .description = "Outages shorter than this many seconds are not counted as outages "
                               "(their time is still downtime).",
                .min = 0,
                .max = 86400},
       .set = [](Config& c, const Raw& v) { c.sla.min_outage_s = as<std::int64_t>(v); },
       .get = [](const Config& c) { return std::to_string(c.sla.min_outage_s); }},
      {.info = {.name = "sla.percentile",
                .type = ValueType::choice,
                .description = "95th percentile by nearest rank (the billing convention) or by "
                               "linear interpolation.",
                .choices = {"nearest_rank", "interpolated"}},
       .set = [](Config& c, const Raw& v) { c.sla.percentile = as<std::string>(v); },
       .get = [](const Config& c) { return c.sla.percentile; }},
      {.info = {.name = "sla.counted_causes",
                .type = ValueType::string,
                .description = "Outage causes that count against the SLA, comma-separated: "
                               "provider, customer, planned, power, monitoring."},
       .set = [](Config& c, const Raw& v) { c.sla.counted_causes = as<std::string>(v); },
       .get = [](const Config& c) { return c.sla.counted_causes; },
       .allow_empty = true,
       .check = [](const Raw& v) -> Status {
         const auto& text = std::get<std::string>(v);  // a view of the value, not of a copy
         std::string_view rest = text;
         while (!rest.empty()) {
           auto comma = rest.find(',');
           auto item = rest.substr(0, comma);
           while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
           while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
           static constexpr std::string_view k_causes[] = {"provider", "customer", "planned",
                                                           "power", "monitoring"};
           if (std::find(std::begin(k_causes), std::end(k_causes), item) == std::end(k_causes)) {
             return fail(Errc::config,
                         "'{}' is not a cause (provider, customer, planned, power, "
                         "monitoring)",
                         item);
           }
           rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
         }
         return {};
       }},
      {.info = {.name = "report.isp_name",
                .type = ValueType::string,
                .description = "The ISP's name, printed on the cover and in the footer of every "
                               "page of a PDF report, and in CSV and JSON reports' metadata.",
                .env = "ILL_REPORT_ISP_NAME"},
       .set = [](Config& c, const Raw& v) { c.report.isp_name = as<std::string>(v); },
       .get = [](const Config& c) { return c.report.isp_name; },
       .allow_empty = true},
      {.info = {.name = "ssh.known_hosts",
                .type = ValueType::string,
                .description =
                    "OpenSSH known_hosts file holding the host keys of SSH routers and jump "
                    "hosts; a key not in it is refused (illctl router trust records one). Empty: "
                    "known_hosts beside the database.",
                .env = "ILL_SSH_KNOWN_HOSTS"},
       .set = [](Config& c, const Raw& v) { c.ssh.known_hosts = as<std::string>(v); },
       .get = [](const Config& c) { return c.ssh.known_hosts; },
       .allow_empty = true},
  };
}

const std::vector<KeyDef>& definitions() {
  static const std::vector<KeyDef> k_all = [] {
    std::vector<KeyDef> all = core_definitions();
    for (auto& def : detail::notify_key_definitions()) all.push_back(std::move(def));
    detail::append_portal_keys(all);
    return all;
  }();
  return k_all;
}

const KeyDef* find_def(std::string_view name) {
  const auto& defs = definitions();
  auto it =
      std::find_if(defs.begin(), defs.end(), [&](const KeyDef& d) { return d.info.name == name; });
  return it == defs.end() ? nullptr : &*it;
}

bool is_section(std::string_view name) {
  return std::any_of(definitions().begin(), definitions().end(), [&](const KeyDef& d) {
    return d.info.name.size() > name.size() && d.info.name.starts_with(name) &&
           d.info.name[name.size()] == '.';
  });
}

std::string_view type_phrase(ValueType type) {
  switch (type) {
  case ValueType::string: return "a string";
  case ValueType::integer: return "an integer";
  case ValueType::boolean: return "a boolean (true or false)";
  case ValueType::choice: return "a string";
  }
  return "a value";
}

// Checks a value of the right type against the key's range, choices or emptiness rule.
Status validate(const KeyDef& def, const Raw& raw) {
  const KeyInfo& info = def.info;
  switch (info.type) {
  case ValueType::integer: {
    auto v = as<std::int64_t>(raw);
    if (v < info.min || v > info.max) {
      return fail(Errc::config, "{} is out of range {}..{}", v, info.min, info.max);
    }
    break;
  }
  case ValueType::choice: {
    const auto& v = as<std::string>(raw);
    if (std::find(info.choices.begin(), info.choices.end(), v) == info.choices.end()) {
      std::string list;
      for (auto c : info.choices) list += (list.empty() ? "" : ", ") + std::string(c);
      return fail(Errc::config, "'{}' is not one of {}", v, list);
    }
    break;
  }
  case ValueType::string:
    if (!def.allow_empty && as<std::string>(raw).empty()) {
      return fail(Errc::config, "must not be empty");
    }
    break;
  case ValueType::boolean: break;
  }
  if (def.check) return def.check(raw);
  return {};
}

std::string_view toml_type_name(const toml::node& node) {
  switch (node.type()) {
  case toml::node_type::string: return "a string";
  case toml::node_type::integer: return "an integer";
  case toml::node_type::floating_point: return "a floating-point number";
  case toml::node_type::boolean: return "a boolean";
  case toml::node_type::array: return "an array";
  case toml::node_type::table: return "a table";
  default: return "a date or time";
  }
}

Result<Raw> from_toml(const KeyDef& def, const toml::node& node) {
  switch (def.info.type) {
  case ValueType::string:
  case ValueType::choice:
    if (auto v = node.value<std::string>(); v && node.is_string()) return Raw{*v};
    break;
  case ValueType::integer:
    if (node.is_integer()) return Raw{*node.value<std::int64_t>()};
    break;
  case ValueType::boolean:
    if (node.is_boolean()) return Raw{*node.value<bool>()};
    break;
  }
  return fail(Errc::config, "expected {}, found {}", type_phrase(def.info.type),
              toml_type_name(node));
}

Result<Raw> from_text(const KeyDef& def, const std::string& text) {
  switch (def.info.type) {
  case ValueType::string:
  case ValueType::choice: return Raw{text};
  case ValueType::integer: {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
      return fail(Errc::config, "expected an integer, found '{}'", text);
    }
    return Raw{v};
  }
  case ValueType::boolean:
    if (text == "true" || text == "yes" || text == "1") return Raw{true};
    if (text == "false" || text == "no" || text == "0") return Raw{false};
    return fail(Errc::config, "expected true or false, found '{}'", text);
  }
  return fail(Errc::internal, "unhandled value type");
}

// Applies one value to the config after checking it; on error names the place and key.
Status apply(LoadedConfig& out, const KeyDef& def, Result<Raw> raw, Provenance where) {
  if (raw) {
    if (auto ok = validate(def, *raw); !ok) raw = fail(ok.error());
  }
  if (!raw) {
    return fail(Errc::config, "{}: {}: {}", where.where, def.info.name, raw.error().message());
  }
  def.set(out.values, *raw);
  out.origins[std::string(def.info.name)] = std::move(where);
  return {};
}

void walk(const toml::table& table, const std::string& prefix, std::string_view origin,
          LoadedConfig& out, std::vector<std::string>& errors) {
  for (const auto& [key, node] : table) {
    std::string name =
        prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    std::string where = fmt::format("{}:{}", origin, key.source().begin.line);
    if (const auto* sub = node.as_table()) {
      if (is_section(name)) {
        walk(*sub, name, origin, out, errors);
      } else {
        errors.push_back(fmt::format("{}: unknown section '[{}]'", where, name));
      }
      continue;
    }
    const KeyDef* def = find_def(name);
    if (def == nullptr) {
      errors.push_back(fmt::format("{}: unknown key '{}'", where, name));
      continue;
    }
    if (auto ok = apply(out, *def, from_toml(*def, node), {Origin::file, where}); !ok) {
      errors.push_back(ok.error().message());
    }
  }
}

LoadedConfig defaults() {
  LoadedConfig out;
  for (const auto& def : definitions()) out.origins[std::string(def.info.name)] = {};
  return out;
}

Status join(const std::vector<std::string>& errors) {
  if (errors.empty()) return {};
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : "\n") + e;
  return fail(Errc::config, "{}", message);
}

Status parse_into(LoadedConfig& out, std::string_view text, std::string_view origin) {
  toml::table table;
  try {
    table = toml::parse(text, origin);
  } catch (const toml::parse_error& e) {
    return fail(Errc::config, "{}:{}:{}: {}", origin, e.source().begin.line,
                e.source().begin.column, e.description());
  }
  std::vector<std::string> errors;
  walk(table, "", origin, out, errors);
  return join(errors);
}

// "poll.timeout_s = 10 (illd.conf:4)" or "poll.timeout_s = 10 (default)".
std::string setting(const LoadedConfig& c, std::string_view key) {
  const KeyDef* def = find_def(key);
  const auto origin = c.origins.find(key);
  std::string where = "default";
  if (origin != c.origins.end() && !origin->second.where.empty()) where = origin->second.where;
  return fmt::format("{} = {} ({})", key, def ? def->get(c.values) : "?", where);
}

// The rules that join keys; each error names every key involved and where it was set.
Status cross_check(const LoadedConfig& c) {
  std::vector<std::string> errors;
  const auto& poll = c.values.poll;
  const long long probes_ms = static_cast<long long>(poll.ping_count) * poll.ping_interval_ms;
  if (probes_ms >= static_cast<long long>(poll.timeout_s) * 1000) {
    errors.push_back(
        fmt::format("{} x {} must be shorter than {}, or no poll could finish before its timeout",
                    setting(c, "poll.ping_count"), setting(c, "poll.ping_interval_ms"),
                    setting(c, "poll.timeout_s")));
  }
  if (probes_ms >= static_cast<long long>(poll.interval_s) * 1000) {
    errors.push_back(
        fmt::format("{} x {} must be shorter than {}, or every poll would overrun its slot",
                    setting(c, "poll.ping_count"), setting(c, "poll.ping_interval_ms"),
                    setting(c, "poll.interval_s")));
  }
  auto metrics_at = parse_listen_address(c.values.http.listen);
  auto portal_at = parse_listen_address(c.values.portal.listen);
  auto wildcard = [](const ListenAddress& a) { return a.host == "0.0.0.0" || a.host == "::"; };
  if (c.values.portal.enabled && metrics_at && portal_at && metrics_at->port != 0 &&
      metrics_at->port == portal_at->port &&
      (metrics_at->host == portal_at->host || wildcard(*metrics_at) || wildcard(*portal_at))) {
    errors.push_back(fmt::format("{} and {} must differ: the portal has a listener of its own",
                                 setting(c, "portal.listen"), setting(c, "http.listen")));
  }
  return join(errors);
}

}  // namespace

std::filesystem::path Config::key_path() const {
  if (!key_file.empty()) return key_file;
  if (source_file) return source_file->parent_path() / k_key_file_name;
  std::filesystem::path db_path(db);
  return (db_path.has_parent_path() ? db_path.parent_path() : std::filesystem::path(".")) /
         k_key_file_name;
}

std::filesystem::path Config::known_hosts_path() const {
  if (!ssh.known_hosts.empty()) return ssh.known_hosts;
  std::filesystem::path db_path(db);
  return (db_path.has_parent_path() ? db_path.parent_path() : std::filesystem::path(".")) /
         "known_hosts";
}

std::string_view to_string(Origin origin) {
  switch (origin) {
  case Origin::default_value: return "default";
  case Origin::file: return "file";
  case Origin::environment: return "environment";
  case Origin::flag: return "flag";
  }
  return "unknown";
}

std::string_view to_string(ValueType type) {
  switch (type) {
  case ValueType::string: return "string";
  case ValueType::integer: return "integer";
  case ValueType::boolean: return "boolean";
  case ValueType::choice: return "choice";
  }
  return "unknown";
}

const std::vector<KeyInfo>& keys() {
  static const std::vector<KeyInfo> k_keys = [] {
    std::vector<KeyInfo> out;
    for (const auto& def : definitions()) out.push_back(def.info);
    return out;
  }();
  return k_keys;
}

const KeyInfo* find_key(std::string_view name) {
  const KeyDef* def = find_def(name);
  return def ? &def->info : nullptr;
}

std::string value_of(const Config& config, std::string_view key) {
  const KeyDef* def = find_def(key);
  return def ? def->get(config) : std::string();
}

Result<LoadedConfig> parse(std::string_view toml_text, std::string_view origin_name) {
  LoadedConfig out = defaults();
  if (auto ok = parse_into(out, toml_text, origin_name); !ok) return fail(ok.error());
  if (auto ok = cross_check(out); !ok) return fail(ok.error());
  return out;
}

Result<LoadedConfig> load(const LoadRequest& request) {
  auto getenv =
      request.getenv ? request.getenv : [](const char* n) -> const char* { return std::getenv(n); };
  LoadedConfig out = defaults();

  // 1. The file: --config, then $ILL_CONFIG, then the system path when it exists.
  std::optional<std::filesystem::path> file = request.config_path;
  std::string_view named_by = "--config";
  if (!file) {
    if (const char* env = getenv("ILL_CONFIG"); env != nullptr && *env != '\0') {
      file = env;
      named_by = "ILL_CONFIG";
    }
  }
  if (!file) {
    std::error_code ec;
    if (std::filesystem::exists(request.system_path, ec)) file = request.system_path;
  }
  if (file) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
      return fail(Errc::config, "cannot read configuration file {} (named by {}): {}",
                  file->string(),
                  file == request.system_path ? std::string_view("default path") : named_by,
                  std::strerror(errno));
    }
    std::stringstream text;
    text << in.rdbuf();
    if (auto ok = parse_into(out, text.str(), file->string()); !ok) return fail(ok.error());
    out.values.source_file = *file;
  }

  // 2. Environment, then 3. flags.
  std::vector<std::string> errors;
  for (const auto& def : definitions()) {
    if (def.info.env.empty()) continue;
    std::string env_name(def.info.env);
    if (const char* value = getenv(env_name.c_str()); value != nullptr) {
      if (auto ok = apply(out, def, from_text(def, value), {Origin::environment, env_name}); !ok) {
        errors.push_back(ok.error().message());
      }
    }
  }
  for (const auto& [key, value] : request.flags) {
    const KeyDef* def = find_def(key);
    if (def == nullptr) return fail(Errc::internal, "flag for unknown configuration key '{}'", key);
    std::string flag = def->info.flag.empty() ? std::string(key) : std::string(def->info.flag);
    if (auto ok = apply(out, *def, from_text(*def, value), {Origin::flag, flag}); !ok) {
      errors.push_back(ok.error().message());
    }
  }
  if (auto ok = join(errors); !ok) return fail(ok.error());
  if (auto ok = cross_check(out); !ok) return fail(ok.error());
  return out;
}

}  // namespace ill::config
