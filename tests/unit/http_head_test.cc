// web/http/http_head.h in process: the strict reading of a request head, one meaning per
// byte. Every head a proxy could read differently from us is refused; the framing
// (Content-Length, Transfer-Encoding) is decided exactly once.
#include <catch2/catch.hpp>

#include <string>

#include "web/http/http_head.h"
#include "web/http/http_server.h"

using monjo::web::find_head_end;
using monjo::web::parse_request_head;

namespace {

// The head without its final empty line, as the connection layer passes it.
monjo::web::HeadParse parse(const std::string& head) { return parse_request_head(head); }

int refused(const std::string& head) {
  const auto p = parse(head);
  return p.head ? 0 : p.problem.status;
}

}  // namespace

TEST_CASE("a plain request head is read with its fields and framing", "[web][http]") {
  const auto p = parse("POST /api/requests?x=1 HTTP/1.1\r\nHost: example.org\r\nContent-Length: 12\r\n"
                       "X-Note:   padded value  \r\nCookie: a=1\r\nCookie: b=2\r\n");
  REQUIRE(p.head);
  CHECK(p.head->method == "POST");
  CHECK(p.head->target == "/api/requests?x=1");
  CHECK(p.head->minor_version == 1);
  CHECK(p.head->content_length == 12);
  CHECK_FALSE(p.head->chunked);
  CHECK(p.head->keep_alive);
  CHECK(p.head->field("x-note") == "padded value");
  CHECK(p.head->field("host") == "example.org");
  CHECK(p.head->fields.size() == 5);
}

TEST_CASE("the version decides keep-alive and is never taken for more than 1.1", "[web][http]") {
  auto p = parse("GET / HTTP/1.0\r\n");
  REQUIRE(p.head);
  CHECK(p.head->minor_version == 0);
  CHECK_FALSE(p.head->keep_alive);
  p = parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n");
  REQUIRE(p.head);
  CHECK(p.head->keep_alive);
  p = parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n");
  REQUIRE(p.head);
  CHECK_FALSE(p.head->keep_alive);
  p = parse("GET / HTTP/1.7\r\nHost: h\r\n");
  REQUIRE(p.head);
  CHECK(p.head->minor_version == 1);
  CHECK(refused("GET / HTTP/9.9\r\nHost: h\r\n") == 505);
  CHECK(refused("GET / HTTP/2.0\r\nHost: h\r\n") == 505);
  CHECK(refused("GET / HTTP/1.10\r\nHost: h\r\n") == 400);
  CHECK(refused("GET / http/1.1\r\nHost: h\r\n") == 400);
  CHECK(refused("GET /\r\nHost: h\r\n") == 400);  // HTTP/0.9 style
}

TEST_CASE("Transfer-Encoding: only a lone chunked, never with Content-Length", "[web][http][smuggling]") {
  auto p = parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n");
  REQUIRE(p.head);
  CHECK(p.head->chunked);
  for (const std::string te : {"gzip, chunked", "chunked, gzip", "chunked, chunked", "identity", "gzip", "chunked;q=1",
                               "\"chunked\"", "x-chunked", "chunk"}) {
    INFO(te);
    CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + te + "\r\n") == 400);
  }
  // Split over two fields, it is the list "gzip, chunked".
  CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n") == 400);
  CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n") == 400);
  CHECK(refused("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n") == 400);
  // A name a lenient parser would trim is no field name at all.
  CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding : chunked\r\n") == 400);
  CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\n Transfer-Encoding: chunked\r\n") == 400);
}

TEST_CASE("Content-Length: one, digits only", "[web][http][smuggling]") {
  for (const std::string v : {"-1", "+5", "5 5", "0x10", "5,5", "", "1e3", "9999999999999999", "５"}) {
    INFO("'" << v << "'");
    CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + v + "\r\n") == 400);
  }
  CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n") == 400);
  CHECK(refused("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n") == 400);
  const auto p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 000123\r\n");
  REQUIRE(p.head);
  CHECK(p.head->content_length == 123);
}

