#include "portal_site.hpp"
#include "core/format.hpp"

#include "portal/accounts.hpp"
#include "report/documents.hpp"
#include "store/client_repository.hpp"
#include "store/database.hpp"
#include "store/link_repository.hpp"
#include "store/link_state_repository.hpp"
#include "store/password_hash.hpp"
#include "store/portal_user_repository.hpp"
#include "store/report_document_repository.hpp"
#include "store/rollup_repository.hpp"
#include "store/router_repository.hpp"
#include "store/sample_repository.hpp"
#include "store/sla_report_repository.hpp"

#include <fmt/format.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace ill::test {

namespace {

template <typename T>
T must(Result<T> r) {
  if (!r) throw std::runtime_error(r.error().what());
  return std::move(*r);
}

void must(Status st) {
  if (!st) throw std::runtime_error(st.error().what());
}

SiteIds add_client(store::Database& db, std::int64_t router, const std::string& name,
                   const std::string& zone, const std::vector<std::string>& links,
                   const std::string& user, const std::string& password, std::int64_t now) {
  SiteIds ids;
  ids.names = {name, user};
  store::Client c;
  c.name = name;
  c.timezone = zone;
  ids.client = must(store::ClientRepository(db).add(c));
  static int interface = 0;
  for (const auto& link_name : links) {
    store::Link l;
    l.name = link_name;
    l.client_id = ids.client;
    l.router_id = router;
    l.interface = fmt::format("ether{}", ++interface);
    l.circuit_id = "CIRCUIT-" + link_name;
    l.committed_mbps = 100;
    auto id = must(store::LinkRepository(db).add(l));
    ids.links.push_back(id);
    ids.names.push_back(link_name);
    auto tx = must(db.begin());
    for (std::int64_t t = now - 7200; t < now; t += 60) {
      store::Sample s;
      s.link_id = id;
      s.t = from_unix_seconds(t);
      s.state = sla::State::up;
      s.running = true;
      s.rx_bps = 42e6 + static_cast<double>(id);
      s.tx_bps = 7e6;
      s.latency_avg_ms = 12.5;
      s.loss_pct = 0;
      must(store::SampleRepository(db).put(s));
      must(store::RollupRepository(db).add(s));
    }
    must(store::LinkStateRepository(db).record(
        {id, from_unix_seconds(now - 7200), from_unix_seconds(now + 60), sla::State::up}));
    must(tx.commit());
    store::SlaReport report;
    report.link_id = id;
    report.month = "2026-01";
    report.figures = fmt::format(R"({{"link":"{}","availability_pct":99.9}})", link_name);
    report.policy = "{}";
    report.computed_at = from_unix_seconds(now - 86400);
    must(store::SlaReportRepository(db).put(report));
  }
  // The report history: a document of each format, with bytes a text round trip would break
  // and a file name that tries to leave its directory and split the header.
  for (const char* format : {"pdf", "csv", "json"}) {
    store::ReportDocument d;
    d.client_id = ids.client;
    d.month = "2026-01";
    d.format = format;
    d.filename = fmt::format("../{}\r\nX-Evil: 1\"-2026-01.{}", name, format);
    d.content_type = std::string(format) == "pdf"   ? "application/pdf"
                     : std::string(format) == "csv" ? "text/csv; charset=utf-8"
                                                    : "application/json";
    d.content = fmt::format("%PDF-1.4 {} {}\n", name, format);
    d.content += std::string("\0\xff\xfe\r\n\x80 end", 10);
    d.sha256 = report::sha256_hex(d.content);
    d.generated_at = from_unix_seconds(now - 3600);
    d.computed_at = from_unix_seconds(now - 86400);
    ids.reports.push_back(must(store::ReportDocumentRepository(db).add(d)));
  }
  store::PortalUser u;
  u.client_id = ids.client;
  u.username = user;
  u.password_hash = must(store::hash_password(store::Secret(password), store::HashCost::min));
  ids.user = must(store::PortalUserRepository(db).add(u));
  auto token = must(portal::issue_token(db, ids.user, "test", from_unix_seconds(now)));
  ids.token = token.token;
  ids.token_id = token.id;
  return ids;
}

}  // namespace

