// ill's configuration: typed values, where each came from, and the one table of keys that drives
// parsing, validation, `illctl config show`, illd.conf(5) and the shell completions.
//
// Precedence, lowest to highest: built-in defaults, the TOML file, ILL_* environment variables,
// command-line flags. Every key has a default, so no file is needed. The file is the first of
// --config, $ILL_CONFIG, /etc/ill/illd.conf that is given (a file named explicitly must exist;
// the system path is used only when present).
#pragma once

#include "config/notify_settings.hpp"
#include "core/result.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ill::config {

inline constexpr std::string_view k_system_config_path = "/etc/ill/illd.conf";
inline constexpr std::string_view k_default_db_path = "/var/lib/ill/ill.db";
inline constexpr std::string_view k_key_file_name = "ill.key";

struct PollSettings {
  int interval_s = 60;  // how often illd polls each router (per-router override in the store)
  int timeout_s = 10;   // deadline for connecting, logging in and each command
  int ping_count = 3;   // probes per link target per poll
  int ping_interval_ms = 1000;
  int backoff_max_s = 300;  // longest wait between attempts to reach an unreachable router
};

struct RetentionSettings {
  int samples_days = 40;      // raw samples and router health
  int rollups_5m_days = 400;  // 5-minute rollups; 1-hour rollups are kept
};

struct HttpSettings {
  std::string listen = "127.0.0.1:9464";  // /metrics and the client portal
};

// The client portal (portal/): its own listener, so /metrics and the portal can be exposed
// separately. Limits keep slow or abusive clients from starving it; none of it touches polling.
struct PortalSettings {
  bool enabled = true;
  std::string listen = "127.0.0.1:8080";
  std::string tls_cert;  // PEM files; both or neither. Reloaded on SIGHUP.
  std::string tls_key;
  std::string trusted_proxies;  // comma-separated addresses whose X-Forwarded-* are believed
  std::string frame_ancestors = "'none'";  // CSP frame-ancestors sources
  std::string grafana_url;                 // base URL of the ISP's Grafana, or empty
  std::string require_2fa;                 // "", "*" or comma-separated client names
  std::string public_url;                  // base of invitation links; empty: from listen
  int invitation_ttl_s = 259200;           // 3 days
  int session_lifetime_s = 43200;          // absolute
  int session_idle_s = 1800;
  int refresh_s = 60;  // the dashboard's meta refresh
  int threads = 2;
  int max_connections = 256;
  int max_connections_per_address = 32;
  int timeout_s = 15;            // per connection, idle
  int max_header_bytes = 16384;  // request line and headers together
  int max_body_bytes = 8192;
};

// Deployment-wide SLA policy defaults; a link's own --sla-* settings override them
// (sla.md, "ill's exact rules"; the meaning of each in illd.conf(5)).
struct SlaSettings {
  std::string excluded_time = "available";  // available | removed
  std::string unknown = "not_down";         // not_down | down | excluded
  std::int64_t merge_gap_s = 0;
  std::int64_t min_outage_s = 0;
  std::string percentile = "nearest_rank";  // nearest_rank | interpolated
  std::string counted_causes = "provider";  // comma-separated outage causes that count
};

// The monthly documents (`illctl report`).
struct ReportSettings {
  std::string isp_name;  // printed in every report's footer and on its cover
};

// The SSH transport (routers with transport ssh).
struct SshSettings {
  std::string known_hosts;  // empty: known_hosts beside the database
};

struct Config {
  std::string db{k_default_db_path};
  std::string key_file;  // empty: ill.key beside the config file, or beside the database
  std::string log_level = "info";
  PollSettings poll;
  RetentionSettings retention;
  HttpSettings http;
  SlaSettings sla;
  SmtpSettings smtp;
  WebhookSettings webhook;
  WhatsappSettings whatsapp;
  AlertSettings alerts;
  PortalSettings portal;
  ReportSettings report;
  SshSettings ssh;

  // The file the values were read from, when there was one.
  std::optional<std::filesystem::path> source_file;

  // Where the secret-box key lives (see key_file).
  std::filesystem::path key_path() const;
  // The host keys SSH routers must present (see ssh.known_hosts).
  std::filesystem::path known_hosts_path() const;
};

enum class Origin { default_value, file, environment, flag };
std::string_view to_string(Origin origin);

struct Provenance {
  Origin origin = Origin::default_value;
  std::string where;  // "/etc/ill/illd.conf:4", "ILL_DB", "--db"; empty for defaults
};

enum class ValueType { string, integer, boolean, choice };
std::string_view to_string(ValueType type);

// One configuration key. `name` is dotted: "poll.interval_s" is `interval_s` in `[poll]`.
struct KeyInfo {
  std::string_view name;
  ValueType type;
  std::string_view description;
  std::string_view env{};   // environment variable that sets it, or empty
  std::string_view flag{};  // command-line flag that sets it, or empty
  std::int64_t min = 0;     // inclusive range, for integers
  std::int64_t max = 0;
  std::vector<std::string_view> choices{};  // for ValueType::choice
};

// Every key, in documentation order.
const std::vector<KeyInfo>& keys();
const KeyInfo* find_key(std::string_view name);

// The value of a key, formatted as in a TOML file (strings unquoted).
std::string value_of(const Config& config, std::string_view key);

struct LoadRequest {
  std::optional<std::filesystem::path> config_path;  // --config
  std::map<std::string, std::string> flags;          // key name -> value given on the command line
  std::function<const char*(const char*)> getenv;    // defaults to std::getenv
  std::filesystem::path system_path{k_system_config_path};
};

struct LoadedConfig {
  Config values;
  std::map<std::string, Provenance, std::less<>> origins;  // every key has an entry
};

// Reads and validates everything. Errors are Errc::config and name the file, line and key
// ("/etc/ill/illd.conf:7: poll.interval_s: 5 is out of range 10..300"). Rules that join keys
// (the probes of a poll must fit in its timeout and its interval; the portal and /metrics need
// their own addresses) are checked last, naming where each key was set, so `illd
// --check-config`, a SIGHUP reload and a start refuse the same files.
Result<LoadedConfig> load(const LoadRequest& request);

// Parses TOML text as if it were the file `origin_name` (no environment, no flags). For tests and
// for validating a file before a reload swaps it in.
Result<LoadedConfig> parse(std::string_view toml_text, std::string_view origin_name);

}  // namespace ill::config
