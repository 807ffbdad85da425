// HTTP framing of the real `monjo serve`, byte by byte over raw sockets: request
// smuggling through Transfer-Encoding and Content-Length, bodies shorter than
// announced, the 4,094-byte request line that used to desynchronise a pipelined
// connection, reason phrases and the response version, pipelining and 100-continue.
// Every refusal is a 400 (or the status the RFC names) and a closed connection.
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

using monjo::test::RawConnection;
using monjo::test::RawReply;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using namespace std::chrono_literals;

// A body timeout far beyond any wait here: an answer that comes at all came "at once".
struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  Portal() {
    auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    server = std::make_unique<ServeProcess>(data.path(), std::vector<std::string>{"--threads", "2", "--body-timeout",
                                                                                   "120", "--header-timeout", "120"});
  }
};

Portal& portal() {
  static Portal p;
  return p;
}
int port() { return portal().server->port(); }

// Sends `bytes` on a fresh connection and collects every answer until the server closes.
std::vector<RawReply> exchange(const std::string& bytes, bool half_close = false) {
  RawConnection c(port());
  c.send(bytes);
  if (half_close) c.shutdown_write();
  std::vector<RawReply> out;
  while (auto r = c.read_reply(30s)) out.push_back(*r);
  return out;
}

// The answer to `bytes`, which must be the only one, on a connection the server closed.
RawReply refused(const std::string& bytes) {
  RawConnection c(port());
  c.send(bytes);
  auto r = c.read_reply(30s);
  REQUIRE(r);
  CHECK(r->header("connection") == "close");
  CHECK(c.closed_within(30s));
  CHECK(c.pending().empty());  // nothing more was answered
  return *r;
}

const std::string kSmuggled = "GET /api/search?q=smuggled1 HTTP/1.1\r\nHost: x\r\n\r\n";

}  // namespace