PortalSite::PortalSite(config::PortalSettings settings)
    : m_secrets(store::SecretBox::from_key({1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                            12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                            23, 24, 25, 26, 27, 28, 29, 30, 31, 32})),
      m_now(std::chrono::duration_cast<std::chrono::seconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count() /
            60 * 60) {
  auto db = must(store::Database::open(db_path(), store::OpenMode::create));
  store::Router r;
  r.name = "edge-1";
  r.host = "127.0.0.1";
  r.port = 1;
  r.username = "api";
  auto router = must(store::RouterRepository(*db).add(r));
  m_a = add_client(*db, router, "Acme <b>&amp; Sons", "Asia/Kolkata", {"acme-1 <script>", "acme-2"},
                   "alice", k_alice_password, m_now);
  m_b = add_client(*db, router, "Beta Hidden Corp", "UTC", {"beta-hidden-1", "beta-hidden-2"},
                   "bob", k_bob_password, m_now);
  db.reset();

  settings.listen = "127.0.0.1:0";
  portal::PortalOptions options;
  options.settings = settings;
  options.db_path = db_path();
  options.clock = [this] { return now(); };
  options.secrets = m_secrets;
  m_portal = must(portal::Portal::open(options));
  auto server_options = must(portal::Portal::server_options(settings));
  portal::Portal* handler = m_portal.get();
  m_server = must(http::Server::start(server_options, [handler](const http::Request& request) {
    return handler->handle(request);
  }));
}

PortalSite::~PortalSite() {
  m_server.reset();
  m_portal.reset();
}

HttpReply PortalSite::get(const std::string& target, const std::string& cookie,
                          const std::map<std::string, std::string>& headers) const {
  auto h = headers;
  if (!cookie.empty()) h["Cookie"] = cookie;
  return http_request("127.0.0.1", port(), "GET", target, {}, h);
}

HttpReply PortalSite::post(const std::string& target, const std::string& body,
                           const std::string& cookie,
                           const std::map<std::string, std::string>& headers) const {
  auto h = headers;
  if (!cookie.empty()) h["Cookie"] = cookie;
  h["Content-Type"] = "application/x-www-form-urlencoded";
  return http_request("127.0.0.1", port(), "POST", target, body, h);
}

std::string PortalSite::login(const std::string& user, const std::string& password,
                              HttpReply* reply) const {
  auto form = get("/login");
  auto form_cookie = set_cookie(form, "ill_form");
  auto posted = post("/login",
                     "csrf=" + url_encode(form_token(form.body)) + "&username=" + url_encode(user) +
                         "&password=" + url_encode(password),
                     form_cookie);
  if (reply) *reply = posted;
  if (posted.status != 303) return {};
  return set_cookie(posted, "ill_session");
}

std::string PortalSite::csrf(const std::string& cookie) const {
  return form_token(get("/account", cookie).body);
}

std::string set_cookie(const HttpReply& reply, const std::string& name) {
  auto it = reply.headers.find("set-cookie");
  if (it == reply.headers.end()) return {};
  std::string_view all = it->second;
  while (!all.empty()) {
    auto nl = all.find('\n');
    auto line = all.substr(0, nl);
    all = nl == std::string_view::npos ? std::string_view{} : all.substr(nl + 1);
    if (line.starts_with(name + "=")) return std::string(line.substr(0, line.find(';')));
  }
  return {};
}

std::string form_token(const std::string& html) {
  const std::string marker = "name=\"csrf\" value=\"";
  auto at = html.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return html.substr(at, html.find('"', at) - at);
}

std::string url_encode(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

int connect_from(const char* source, std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

int exchange(int fd, const std::string& request) {
  if (fd < 0) return 0;
  (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string reply;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    reply.append(buffer, static_cast<std::size_t>(n));
    if (reply.find("\r\n\r\n") != std::string::npos) break;
  }
  ::close(fd);
  if (reply.size() < 12) return 0;
  return std::atoi(reply.c_str() + 9);
}

}  // namespace ill::test
