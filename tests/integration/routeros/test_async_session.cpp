// The Asio client against scripted loopback servers: concurrent tagged commands, deadlines,
// cancellation, logins, TLS, and many sessions on one thread.
#include "routeros/async_session.hpp"

#include "routeros/decoder.hpp"
#include "routeros/word_codec.hpp"
#include "script_server.hpp"
#include "support/temp_dir.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace ill::routeros;
using ill::routeros::test::ScriptConn;
using ill::routeros::test::ScriptServer;
using ill::routeros::test::ServerCert;
using ill::routeros::test::ServerTls;
using ill::routeros::test::tag_word;
using namespace std::chrono_literals;

namespace {

Endpoint local(std::uint16_t port) { return Endpoint{.host = "127.0.0.1", .port = port}; }

// Runs `body` on a fresh io_context until it finishes; fails the test if it takes over 20 s.
template <typename Body>
void run_coroutine(Body body) {
  asio::io_context io;
  bool finished = false;
  std::exception_ptr failure;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        co_await body(io.get_executor());
        finished = true;
      },
      [&](std::exception_ptr e) { failure = e; });
  io.run_for(20s);
  if (failure) std::rethrow_exception(failure);
  REQUIRE(finished);
}

}  // namespace

TEST_CASE("async session runs three tagged commands at once", "[integration][routeros]") {
  ScriptServer server([](ScriptConn& conn) {
    conn.accept_login();
    const Sentence a = conn.expect("/interface/print");
    const Sentence b = conn.expect("/system/resource/print");
    const Sentence c = conn.expect("/ping");
    conn.send({{"!re", tag_word(c), "=seq=0", "=time=1ms500us"},
               {"!re", tag_word(a), "=name=ether1", "=rx-byte=123456789012"},
               {"!re", tag_word(b), "=uptime=15w3d3h42m53s"},
               {"!done", tag_word(b)},
               {"!done", tag_word(c)},
               {"!re", tag_word(a), "=name=ether2"},
               {"!done", tag_word(a)}},
              true);
    conn.wait_for_close();
  });
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto session =
        co_await AsyncSession::open(ex, local(server.port()), "admin", "secret", deadline_in(5s));
    REQUIRE(session);
    // (GCC 12 cannot compile a braced list inside a co_await expression: build it first.)
    std::vector<Command> poll{Command("/interface/print").proplist({"name", "rx-byte"}),
                              Command("/system/resource/print"),
                              Command("/ping").attr("address", "10.0.0.1").attr("count", "1")};
    auto replies = co_await session->call_all(std::move(poll), deadline_in(5s));
    REQUIRE(replies.size() == 3);
    REQUIRE((replies[0] && replies[1] && replies[2]));
    CHECK(replies[0]->rows.size() == 2);
    CHECK(replies[1]->rows.at(0).attribute("uptime") == "15w3d3h42m53s");
    CHECK(replies[2]->rows.at(0).attribute("time") == "1ms500us");
    CHECK(session->pending_count() == 0);
  });
  CHECK(server.join().empty());
}

TEST_CASE("async wait times out at its deadline and the session stays usable",
          "[integration][routeros]") {
  ScriptServer server([](ScriptConn& conn) {
    conn.accept_login();
    const Sentence slow = conn.expect("/tool/fetch");
    conn.send({{"!re", tag_word(slow), "=status=connecting"}});
    const Sentence cancel = conn.expect("/cancel");  // the client gave up and says so
    const std::string target = ".tag=" + std::string(cancel.attribute("tag").value_or(""));
    conn.send({{"!trap", target, "=category=2", "=message=interrupted"},
               {"!done", tag_word(cancel)},
               {"!done", target}});
    const Sentence next = conn.expect("/system/identity/print");
    conn.send({{"!re", tag_word(next), "=name=gw1"}, {"!done", tag_word(next)}});
    conn.wait_for_close();
  });
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto session =
        co_await AsyncSession::open(ex, local(server.port()), "admin", "secret", deadline_in(5s));
    REQUIRE(session);
    const auto start = Clock::now();
    auto slow =
        co_await session->call(Command("/tool/fetch").attr("url", "http://x/"), deadline_in(300ms));
    const auto elapsed = Clock::now() - start;
    REQUIRE_FALSE(slow);
    CHECK(slow.error().category() == ill::Errc::timeout);
    CHECK(slow.error().message().find("/tool/fetch timed out") != std::string::npos);
    CHECK(elapsed >= 290ms);
    CHECK(elapsed < 2s);
    CHECK(session->is_open());
    auto identity = co_await session->call(Command("/system/identity/print"), deadline_in(5s));
    REQUIRE(identity);
    CHECK(identity->rows.at(0).attribute("name") == "gw1");
  });
  CHECK(server.join().empty());
}

