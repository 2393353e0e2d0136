#include "sim/config.hpp"

#include "sim/toml_reader.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <set>

namespace ill::sim {

// ----------------------------------------------------------------------------------------------
// Versions and names

Result<RouterOsVersion> RouterOsVersion::parse(std::string_view text) {
  RouterOsVersion v;
  v.text = std::string(text);
  int parts[3] = {0, 0, 0};
  std::size_t pos = 0;
  for (int i = 0; i < 3 && pos <= text.size(); ++i) {
    auto r = std::from_chars(text.data() + pos, text.data() + text.size(), parts[i]);
    if (r.ec != std::errc()) {
      if (i < 2) return fail(Errc::invalid_input, "bad RouterOS version '{}' (e.g. 7.16.2)", text);
      break;
    }
    pos = static_cast<std::size_t>(r.ptr - text.data());
    if (pos < text.size() && text[pos] == '.') {
      ++pos;
    } else {
      break;
    }
  }
  if (parts[0] < 6 || parts[0] > 7)
    return fail(Errc::invalid_input, "unsupported RouterOS version '{}' (6.x or 7.x)", text);
  v.major = parts[0];
  v.minor = parts[1];
  v.patch = parts[2];
  return v;
}

bool RouterOsVersion::at_least(int ma, int mi, int pa) const {
  if (major != ma) return major > ma;
  if (minor != mi) return minor > mi;
  return patch >= pa;
}

std::string_view to_string(Transport transport) {
  return transport == Transport::api ? "api" : "api-ssl";
}

namespace {
constexpr std::pair<Fault, std::string_view> k_faults[] = {
    {Fault::none, "none"},
    {Fault::garbage, "garbage"},
    {Fault::stall, "stall"},
    {Fault::huge_length, "huge-length"},
    {Fault::close_after_login, "close-after-login"},
    {Fault::fatal, "fatal"},
    {Fault::control_byte, "control-byte"},
};
}  // namespace

std::string_view to_string(Fault fault) {
  for (auto [f, name] : k_faults)
    if (f == fault) return name;
  return "none";
}

std::optional<Fault> parse_fault(std::string_view text) {
  for (auto [f, name] : k_faults)
    if (name == text) return f;
  return std::nullopt;
}

std::vector<GroupConfig> default_groups() {
  return {
      {"read",
       {"local", "telnet", "ssh", "reboot", "read", "test", "winbox", "password", "web", "sniff",
        "sensitive", "api", "romon", "rest-api", "!ftp", "!write", "!policy"}},
      {"write",
       {"local", "telnet", "ssh", "reboot", "read", "write", "test", "winbox", "password", "web",
        "sniff", "sensitive", "api", "romon", "rest-api", "!ftp", "!policy"}},
      {"full",
       {"local", "telnet", "ssh", "ftp", "reboot", "read", "write", "policy", "test", "winbox",
        "password", "web", "sniff", "sensitive", "api", "romon", "rest-api"}},
  };
}

// ----------------------------------------------------------------------------------------------
// The tables of a configuration, read with Reader (toml_reader.hpp).

namespace {

// every/for/offset or from/to (or from + for).
Window read_window(Reader& r, bool allow_at = false) {
  bool periodic = r.has("every");
  bool absolute = r.has("from") || (allow_at && r.has("at"));
  if (periodic == absolute)
    r.error("", allow_at ? "give either `every` (+ `offset`, `duration`) or `at`"
                         : "give either `every` + `for` (+ `offset`) or `from` + `to`/`for`");
  if (periodic) {
    DurationMs every = r.duration("every", 0);
    if (every <= 0) r.error("every", "must be positive");
    DurationMs length = allow_at ? r.duration("duration", 0) : r.duration("for", 0);
    if (!allow_at && length <= 0) r.error("for", "missing or zero: how long each window lasts");
    if (length > every) r.error(allow_at ? "duration" : "for", "longer than `every`");
    return Window::periodic(every, allow_at ? std::max<DurationMs>(length, 1) : length,
                            r.duration("offset", 0));
  }
  if (allow_at) {
    TimeMs at = r.time("at");
    DurationMs length = r.duration("duration", 0);
    return Window::absolute(at, at + std::max<DurationMs>(length, 1));
  }
  TimeMs from = r.time("from");
  TimeMs to;
  if (r.has("to")) {
    to = r.time("to");
    if (r.has("for")) r.error("for", "give `to` or `for`, not both");
  } else if (r.has("for")) {
    to = from + r.duration("for", 0);
  } else {
    r.error("from", "missing `to` or `for`");
  }
  if (to <= from) r.error("to", "must be after `from`");
  return Window::absolute(from, to);
}

Schedule read_schedule(Reader& parent, std::string_view key, bool allow_at = false) {
  Schedule s;
  for (auto& r : parent.tables(key)) {
    s.add(read_window(r, allow_at));
    r.finish();
  }
  return s;
}

InterfaceConfig read_interface(Reader& r) {
  InterfaceConfig i;
  i.name = r.str("name", "");
  if (i.name.empty()) r.error("name", "missing: every interface needs a name");
  i.type = r.str("type", i.type);
  i.comment = r.str("comment", "");
  i.mac_address = r.str("mac_address", "");
  i.rx_bps = r.rate("rx_rate", 0);
  i.tx_bps = r.rate("tx_rate", 0);
  i.variation = r.number("variation", 0, 0, 1);
  i.variation_period = r.duration("variation_period", i.variation_period);
  if (i.variation_period <= 0) r.error("variation_period", "must be positive");
  i.packet_size = r.number("packet_size", i.packet_size, 64, 65535);
  i.error_ratio = r.number("error_ratio", 0, 0, 1);
  i.drop_ratio = r.number("drop_ratio", 0, 0, 1);
  i.mtu = static_cast<int>(r.integer("mtu", 1500, 68, 65535));
  i.disabled = r.boolean("disabled", false);
  i.down = read_schedule(r, "down");
  r.finish();
  return i;
}

PingTargetConfig read_ping(Reader& r) {
  PingTargetConfig p;
  p.address = r.str("address", "");
  if (p.address.empty()) r.error("address", "missing: the address the router pings");
  p.latency_ms = r.number("latency_ms", p.latency_ms, 0, 1e6);
  p.jitter_ms = r.number("jitter_ms", 0, 0, 1e6);
  p.loss_pct = r.number("loss_pct", 0, 0, 100);
  p.via = r.str("via", "");
  for (auto& w : r.tables("window")) {
    PingWindowConfig pw;
    if (w.has("latency_ms")) pw.latency_ms = w.number("latency_ms", 0, 0, 1e6);
    if (w.has("jitter_ms")) pw.jitter_ms = w.number("jitter_ms", 0, 0, 1e6);
    if (w.has("loss_pct")) pw.loss_pct = w.number("loss_pct", 0, 0, 100);
    pw.window = read_window(w);
    w.finish();
    p.windows.push_back(pw);
  }
  r.finish();
  return p;
}

// Reads the keys of a router (or of a fleet's template); `fleet` allows count, first_number and
// first_address.
RouterConfig read_router(Reader& r) {
  RouterConfig c;
  c.line = r.line();
  c.name = r.str("name", "");
  if (c.name.empty()) r.error("name", "missing: every router needs a name");
  c.identity = r.str("identity", "");
  c.address = r.str("address", c.address);
  {
    in_addr a;
    if (::inet_pton(AF_INET, c.address.c_str(), &a) != 1)
      r.error("address", "expected an IPv4 address such as 127.0.0.2");
  }
  c.port = static_cast<int>(r.integer("port", 0, 0, 65535));
  auto transport = r.str("transport", "api");
  if (transport == "api")
    c.transport = Transport::api;
  else if (transport == "api-ssl")
    c.transport = Transport::api_ssl;
  else
    r.error("transport", "expected \"api\" or \"api-ssl\"");
  auto tls = r.str("tls", "certificate");
  if (tls == "certificate")
    c.tls = TlsMode::certificate;
  else if (tls == "anonymous")
    c.tls = TlsMode::anonymous;
  else
    r.error("tls", "expected \"certificate\" or \"anonymous\"");
  c.cert_file = r.str("cert_file", "");
  c.key_file = r.str("key_file", "");
  if (c.cert_file.empty() != c.key_file.empty())
    r.error(c.cert_file.empty() ? "cert_file" : "key_file", "give both cert_file and key_file");
  c.rest = r.boolean("rest", false);
  if (c.rest && c.cert_file.empty()) r.error("rest", "REST needs cert_file and key_file");
  c.rest_fault = r.str("rest_fault", "none");
  if (c.rest_fault != "none" && c.rest_fault != "html" && c.rest_fault != "redirect" &&
      c.rest_fault != "truncated" && c.rest_fault != "huge" && c.rest_fault != "unauthorized")
    r.error("rest_fault", "expected none, html, redirect, truncated, huge or unauthorized");
  auto tls_version = r.str("tls_version", "any");
  if (tls_version == "any")
    c.tls_only_12 = false;
  else if (tls_version == "only-1.2")
    c.tls_only_12 = true;
  else
    r.error("tls_version", "expected \"any\" or \"only-1.2\"");
  auto version = RouterOsVersion::parse(r.str("version", "7.16.2"));
  if (!version) r.error("version", version.error().message());
  c.version = *version;
  auto login = r.str("login", c.version.at_least(6, 43) ? "modern" : "legacy");
  if (login == "modern")
    c.login = LoginStyle::modern;
  else if (login == "legacy")
    c.login = LoginStyle::legacy;
  else
    r.error("login", "expected \"modern\" or \"legacy\"");
  c.max_sessions = static_cast<int>(r.integer("max_sessions", 20, 1, 1000));
  c.uptime = r.duration("uptime", c.uptime);
  c.cpu_load = r.number("cpu_load", c.cpu_load, 0, 100);
  c.cpu_load_jitter = r.number("cpu_load_jitter", c.cpu_load_jitter, 0, 100);
  c.total_memory = r.bytes("total_memory", c.total_memory);
  c.free_memory = r.bytes("free_memory", std::min(c.free_memory, c.total_memory));
  if (c.free_memory > c.total_memory) r.error("free_memory", "more than total_memory");
  c.board_name = r.str("board_name", c.board_name);
  c.architecture = r.str("architecture", c.architecture);
  c.cpu = r.str("cpu", c.cpu);
  c.cpu_count = static_cast<int>(r.integer("cpu_count", c.cpu_count, 1, 1024));
  c.cpu_frequency = static_cast<int>(r.integer("cpu_frequency", c.cpu_frequency, 1, 100000));
  auto mode = r.str("unreachable_mode", "stall");
  if (mode == "stall")
    c.unreachable_mode = UnreachableMode::stall;
  else if (mode == "refuse")
    c.unreachable_mode = UnreachableMode::refuse;
  else
    r.error("unreachable_mode", "expected \"stall\" or \"refuse\"");
  auto fault = parse_fault(r.str("fault", "none"));
  if (!fault)
    r.error("fault",
            "expected none, garbage, stall, huge-length, close-after-login, fatal or control-byte");
  c.fault = *fault;
  c.fatal_reason = r.str("fatal_reason", c.fatal_reason);

  UserConfig login_user{r.str("user", "admin"), r.str("password", ""), r.str("group", "full"), ""};
  c.users.push_back(login_user);
  for (auto& u : r.tables("users")) {
    UserConfig uc;
    uc.name = u.str("name", "");
    if (uc.name.empty()) u.error("name", "missing");
    uc.password = u.str("password", "");
    uc.group = u.str("group", "read");
    uc.comment = u.str("comment", "");
    u.finish();
    c.users.push_back(uc);
  }
  c.groups = default_groups();
  for (auto& g : r.tables("groups")) {
    GroupConfig gc;
    gc.name = g.str("name", "");
    if (gc.name.empty()) g.error("name", "missing");
    gc.policy = g.strings("policy");
    g.finish();
    bool replaced = false;
    for (auto& existing : c.groups) {
      if (existing.name == gc.name) {
        existing = gc;
        replaced = true;
      }
    }
    if (!replaced) c.groups.push_back(gc);
  }
  for (const auto& u : c.users) {
    bool found = false;
    for (const auto& g : c.groups) found = found || g.name == u.group;
    if (!found) r.error("group", fmt::format("user '{}': no such group '{}'", u.name, u.group));
  }

  std::set<std::string> names;
  for (auto& i : r.tables("interface")) {
    c.interfaces.push_back(read_interface(i));
    if (!names.insert(c.interfaces.back().name).second)
      i.error("name", fmt::format("duplicate interface '{}'", c.interfaces.back().name));
  }
  for (auto& p : r.tables("ping")) {
    c.pings.push_back(read_ping(p));
    const auto& via = c.pings.back().via;
    if (!via.empty() && !names.count(via))
      p.error("via", fmt::format("no interface '{}' on router '{}'", via, c.name));
  }
  for (auto& n : r.tables("netwatch")) {
    NetwatchConfig nc;
    nc.host = n.str("host", "");
    if (nc.host.empty()) n.error("host", "missing");
    nc.comment = n.str("comment", "");
    nc.interval = n.duration("interval", nc.interval);
    nc.timeout = n.duration("timeout", nc.timeout);
    n.finish();
    c.netwatch.push_back(nc);
  }
  c.unreachable = read_schedule(r, "unreachable");
  c.reboots = read_schedule(r, "reboot", true);
  if (c.identity.empty()) c.identity = c.name;
  return c;
}

std::string fleet_name(const std::string& pattern, int n) {
  std::string out = pattern;
  auto pos = out.find("{n}");
  if (pos == std::string::npos) return fmt::format("{}{}", pattern, n);
  out.replace(pos, 3, std::to_string(n));
  return out;
}

void parse_into(SimConfig& config, const toml::table& root, const std::string& file) {
  Reader top(root, "", &file);
  if (auto sim = top.tables("sim"); !sim.empty()) {
    auto& s = sim.front();
    config.seed = static_cast<std::uint64_t>(s.integer("seed", 1, 0, INT64_MAX));
    if (s.has("start")) config.start = s.time("start");
    s.finish();
  }
  for (auto& r : top.tables("router")) {
    config.routers.push_back(read_router(r));
    r.finish();
  }
  for (auto& f : top.tables("fleet")) {
    int count = static_cast<int>(f.integer("count", 0, 1, 65000));
    if (!f.has("count")) f.error("count", "missing: how many routers this fleet has");
    // The {n} of the first router: a fleet split over several simulators (each process holds two
    // descriptors a router) keeps one numbering.
    const int first_number = static_cast<int>(f.integer("first_number", 1, 0, 1'000'000));
    auto first = f.str("first_address", "");
    RouterConfig base = read_router(f);
    f.finish();
    in_addr a;
    std::uint32_t ip = 0;
    if (!first.empty()) {
      if (::inet_pton(AF_INET, first.c_str(), &a) != 1)
        f.error("first_address", "expected an IPv4 address such as 127.1.0.1");
      ip = ntohl(a.s_addr);
    }
    for (int n = 1; n <= count; ++n) {
      RouterConfig rc = base;
      const int number = first_number + n - 1;
      rc.name = fleet_name(base.name, number);
      rc.identity = base.identity == base.name ? rc.name : fleet_name(base.identity, number);
      if (!first.empty()) {
        in_addr addr;
        addr.s_addr = htonl(ip + static_cast<std::uint32_t>(n - 1));
        char text[INET_ADDRSTRLEN];
        ::inet_ntop(AF_INET, &addr, text, sizeof text);
        rc.address = text;
      }
      config.routers.push_back(std::move(rc));
    }
  }
  std::set<std::string> names;
  std::set<std::pair<std::string, int>> endpoints;
  for (const auto& r : config.routers) {
    if (!names.insert(r.name).second)
      throw ConfigError{
          fmt::format("{}:{}: router: duplicate router name '{}'", file, r.line, r.name)};
    if (r.port != 0 && !endpoints.insert({r.address, r.port}).second)
      throw ConfigError{fmt::format("{}:{}: router '{}': address {}:{} is used twice", file, r.line,
                                    r.name, r.address, r.port)};
  }
  for (auto& l : top.tables("link")) {
    LinkConfig lc;
    lc.name = l.str("name", "");
    if (lc.name.empty()) l.error("name", "missing");
    lc.router = l.str("router", "");
    lc.interface = l.str("interface", "");
    lc.target = l.str("target", "");
    lc.probes = static_cast<int>(l.integer("probes", 5, 1, 100));
    const RouterConfig* router = nullptr;
    for (const auto& r : config.routers)
      if (r.name == lc.router) router = &r;
    if (!router) l.error("router", fmt::format("no router named '{}'", lc.router));
    bool found = false;
    for (const auto& i : router->interfaces) found = found || i.name == lc.interface;
    if (!found)
      l.error("interface",
              fmt::format("router '{}' has no interface '{}'", lc.router, lc.interface));
    if (!lc.target.empty()) {
      bool pinged = false;
      for (const auto& p : router->pings) pinged = pinged || p.address == lc.target;
      if (!pinged)
        l.error("target",
                fmt::format("router '{}' has no [[router.ping]] for '{}'", lc.router, lc.target));
    }
    for (const auto& existing : config.links)
      if (existing.name == lc.name) l.error("name", fmt::format("duplicate link '{}'", lc.name));
    l.finish();
    config.links.push_back(lc);
  }
  top.finish();
}

}  // namespace

Result<SimConfig> parse_config(std::string_view text, const std::string& source_name) {
  SimConfig config;
  config.path = source_name;
  try {
    toml::table root = toml::parse(text, source_name);
    parse_into(config, root, source_name);
  } catch (const toml::parse_error& e) {
    return fail(Errc::config, "{}:{}: {}", source_name, e.source().begin.line, e.description());
  } catch (const ConfigError& e) {
    return fail(Errc::config, "{}", e.text);
  }
  return config;
}

Result<SimConfig> load_config(const std::string& path) {
  std::string text;
  {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return fail(Errc::config, "{}: cannot open: {}", path, std::strerror(errno));
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
  }
  return parse_config(text, path);
}

}  // namespace ill::sim
