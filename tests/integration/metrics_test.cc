// /metrics and --trust-proxy on the real `monjo serve`: the Prometheus text counts
// what was asked of it, only loopback clients or signed-in staff may read it, and a
// client address (for the log, the limits and /metrics) comes from X-Forwarded-For
// only when the peer is a trusted proxy. A trusted proxy has no per-address cap. The
// "proxy" here is a raw connection from another loopback address (127.0.0.2).
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "harness.h"
#include "raw_http.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::RawConnection;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using namespace std::chrono_literals;

const std::string kProxy = "127.0.0.2";

struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  Portal() {
    auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    r = monjo::test::run_monjo({"--data", data.path(), "user", "add", "met1", "--role", "archivist"},
                               "metrics password 1\n");
    if (r.status != 0) throw std::runtime_error("user add failed: " + r.err);
    server = std::make_unique<ServeProcess>(
        data.path(), std::vector<std::string>{"--threads", "2", "--trust-proxy", kProxy, "--max-per-address", "2"});
  }
};

Portal& portal() {
  static Portal p;
  return p;
}
int port() { return portal().server->port(); }

// One request from `source` with extra header lines ("Name: value\r\n"…).
monjo::test::RawReply raw(const std::string& source, const std::string& target, const std::string& extra = {}) {
  RawConnection c(port(), source);
  c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n" + extra + "Connection: close\r\n\r\n");
  auto r = c.read_reply(20s);
  if (!r) throw std::runtime_error("no answer to " + target);
  return *r;
}

std::string metrics() {
  const auto r = http_request(port(), "GET", "/metrics");
  REQUIRE(r.status == 200);
  return r.body;
}