TEST_CASE("async session fails pending commands on garbage and on a bare fatal",
          "[integration][routeros]") {
  for (const std::string& bytes :
       {std::string("\xff\xff\xff"),
        std::string("\x06!fatal\x1dsession terminated on request\x00", 38)}) {
    ScriptServer server([&](ScriptConn& conn) {
      conn.accept_login();
      conn.expect("/interface/print");
      conn.expect("/ip/address/print");
      conn.send_raw(bytes);
      conn.wait_for_close();
    });
    run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
      auto session =
          co_await AsyncSession::open(ex, local(server.port()), "admin", "secret", deadline_in(5s));
      REQUIRE(session);
      std::vector<Command> both{Command("/interface/print"), Command("/ip/address/print")};
      auto replies = co_await session->call_all(std::move(both), deadline_in(5s));
      const ill::Errc expected = bytes[0] == '\xff' ? ill::Errc::protocol : ill::Errc::connection;
      for (const auto& reply : replies) {
        REQUIRE_FALSE(reply);
        CHECK(reply.error().category() == expected);
      }
      CHECK_FALSE(session->is_open());
      if (expected == ill::Errc::connection) {
        CHECK(replies[0].error().message() ==
              "router closed the session: session terminated on request");
      }
    });
  }
}

TEST_CASE("async login handles the legacy challenge and a wrong password",
          "[integration][routeros]") {
  ScriptServer server(
      [](ScriptConn& conn) {
        const Sentence plain = conn.expect("/login");
        if (plain.attribute("password") == "wrong") {
          conn.send({{"!trap", tag_word(plain), "=message=invalid user name or password (6)"},
                     {"!done", tag_word(plain)}});
          conn.wait_for_close();
          return;
        }
        conn.send({{"!done", tag_word(plain), "=ret=93b438ec9b80057c06dd9fe67d56aa9a"}});
        const Sentence response = conn.expect("/login");
        CHECK(response.attribute("response") == "00e134102a9d330dd7b1849fedfea3cb57");
        conn.send({{"!done", tag_word(response)}});
        conn.wait_for_close();
      },
      ServerTls::off, {}, 2);
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto legacy =
        co_await AsyncSession::open(ex, local(server.port()), "admin", "", deadline_in(5s));
    CHECK(legacy);
    legacy->close();
    auto wrong =
        co_await AsyncSession::open(ex, local(server.port()), "admin", "wrong", deadline_in(5s));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().category() == ill::Errc::auth);
    CHECK(wrong.error().what() == "login failed: invalid user name or password (6)");
  });
  CHECK(server.join().empty());
}

