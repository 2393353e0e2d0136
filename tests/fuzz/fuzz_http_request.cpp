// libFuzzer target for the HTTP request path: one request, as the listener hands it over
// (method, path, decoded query, lower-case headers, body, peer), into Portal::handle: the
// portal's routing, form bodies, cookies, ids in paths, X-Forwarded-* from a trusted proxy, the
// sign-in and invitation forms, account forms, pages and the JSON API. The HTTP listener itself
// (libmicrohttpd) is not fuzzed: no socket is opened. The store is a scratch database in a
// temporary directory (removed at exit) with two clients; the harness signs client A's user in
// and puts the session where the input asks for it.
//
// Input: line 1 the method, line 2 the target ("/path?query"), then header lines
// ("Name: value") up to an empty line, then the body. In any of them @SESSION@, @CSRF@ and
// @TOKEN@ become client A's session cookie value, its form token and an API token. The first
// byte of line 1, when it is a digit, picks the peer and TLS (see `peer` below).
//
// Checked for any input: no 500 (an exception or a store error on hostile input is a bug); the
// security headers on every response; no CR, LF or other control byte in a header; and nothing
// of client B (names, links) in anything answered to client A's session or token: every query
// is scoped to the signed-in client.
//
// Left out: /reports/month-to-date.pdf (a Cairo PDF per request: slow, and fontconfig's caches
// look like leaks to LeakSanitizer; the report tests cover it).
#include "config/config.hpp"
#include "fuzz_support.hpp"
#include "http/server.hpp"
#include "portal/accounts.hpp"
#include "portal/portal.hpp"
#include "portal/request_parts.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/password_hash.hpp"
#include "store/portal_user_repository.hpp"
#include "store/router_repository.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace {

using ill::fuzz::check;
namespace fs = std::filesystem;

constexpr std::string_view k_password = "alice-password-1";
const std::vector<std::string> k_hidden = {"Beta Hidden Corp", "beta-hidden-1", "beta-hidden-2",
                                           "bob-hidden"};

template <typename T>
T must(ill::Result<T> r, const char* what) {
  check(r.has_value(), what);
  return std::move(*r);
}