// The value of one sample line ("name{labels} value"), or -1.
double value(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("/metrics counts requests by route and status, with latency histograms", "[http][metrics]") {
  for (int i = 0; i < 3; ++i) CHECK(http_request(port(), "GET", "/healthz").status == 200);
  CHECK(http_request(port(), "GET", "/records/fx-v1").status == 200);
  CHECK(http_request(port(), "GET", "/no/such/page").status == 404);
  const auto r = http_request(port(), "GET", "/metrics");
  REQUIRE(r.status == 200);
  CHECK(r.header("content-type") == "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = r.body;
  CHECK(m.find("# TYPE monjo_http_requests_total counter\n") != std::string::npos);
  CHECK(value(m, "monjo_http_requests_total{route=\"/healthz\",status=\"200\"}") == 3);
  // By the route's pattern, never the raw path.
  CHECK(value(m, "monjo_http_requests_total{route=\"/records/{id}\",status=\"200\"}") == 1);
  CHECK(m.find("fx-v1") == std::string::npos);
  CHECK(value(m, "monjo_http_requests_total{route=\"unmatched\",status=\"404\"}") == 1);
  CHECK(m.find("# TYPE monjo_http_request_duration_seconds histogram\n") != std::string::npos);
  CHECK(value(m, "monjo_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"}") == 3);
  CHECK(value(m, "monjo_http_request_duration_seconds_count{route=\"/healthz\"}") == 3);
  CHECK(value(m, "monjo_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"10\"}") == 3);
  // The index served and the catalog it came from.
  CHECK(value(m, "monjo_index_generation{side=\"public\"}") == 1);
  CHECK(value(m, "monjo_catalog_generation") == 1);
  CHECK(value(m, "monjo_index_documents{side=\"public\"}") > 0);
  CHECK(value(m, "monjo_index_age_seconds{side=\"public\"}") >= 0);
  CHECK(value(m, "monjo_index_age_seconds{side=\"staff\"}") >= 0);
  CHECK(value(m, "monjo_imports_total") == 1);
  CHECK(value(m, "monjo_last_import_timestamp_seconds") > 1.7e9);
  CHECK(value(m, "monjo_http_workers") == 2);
  // Every sample line is "name{labels} number" or "name number".
  const std::regex line(R"((#.*|[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+))");
  size_t pos = 0;
  while (pos < m.size()) {
    const size_t nl = m.find('\n', pos);
    const std::string l = m.substr(pos, nl - pos);
    INFO(l);
    CHECK(std::regex_match(l, line));
    pos = nl == std::string::npos ? m.size() : nl + 1;
  }
}

TEST_CASE("/metrics counts cache hits, refusals and the connection layer", "[http][metrics]") {
  const std::string q = "/api/search?q=" + monjo::test::percent_encode("議会") + "&size=3";
  const double before = value(metrics(), "monjo_search_cache_hits_total");
  CHECK(http_request(port(), "GET", q).status == 200);
  CHECK(http_request(port(), "GET", q).status == 200);
  std::string m = metrics();
  CHECK(value(m, "monjo_search_cache_hits_total") >= before + 1);
  CHECK(value(m, "monjo_search_cache_entries") >= 1);

  const double refused = std::max(0.0, value(m, "monjo_http_refused_requests_total{status=\"400\"}"));
  {
    RawConnection c(port());
    c.send("POST /api/requests HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n");
    REQUIRE(c.read_reply(20s));
  }
  m = metrics();
  CHECK(value(m, "monjo_http_refused_requests_total{status=\"400\"}") == refused + 1);
  CHECK(value(m, "monjo_http_connections_accepted_total") > 0);
  CHECK(value(m, "monjo_http_connections{state=\"queued\"}") >= 1);  // this very request
  for (const char* phase : {"header", "body", "idle", "write"}) {
    CHECK(value(m, std::string("monjo_http_timeouts_total{phase=\"") + phase + "\"}") >= 0);
  }
}

TEST_CASE("/metrics is for loopback clients and signed-in staff only", "[http][metrics][security]") {
  // Straight from loopback, and from loopback through the trusted proxy.
  CHECK(raw("127.0.0.1", "/metrics").status == 200);
  CHECK(raw(kProxy, "/metrics", "X-Forwarded-For: 127.0.0.1\r\n").status == 200);
  // A remote client through the proxy is sent to the login page.
  const auto remote = raw(kProxy, "/metrics", "X-Forwarded-For: 203.0.113.9\r\n");
  CHECK(remote.status == 303);
  CHECK(remote.header("location").rfind("/staff/login?next=", 0) == 0);
  CHECK(remote.body.find("monjo_http") == std::string::npos);
  // … and may read it once signed in.
  const auto form = http_request(port(), "GET", "/staff/login");
  const auto login_cookie = form.cookie("monjo_login");
  REQUIRE(login_cookie);
  const auto signed_in =
      http_request(port(), "POST", "/staff/login", {{"Cookie", "monjo_login=" + *login_cookie}},
                   monjo::test::form_encode({{"login_token", *login_cookie},
                                             {"name", "met1"},
                                             {"password", "metrics password 1"},
                                             {"next", "/staff/"}}),
                   monjo::test::kFormContentType, std::chrono::seconds(20));
  const auto session = signed_in.cookie("monjo_session");
  REQUIRE(session);
  const auto staff =
      raw(kProxy, "/metrics", "X-Forwarded-For: 203.0.113.9\r\nCookie: monjo_session=" + *session + "\r\n");
  CHECK(staff.status == 200);
  CHECK(staff.body.find("monjo_http_requests_total") != std::string::npos);
}

TEST_CASE("X-Forwarded-For is believed only from a trusted proxy", "[http][proxy][security]") {
  raw("127.0.0.1", "/robots.txt?from=direct", "X-Forwarded-For: 198.51.100.7\r\n");
  raw(kProxy, "/robots.txt?from=proxy", "X-Forwarded-For: 203.0.113.1, 198.51.100.8\r\n");
  raw(kProxy, "/robots.txt?from=chain", "X-Forwarded-For: 198.51.100.9, 127.0.0.2\r\n");
  const std::string log = portal().server->log();
  // Not trusted: the peer's own address, whatever the header says.
  CHECK(std::regex_search(log, std::regex(R"(\n127\.0\.0\.1 - - \[[^\]]+\] "GET /robots\.txt\?from=direct )")));
  // Trusted: the right-most address that is not a trusted proxy.
  CHECK(std::regex_search(log, std::regex(R"(\n198\.51\.100\.8 - - \[[^\]]+\] "GET /robots\.txt\?from=proxy )")));
  CHECK(std::regex_search(log, std::regex(R"(\n198\.51\.100\.9 - - \[[^\]]+\] "GET /robots\.txt\?from=chain )")));
}

TEST_CASE("a trusted proxy has no per-address cap; another address does", "[http][proxy]") {
  std::vector<std::unique_ptr<RawConnection>> through_proxy;
  for (int i = 0; i < 5; ++i) {
    through_proxy.push_back(std::make_unique<RawConnection>(port(), kProxy));
    through_proxy.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = through_proxy.back()->read_reply(20s);
    INFO("connection " << i << " through the proxy");
    REQUIRE(r);
    CHECK(r->status == 200);
  }
  std::vector<std::unique_ptr<RawConnection>> direct;
  for (int i = 0; i < 2; ++i) {
    direct.push_back(std::make_unique<RawConnection>(port(), "127.0.0.3"));
    direct.back()->send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(direct.back()->read_reply(20s));
  }
  RawConnection third(port(), "127.0.0.3");
  auto r = third.read_reply(20s);
  REQUIRE(r);
  CHECK(r->status == 503);
  const std::string m = metrics();
  CHECK(value(m, "monjo_http_connections_refused_total{reason=\"per_address\"}") >= 1);
}

TEST_CASE("monjo serve refuses a --trust-proxy entry that is not an address", "[http][proxy]") {
  const auto r = monjo::test::run_monjo({"--data", portal().data.path(), "serve", "--port", "0", "--trust-proxy",
                                         "127.0.0.1,proxy.example"});
  CHECK(r.status != 0);
  CHECK(r.err.find("proxy.example") != std::string::npos);
}