TEST_CASE("async session streams rows and cancels when the handler says stop",
          "[integration][routeros]") {
  ScriptServer server([](ScriptConn& conn) {
    conn.accept_login();
    const Sentence ping = conn.expect("/ping");
    conn.send({{"!re", tag_word(ping), "=seq=0", "=time=453us"},
               {"!re", tag_word(ping), "=seq=1", "=time=0ms12us"}});
    const Sentence cancel = conn.expect("/cancel");
    conn.send({{"!trap", tag_word(ping), "=category=2", "=message=interrupted"},
               {"!done", tag_word(cancel)},
               {"!done", tag_word(ping)}});
    conn.wait_for_close();
  });
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto session =
        co_await AsyncSession::open(ex, local(server.port()), "admin", "secret", deadline_in(5s));
    REQUIRE(session);
    std::vector<std::string> times;
    auto tag =
        session->send(Command("/ping").attr("address", "10.0.0.1"), [&](const Sentence& row) {
          times.emplace_back(row.attribute("time").value_or(""));
          return times.size() == 2 ? Flow::stop : Flow::more;
        });
    REQUIRE(tag);
    auto reply = co_await session->wait(*tag, deadline_in(5s));
    REQUIRE(reply);
    CHECK(reply->interrupted);
    CHECK(times == std::vector<std::string>{"453us", "0ms12us"});
  });
  CHECK(server.join().empty());
}

TEST_CASE("async wait ends with cancelled when its coroutine is cancelled",
          "[integration][routeros]") {
  ScriptServer server([](ScriptConn& conn) {
    conn.accept_login();
    conn.expect("/ip/address/listen");
    const Sentence cancel = conn.expect("/cancel");
    const std::string target = ".tag=" + std::string(cancel.attribute("tag").value_or(""));
    conn.send({{"!trap", target, "=category=2", "=message=interrupted"},
               {"!done", tag_word(cancel)},
               {"!done", target}});
    conn.wait_for_close();
  });
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    using namespace asio::experimental::awaitable_operators;
    auto session =
        co_await AsyncSession::open(ex, local(server.port()), "admin", "secret", deadline_in(5s));
    REQUIRE(session);
    auto tag = session->send(Command("/ip/address/listen"));
    REQUIRE(tag);
    asio::steady_timer timer(ex, 100ms);
    auto first =
        co_await (session->wait(*tag, deadline_in(10s)) || timer.async_wait(asio::use_awaitable));
    CHECK(first.index() == 1);  // the timer won; the wait was cancelled
    CHECK(session->is_open());
    // The router got a /cancel for the abandoned command.
    asio::steady_timer settle(ex, 100ms);
    co_await settle.async_wait(asio::use_awaitable);
    CHECK(session->pending_count() == 0);
  });
  CHECK(server.join().empty());
}

TEST_CASE("async session talks anonymous-DH and certificate TLS", "[integration][routeros]") {
  ill::test::TempDir dir;
  const ServerCert cert = ill::routeros::test::make_self_signed_cert(dir.path());
  auto script = [](ScriptConn& conn) {
    conn.accept_login();
    const Sentence print = conn.expect("/system/identity/print");
    conn.send({{"!re", tag_word(print), "=name=secure"}, {"!done", tag_word(print)}});
    conn.wait_for_close();
  };
  for (ServerTls mode : {ServerTls::adh, ServerTls::cert}) {
    ScriptServer server(script, mode, cert);
    Endpoint endpoint = local(server.port());
    endpoint.tls = Tls::on;
    if (mode == ServerTls::adh) {
      endpoint.tls_options.verify = TlsVerify::adh;
    } else {
      endpoint.tls_options.ca_file = cert.cert_file.string();
    }
    run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
      auto session = co_await AsyncSession::open(ex, endpoint, "admin", "secret", deadline_in(5s));
      REQUIRE(session);
      auto reply = co_await session->call(Command("/system/identity/print"), deadline_in(5s));
      REQUIRE(reply);
      CHECK(reply->rows.at(0).attribute("name") == "secure");
    });
    CHECK(server.join().empty());
  }
  // Verification against an ADH-only router fails with the hint.
  ScriptServer adh([](ScriptConn&) {}, ServerTls::adh);
  Endpoint endpoint = local(adh.port());
  endpoint.tls = Tls::on;
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    auto session = co_await AsyncSession::connect(ex, endpoint, deadline_in(5s));
    REQUIRE_FALSE(session);
    CHECK(session.error().category() == ill::Errc::unreachable);
    CHECK(session.error().message().find("--tls-verify adh") != std::string::npos);
  });
}