TEST_CASE("malformed lines, controls and missing Host are refused", "[web][http]") {
  CHECK(refused("GET / HTTP/1.1\r\n") == 400);                              // no Host
  CHECK(refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n") == 400);        // two
  CHECK(refused("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\rX-B: 2\r\n") == 400);  // bare CR
  CHECK(refused("GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x01" "b\r\n") == 400);
  static const char kNul[] = "GET / HTTP/1.1\r\nHost: h\r\nX-A: a\0b\r\n";
  CHECK(refused(std::string(kNul, sizeof kNul - 1)) == 400);
  CHECK(refused("GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n folded\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1\r\nHost: h\r\nno colon here\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1\r\nHost: h\r\n: empty name\r\n") == 400);
  CHECK(refused("GET  / HTTP/1.1\r\nHost: h\r\n") == 400);  // two spaces
  CHECK(refused("GET / HTTP/1.1 \r\nHost: h\r\n") == 400);
  CHECK(refused("G@T / HTTP/1.1\r\nHost: h\r\n") == 400);
  CHECK(refused("GET /a\x7f" "b HTTP/1.1\r\nHost: h\r\n") == 400);
  CHECK(refused("GET example.org:443 HTTP/1.1\r\nHost: h\r\n") == 400);
  CHECK(refused("GET * HTTP/1.1\r\nHost: h\r\n") == 400);
  CHECK(refused("GET / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n") == 417);
  std::string many = "GET / HTTP/1.1\r\nHost: h\r\n";
  for (int i = 0; i < 100; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  CHECK(refused(many) == 431);
}

TEST_CASE("bare LF line ends, absolute-form targets and 100-continue are understood", "[web][http]") {
  auto p = parse("GET /a HTTP/1.1\nHost: h\n");
  REQUIRE(p.head);
  CHECK(p.head->target == "/a");
  p = parse("GET http://example.org:8080/records/x?y=1 HTTP/1.1\r\nHost: example.org\r\n");
  REQUIRE(p.head);
  CHECK(p.head->target == "/records/x?y=1");
  p = parse("GET HTTPS://example.org HTTP/1.1\r\nHost: example.org\r\n");
  REQUIRE(p.head);
  CHECK(p.head->target == "/");
  p = parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n");
  REQUIRE(p.head);
  CHECK(p.head->target == "*");
  p = parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n");
  REQUIRE(p.head);
  CHECK(p.head->expect_continue);
}

TEST_CASE("the end of a head is found however it arrives", "[web][http]") {
  const std::string head = "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET /next";
  CHECK(find_head_end(head) == 27);
  // Byte by byte, resuming where the last search stopped.
  size_t found = std::string::npos;
  for (size_t n = 1; n <= head.size() && found == std::string::npos; ++n) {
    found = find_head_end(std::string_view(head).substr(0, n), n - 1);
  }
  CHECK(found == 27);
  CHECK(find_head_end("GET / HTTP/1.1\nHost: h\n\n") == 24);
  CHECK(find_head_end("GET / HTTP/1.1\r\nHost: h\r\n") == std::string::npos);
}

TEST_CASE("answers carry HTTP/1.1 and the status's own reason phrase", "[web][http]") {
  monjo::web::HttpAnswer a;
  a.status = 404;
  a.body = "gone";
  const std::string wire = monjo::web::serialize_answer(a, true, false);
  CHECK(wire.rfind("HTTP/1.1 404 Not Found\r\n", 0) == 0);
  CHECK(wire.find("Content-Length: 4\r\n") != std::string::npos);
  CHECK(wire.find("Connection:") == std::string::npos);
  CHECK(wire.substr(wire.size() - 8) == "\r\n\r\ngone");
  a.status = 413;
  a.send_body = false;
  const std::string closing = monjo::web::serialize_answer(a, false, false);
  CHECK(closing.rfind("HTTP/1.1 413 Request Entity Too Large\r\n", 0) == 0);
  CHECK(closing.find("Connection: close\r\n") != std::string::npos);
  CHECK(closing.substr(closing.size() - 4) == "\r\n\r\n");
  CHECK(monjo::web::serialize_answer(a, true, true).find("Connection: keep-alive\r\n") != std::string::npos);
  CHECK(monjo::web::reason_phrase(503) == "Service Unavailable");
}
