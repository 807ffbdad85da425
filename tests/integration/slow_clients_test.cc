// Slow, silent and idle clients against the real `monjo serve`: none of them holds a
// worker, each is closed by its timeout, one address cannot take every connection,
// and a full server makes room for a new client. These assert behaviour only; how
// fast the portal answers under 1,000 + 1,000 such connections is measured by
// tools/bench/slow_clients.py (docs/performance.md).
#include <sys/resource.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "raw_http.h"
#include "serve_harness.h"

namespace {

using monjo::test::RawConnection;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using namespace std::chrono_literals;

std::string import_small(const TempDir& data) {
  auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
  if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
  return data.path();
}

// Raises this process's open-files limit and says how many sockets it may open.
int sockets_allowed() {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);
  getrlimit(RLIMIT_NOFILE, &lim);
  return static_cast<int>(std::min<rlim_t>(lim.rlim_cur, 1 << 20)) - 64;
}

// A whole request on a fresh connection, its status (0: no answer).
int raw_get(int port, const std::string& target, const std::string& source = {}) {
  RawConnection c(port, source);
  c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto r = c.read_reply(10s);
  return r ? r->status : 0;
}

}  // namespace

TEST_CASE("/healthz and a search answer while hundreds of trickling and idle connections are open",
          "[http][slow]") {
  const int each = std::min(300, sockets_allowed() / 2);
  TempDir data;
  // Two workers: with a worker held per connection, the third client would wait.
  ServeProcess server(import_small(data), {"--threads", "2", "--max-per-address", "10000", "--header-timeout", "60"});
  std::vector<std::unique_ptr<RawConnection>> slow, idle;
  for (int i = 0; i < each; ++i) {
    auto c = std::make_unique<RawConnection>(server.port());
    c->send("GET /search?q=x HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n");  // and no end of the head
    slow.push_back(std::move(c));
  }
  for (int i = 0; i < each; ++i) {
    auto c = std::make_unique<RawConnection>(server.port());
    c->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c->read_reply(30s);
    INFO("keep-alive connection " << i);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    idle.push_back(std::move(c));  // stays open, idle
  }
  const auto health = monjo::test::http_request(server.port(), "GET", "/healthz");
  CHECK(health.status == 200);
  const auto search =
      monjo::test::http_request(server.port(), "GET", "/api/search?q=" + monjo::test::percent_encode("議会"));
  CHECK(search.status == 200);
  CHECK(search.body.find("\"total\"") != std::string::npos);
  // The trickling ones are still waiting, unanswered.
  for (auto& c : slow) {
    c->send("X-More: 1\r\n");
    CHECK_FALSE(c->closed_within(0ms));
  }
  CHECK(slow.front()->pending().empty());
}

TEST_CASE("a client trickling its head is answered 408 and closed at the header timeout", "[http][slow]") {
  TempDir data;
  ServeProcess server(import_small(data), {"--threads", "2", "--header-timeout", "1"});
  RawConnection c(server.port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  bool closed = false;
  int lines = 0;
  // One header line every 200 ms for up to 30 s: a slowloris that never ends its head.
  for (; lines < 150 && !closed; ++lines) {
    if (!c.send("X-Line-" + std::to_string(lines) + ": 1\r\n")) break;
    closed = c.closed_within(200ms);
  }
  CHECK((closed || c.closed_within(10s)));
  CHECK(lines < 150);  // closed while it was still trickling
  const std::string answer = c.pending();
  CHECK(answer.rfind("HTTP/1.1 408 Request Time-out\r\n", 0) == 0);  // Poco's (RFC 2616's) phrase
}

TEST_CASE("idle and silent connections are closed by their timeouts", "[http][slow]") {
  TempDir data;
  ServeProcess server(import_small(data), {"--threads", "2", "--keep-alive", "1", "--header-timeout", "2"});
  RawConnection kept(server.port());
  kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  auto r = kept.read_reply(10s);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->header("connection").empty());  // kept alive
  CHECK(kept.closed_within(20s));          // … until idle for a second
  CHECK(kept.pending().empty());           // closed silently

  RawConnection silent(server.port());  // connects and says nothing
  CHECK(silent.closed_within(20s));
  CHECK(silent.pending().empty());
}

TEST_CASE("one address cannot hold more connections than its cap, while others still get in", "[http][slow]") {
  TempDir data;
  ServeProcess server(import_small(data), {"--threads", "2", "--max-per-address", "4", "--header-timeout", "60"});
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawConnection>(server.port()));
  // Each is answered in turn, so all four are open at the server before the fifth.
  for (auto& c : held) {
    c->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(c->read_reply(10s));
  }
  RawConnection fifth(server.port());
  auto refused = fifth.read_reply(10s);
  REQUIRE(refused);
  CHECK(refused->status_line == "HTTP/1.1 503 Service Unavailable");
  CHECK(refused->body.find("Too many connections from your address") != std::string::npos);
  CHECK(fifth.closed_within(10s));
  // Another client address is not affected.
  CHECK(raw_get(server.port(), "/healthz", "127.0.0.2") == 200);
  // When one of the four leaves, the address may connect again.
  held.pop_back();
  int status = 0;
  for (int attempt = 0; attempt < 50 && status != 200; ++attempt) {
    std::this_thread::sleep_for(100ms);
    status = raw_get(server.port(), "/healthz");
  }
  CHECK(status == 200);
}

TEST_CASE("a server at its connection limit closes the longest-waiting idle one for a new client", "[http][slow]") {
  TempDir data;
  ServeProcess server(import_small(data), {"--threads", "2", "--max-connections", "16", "--header-timeout", "60"});
  std::vector<std::unique_ptr<RawConnection>> waiting;
  for (int i = 0; i < 16; ++i) {
    waiting.push_back(std::make_unique<RawConnection>(server.port(), "127.0.0." + std::to_string(10 + i)));
    waiting.back()->send("GET /healthz HTTP/1.1\r\n");  // an incomplete head
    std::this_thread::sleep_for(20ms);                  // so that their order is known
  }
  CHECK(raw_get(server.port(), "/healthz") == 200);
  CHECK(waiting.front()->closed_within(10s));  // the oldest made room
  CHECK_FALSE(waiting.back()->closed_within(0ms));
}