struct Site {
  fs::path dir;
  // 2026-01-01T00:00:00Z, moved on by the harness only.
  std::chrono::sys_seconds now{std::chrono::seconds{1'767'225'600}};
  std::unique_ptr<ill::portal::Portal> portal;
  std::string session, csrf, token;

  ~Site() {
    portal.reset();
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
  }

  void add_client(ill::store::Database& db, std::int64_t router, const std::string& name,
                  const std::string& link, const std::string& user, bool keep_token) {
    ill::store::Client c;
    c.name = name;
    const auto client = must(ill::store::ClientRepository(db).add(c), "add a client");
    ill::store::Link l;
    l.name = link;
    l.client_id = client;
    l.router_id = router;
    l.interface = "ether-" + link;
    l.committed_mbps = 100;
    (void)must(ill::store::LinkRepository(db).add(l), "add a link");
    ill::store::PortalUser u;
    u.client_id = client;
    u.username = user;
    u.password_hash = must(ill::store::hash_password(ill::store::Secret(std::string(k_password)),
                                                     ill::store::HashCost::min),
                           "hash a password");
    const auto id = must(ill::store::PortalUserRepository(db).add(u), "add a portal user");
    auto issued = must(ill::portal::issue_token(db, id, "fuzz", now), "issue a token");
    if (keep_token) token = issued.token;
  }

  void build() {
    portal.reset();
    std::error_code ec;
    if (!dir.empty()) fs::remove_all(dir, ec);
    std::string pattern = (fs::temp_directory_path() / "ill-fuzz-http-XXXXXX").string();
    check(mkdtemp(pattern.data()) != nullptr, "cannot make a temporary directory");
    dir = pattern;
    const std::string db_path = (dir / "ill.db").string();
    {
      auto db = must(ill::store::Database::open(db_path, ill::store::OpenMode::create), "open db");
      ill::store::Router r;
      r.name = "edge-1";
      r.host = "192.0.2.1";
      r.username = "api";
      const auto router = must(ill::store::RouterRepository(*db).add(r), "add a router");
      add_client(*db, router, "Acme Corp", "acme-1", "alice", true);
      add_client(*db, router, k_hidden[0], k_hidden[1], k_hidden[3], false);
    }
    ill::portal::PortalOptions options;
    options.settings.trusted_proxies = "127.0.0.2";
    options.db_path = db_path;
    options.isp_name = "Fuzz ISP";
    options.clock = [this] { return now; };
    portal = must(ill::portal::Portal::open(std::move(options)), "open the portal");
  }

  static std::string set_cookie(const ill::http::Response& r, std::string_view name) {
    for (const auto& [header, value] : r.headers) {
      if (header != "Set-Cookie" || !value.starts_with(std::string(name) + "=")) continue;
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
    return {};
  }

  static std::string form_token(const std::string& html) {
    const std::string marker = "name=\"csrf\" value=\"";
    const auto at = html.find(marker);
    if (at == std::string::npos) return {};
    const auto from = at + marker.size();
    return html.substr(from, html.find('"', from) - from);
  }

  ill::http::Request request(std::string method, std::string path, std::string cookie) const {
    ill::http::Request r;
    r.method = std::move(method);
    r.path = std::move(path);
    if (!cookie.empty()) r.headers["cookie"] = std::move(cookie);
    r.remote_address = "127.0.0.1";
    return r;
  }

  // Client A's user signs in through the login form, as a browser would.
  bool sign_in() {
    auto page = portal->handle(request("GET", "/login", ""));
    const auto form = set_cookie(page, "ill_form");
    auto post = request("POST", "/login", "ill_form=" + form);
    post.body = "username=alice&password=" + std::string(k_password) + "&csrf=" + form;
    auto done = portal->handle(post);
    session = set_cookie(done, "ill_session");
    if (session.empty()) return false;
    auto home = portal->handle(request("GET", "/", "ill_session=" + session));
    csrf = form_token(home.body);
    return !csrf.empty();
  }

  // A live session again after an input that may have ended it (logout, throttle, ...).
  void ensure_session() {
    if (portal && !session.empty()) {
      auto probe = portal->handle(request("GET", "/account", "ill_session=" + session));
      if (probe.status == 200) return;
    }
    if (portal) {
      now += std::chrono::days{1};  // past any throttle wait and the session's lifetime
      if (sign_in()) return;
    }
    build();
    check(sign_in(), "client A's user cannot sign in to a fresh portal");
  }
};

Site& site() {
  static Site* s = [] {
    ::setenv("ILL_PWHASH_COST", "min", 1);
    spdlog::set_level(spdlog::level::off);
    auto* made = new Site();  // destroyed at exit, removing its directory
    std::atexit([] { delete &site(); });
    return made;
  }();
  return *s;
}

void substitute(std::string& text, const Site& s) {
  const std::pair<std::string_view, const std::string*> k_marks[] = {
      {"@SESSION@", &s.session}, {"@CSRF@", &s.csrf}, {"@TOKEN@", &s.token}};
  for (const auto& [mark, value] : k_marks) {
    for (auto at = text.find(mark); at != std::string::npos;
         at = text.find(mark, at + value->size()))
      text.replace(at, mark.size(), *value);
  }
}

bool mentions_hidden(std::string_view text) {
  for (const auto& name : k_hidden)
    if (text.find(name) != std::string_view::npos) return true;
  return false;
}

}  // namespace

// Link pages draw charts with Pango, whose fontconfig caches LeakSanitizer reports at exit
// (tests/lsan.supp says the same for the suite); built in, so a bare run needs no LSAN_OPTIONS.
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ill::fuzz::quiet();
  Site& s = site();
  s.ensure_session();

  std::string input(reinterpret_cast<const char*>(data), size);
  substitute(input, s);
  ill::fuzz::Pieces lines(input, '\n');
  ill::http::Request req;
  req.method = std::string(lines.next());
  // Peer: '0'-'9' first: 0-4 the loopback peer, 5-9 the trusted proxy; odd: over TLS.
  req.remote_address = "127.0.0.1";
  if (!req.method.empty() && req.method[0] >= '0' && req.method[0] <= '9') {
    const int peer = req.method[0] - '0';
    req.remote_address = peer >= 5 ? "127.0.0.2" : "127.0.0.1";
    req.tls = peer % 2 == 1;
    req.method.erase(0, 1);
  }
  const std::string target(lines.next());
  const auto question = target.find('?');
  req.path = target.substr(0, question);
  if (req.path.ends_with(".pdf")) return 0;  // see the top of this file
  if (question != std::string::npos) {
    // The listener hands over decoded arguments; a malformed escape is kept as written.
    const std::string_view query = std::string_view(target).substr(question + 1);
    if (auto decoded = ill::portal::parse_form(query))
      req.query = std::move(*decoded);
    else
      req.query[std::string(query)] = "";
  }
  while (!lines.done()) {
    const std::string_view line = lines.next();
    if (line.empty()) break;
    const auto colon = line.find(':');
    std::string name(line.substr(0, colon));
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    req.headers[name] = std::string(value);
  }
  while (!lines.done()) {
    req.body += lines.next();
    if (!lines.done()) req.body += '\n';
  }

  const auto response = s.portal->handle(req);
  check(response.status >= 100 && response.status <= 599, "a status outside 100..599");
  check(response.status != 500, "a request makes the portal answer 500");
  bool csp = false;
  for (const auto& [name, value] : response.headers) {
    check(ill::fuzz::printable(name) && ill::fuzz::printable(value),
          "a control byte in a response header");
    csp = csp || name == "Content-Security-Policy";
  }
  check(csp, "a response without its Content-Security-Policy");
  // Client B stays invisible, whatever client A's session or token asks for (unless the
  // request itself names it: a form may echo what was typed).
  if (!mentions_hidden(input))
    check(!mentions_hidden(response.body), "an answer shows another client's names");
  return 0;
}