TEST_CASE("a Transfer-Encoding but a lone chunked is refused, so nothing can be smuggled", "[http][framing]") {
  // The reproduction: the chunked "body" ends at once and the rest would be a request.
  const std::string body = "0\r\n\r\n" + kSmuggled;
  for (const std::string te : {"gzip, chunked", "chunked, gzip", "identity", "chunked, chunked"}) {
    INFO(te);
    const RawReply r = refused("POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                               "Transfer-Encoding: " +
                               te + "\r\n\r\n" + body);
    CHECK(r.status_line == "HTTP/1.1 400 Bad Request");
    CHECK(r.body.find("Transfer-Encoding") != std::string::npos);
  }
  const RawReply spaced =
      refused("POST /api/requests HTTP/1.1\r\nHost: x\r\nTransfer-Encoding : chunked\r\n\r\n" + body);
  CHECK(spaced.status == 400);
  const RawReply both = refused("POST /api/requests HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                "Content-Length: 5\r\n\r\n" +
                                body);
  CHECK(both.status == 400);
  // A lone chunked is well-formed, but monjo takes bodies with a length only.
  const RawReply chunked = refused("POST /api/requests HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
  CHECK(chunked.status_line == "HTTP/1.1 411 Length Required");
  // The embedded request was never answered nor logged.
  CHECK(portal().server->log().find("smuggled1") == std::string::npos);
}

TEST_CASE("a duplicate, conflicting, negative or malformed Content-Length is refused at once", "[http][framing]") {
  for (const std::string lengths : {"Content-Length: 5\r\nContent-Length: 6\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n",
                                    "Content-Length: -1\r\n", "Content-Length: +6\r\n", "Content-Length: 6 6\r\n",
                                    "Content-Length: 0x6\r\n", "Content-Length: 5, 5\r\n"}) {
    INFO(lengths);
    // The body is there; had the server waited for more, the answer would not come.
    const RawReply r = refused("POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                               lengths + "\r\nabcdef");
    CHECK(r.status == 400);
    CHECK(r.body.find("Content-Length") != std::string::npos);
  }
}

TEST_CASE("a body shorter than its Content-Length is refused when the client half-closes", "[http][framing]") {
  RawConnection c(port());
  c.send("POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}");
  c.shutdown_write();
  auto r = c.read_reply(30s);  // the body timeout is 120 s: this is not it
  REQUIRE(r);
  CHECK(r->status_line == "HTTP/1.1 400 Bad Request");
  CHECK(r->body.find("shorter than its Content-Length") != std::string::npos);
  CHECK(c.closed_within(30s));
}

TEST_CASE("a body shorter than its Content-Length is refused after the body timeout", "[http][framing]") {
  TempDir data;
  REQUIRE(monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")}).status ==
          0);
  ServeProcess server(data.path(), {"--threads", "2", "--body-timeout", "1"});
  RawConnection c(server.port());
  c.send("POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}");
  auto r = c.read_reply(30s);  // the connection stays open on our side
  REQUIRE(r);
  CHECK(r->status == 400);
  CHECK(r->body.find("shorter than its Content-Length") != std::string::npos);
  CHECK(c.closed_within(30s));
}

TEST_CASE("request lines of every length around 4 KiB get one answer each on a pipelined connection",
          "[http][framing][pipelining]") {
  // With Poco 1.11's header stream, a request line of 4,094 bytes with its CRLF ended
  // the head early: its fields were read as the next request (an extra 400) and the
  // next pipelined request went unanswered.
  for (size_t total = 4088; total <= 4100; ++total) {
    const std::string start = "GET /healthz?pad=", tail = " HTTP/1.1\r\n";
    const std::string line = start + std::string(total - start.size() - tail.size(), 'a') + tail;
    REQUIRE(line.size() == total);
    INFO("request line of " << total << " bytes");
    const auto replies = exchange(line + "Host: x\r\nUser-Agent: first\r\n\r\n" +
                                  "GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    REQUIRE(replies.size() == 2);
    CHECK(replies[0].status == 200);
    CHECK(replies[0].body.find("\"status\"") != std::string::npos);
    CHECK(replies[1].status == 200);
    CHECK(replies[1].body.find("Sitemap:") != std::string::npos);
  }
}

TEST_CASE("answers carry their own reason phrase and HTTP/1.1, whatever version was asked", "[http][framing]") {
  auto replies = exchange("GET /no/such/page HTTP/1.1\r\nHost: x\r\n\r\n"
                          "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
                          "GET /search?q=%ZZ HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /healthz HTTP/1.0\r\n\r\n");
  REQUIRE(replies.size() == 4);
  CHECK(replies[0].status_line == "HTTP/1.1 404 Not Found");
  CHECK(replies[1].status_line == "HTTP/1.1 405 Method Not Allowed");
  CHECK(replies[2].status_line == "HTTP/1.1 400 Bad Request");
  CHECK(replies[3].status_line == "HTTP/1.1 200 OK");  // an HTTP/1.0 request, answered in 1.1
  CHECK(replies[3].header("connection") == "close");
  const RawReply future = refused("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n");
  CHECK(future.status_line == "HTTP/1.1 505 HTTP Version Not Supported");
}

TEST_CASE("malformed heads are refused with 400 and the connection closed", "[http][framing]") {
  static const char kNul[] = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n";
  for (const std::string& head : {std::string("GET /healthz HTTP/1.1\r\n\r\n"),  // no Host
                                 std::string("GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
                                 std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n  folded\r\n\r\n"),
                                 std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nX-A: 1\rX-B: 2\r\n\r\n"),
                                 std::string(kNul, sizeof kNul - 1),
                                 std::string("GET  /healthz HTTP/1.1\r\nHost: x\r\n\r\n")}) {
    INFO(head);
    const RawReply r = refused(head);
    CHECK(r.status_line == "HTTP/1.1 400 Bad Request");
    // In both languages, from the message catalogs.
    CHECK(r.body.find("HTTP の形式に沿わない") != std::string::npos);
    CHECK(r.body.find("not well-formed HTTP") != std::string::npos);
  }
  // A head that never ends within the limit.
  const RawReply huge = refused("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n");
  CHECK(huge.status == 431);
  const RawReply long_line = refused("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(long_line.status == 414);
}

TEST_CASE("pipelined requests are answered in order, with 100-continue for a body that waits", "[http][pipelining]") {
  RawConnection c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /robots.txt HTTP/1.1\r\nHost: x\r\n\r\n"
         "GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  auto a = c.read_reply(30s);
  auto b = c.read_reply(30s, /*head_request=*/true);
  auto d = c.read_reply(30s);
  REQUIRE((a && b && d));
  CHECK(a->body.find("\"status\"") != std::string::npos);
  CHECK(b->status == 200);
  CHECK(b->body.empty());
  CHECK(d->body.find("Sitemap:") != std::string::npos);
  CHECK(c.closed_within(30s));

  RawConnection e(port());
  e.send("POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
         "Expect: 100-continue\r\n\r\n");
  auto cont = e.read_reply(30s);
  REQUIRE(cont);
  CHECK(cont->status_line == "HTTP/1.1 100 Continue");
  e.send("{}");
  auto final_answer = e.read_reply(30s);
  REQUIRE(final_answer);
  CHECK(final_answer->status == 400);  // an empty request is refused by the API, not by the framing
  CHECK(final_answer->header("content-type").find("application/json") != std::string::npos);
}

TEST_CASE("a body over the limit is refused with the site's page before it is read", "[http][framing]") {
  RawConnection c(port());
  c.send("POST /requests/new HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
         "Content-Length: 10000000\r\n\r\nname=");
  auto r = c.read_reply(30s);
  REQUIRE(r);
  CHECK(r->status_line == "HTTP/1.1 413 Request Entity Too Large");
  CHECK(r->header("content-type").find("text/html") != std::string::npos);
  CHECK(c.closed_within(30s));
}