TEST_CASE("async connect and TLS handshake time out at their deadline", "[integration][routeros]") {
  ill::routeros::test::BlackHole hole;
  ScriptServer silent([](ScriptConn& conn) { conn.wait_for_close(); });
  Endpoint tls = local(silent.port());
  tls.tls = Tls::on;
  tls.tls_options.verify = TlsVerify::none;
  run_coroutine([&](asio::any_io_executor ex) -> asio::awaitable<void> {
    for (const Endpoint& endpoint : std::vector<Endpoint>{local(hole.port()), tls}) {
      const auto start = Clock::now();
      auto session = co_await AsyncSession::connect(ex, endpoint, deadline_in(300ms));
      const auto elapsed = Clock::now() - start;
      REQUIRE_FALSE(session);
      CHECK(session.error().category() == ill::Errc::timeout);
      CHECK(elapsed >= 290ms);
      CHECK(elapsed < 2s);
    }
  });
}

namespace {

// A tiny RouterOS-like server on the same io_context: accepts any login and answers every
// command with one row and !done, for scale tests.
asio::awaitable<void> serve_one(asio::ip::tcp::socket socket) {
  Decoder decoder;
  std::vector<char> buffer(4096);
  for (;;) {
    std::error_code ec;
    const std::size_t n = co_await socket.async_read_some(
        asio::buffer(buffer), asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !decoder.feed(std::string_view(buffer.data(), n))) co_return;
    std::string out;
    while (auto request = decoder.next()) {
      const std::string tag = tag_word(*request);
      if (request->first() != "/login") {
        append_sentence(out, {"!re", tag, "=name=ether1", "=running=true"});
      }
      append_sentence(out, {"!done", tag});
    }
    co_await asio::async_write(socket, asio::buffer(out),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
  }
}

asio::awaitable<void> accept_all(asio::ip::tcp::acceptor& acceptor) {
  for (;;) {
    std::error_code ec;
    auto socket = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    asio::co_spawn(acceptor.get_executor(), serve_one(std::move(socket)), asio::detached);
  }
}

}  // namespace

TEST_CASE("one io_context thread polls 500 sessions concurrently", "[integration][routeros]") {
  constexpr int k_sessions = 500;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io,
                                   asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  acceptor.listen(1024);
  const std::uint16_t port = acceptor.local_endpoint().port();
  asio::co_spawn(io, accept_all(acceptor), asio::detached);

  int ok = 0;
  int done = 0;
  std::string first_error;
  for (int i = 0; i < k_sessions; ++i) {
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
          auto session = co_await AsyncSession::open(io.get_executor(), local(port), "admin",
                                                     "secret", deadline_in(15s));
          if (session) {
            for (int poll = 0; poll < 3; ++poll) {
              std::vector<Command> commands{
                  Command("/interface/print"), Command("/system/resource/print"),
                  Command("/ping").attr("address", "10.0.0.1").attr("count", "1")};
              auto replies = co_await session->call_all(std::move(commands), deadline_in(15s));
              bool all = true;
              for (auto& r : replies) {
                if (!r) {
                  all = false;
                  if (first_error.empty()) first_error = r.error().what();
                }
              }
              if (all && poll == 2) ++ok;
            }
          } else if (first_error.empty()) {
            first_error = session.error().what();
          }
          if (++done == k_sessions) acceptor.close();
        },
        asio::detached);
  }
  const auto start = Clock::now();
  io.run_for(60s);
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  INFO(first_error);
  CHECK(done == k_sessions);
  CHECK(ok == k_sessions);
  WARN(fmt::format("{} sessions x 3 polls x 3 commands in {:.2f} s on one thread", k_sessions,
                   secs));
}
