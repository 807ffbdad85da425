// The head of an HTTP/1.x request (request line and header fields), parsed strictly
// by the grammar of RFC 9112 in one pass, so that every byte has one meaning: what
// monjo serve takes for the end of a request is what any conforming proxy in front of
// it takes for it (no request smuggling). The framing of the body (Content-Length,
// Transfer-Encoding) is decided here and nowhere else. Pure and independent of
// sockets: the connection code (web/http/http_server.h) finds the end of the head, this
// file says what it means. docs/portal.md lists the rules; docs/decisions.md says why
// Poco's own parser is not used for this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace monjo::web {

struct RequestHead {
  std::string method;  // a token, as sent (methods are case-sensitive)
  std::string target;  // origin form "/path?query" (an absolute-form target is reduced to it), or "*"
  int minor_version = 1;  // HTTP/1.0 or HTTP/1.1 (a later 1.x is answered as 1.1)
  // Every field in order: names lower-cased, values with surrounding blanks removed.
  std::vector<std::pair<std::string, std::string>> fields;

  uint64_t content_length = 0;  // 0 without a Content-Length
  bool chunked = false;         // Transfer-Encoding: chunked (alone; anything else is refused)
  bool keep_alive = true;       // from the version and Connection
  bool expect_continue = false;  // Expect: 100-continue

  // The first value of a field (lower-case name), or "".
  std::string field(std::string_view lower_name) const;
};

// A refused head: the status to answer (400, 414, 431, 417, 505) and what was wrong,
// in English for the log and the plain-text body. Every refusal closes the connection.
struct HeadProblem {
  int status = 400;
  std::string what;
};

struct HeadParse {
  std::optional<RequestHead> head;  // set when the head is acceptable
  HeadProblem problem;              // otherwise
};

// `text` is the head up to and excluding the empty line that ends it (CRLF line ends;
// a bare LF is read as one, a CR anywhere else is refused). At most `max_fields`
// header fields (431 beyond).
HeadParse parse_request_head(std::string_view text, size_t max_fields = 100);

// Where the head in `buffer` ends: the offset just past the empty line (CRLF CRLF or
// LF LF, mixed too), or npos when it has not all arrived. Searching resumes at
// `from` (the old length of a growing buffer is fine: it steps back itself).
size_t find_head_end(std::string_view buffer, size_t from = 0);

// The reason phrase of a status ("Not Found"), from Poco's table.
const std::string& reason_phrase(int status);

}  // namespace monjo::web
