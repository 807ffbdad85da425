#include "web/http/http_head.h"

#include <Poco/Net/HTTPResponse.h>

namespace monjo::web {

namespace {

bool is_tchar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return false;
  }
}

bool is_token(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!is_tchar(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// field-value = *( VCHAR / obs-text / SP / HTAB ): no NUL, no other control character.
bool is_field_value(std::string_view s) {
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\t') continue;
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && lower(a) == lower(b); }

// The comma-separated elements of a list-valued field, blanks trimmed, empty ones dropped.
std::vector<std::string_view> list_elements(std::string_view value) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= value.size()) {
    size_t comma = value.find(',', pos);
    if (comma == std::string_view::npos) comma = value.size();
    const auto element = trim_ows(value.substr(pos, comma - pos));
    if (!element.empty()) out.push_back(element);
    pos = comma + 1;
  }
  return out;
}

HeadParse refuse(int status, std::string what) {
  HeadParse p;
  p.problem.status = status;
  p.problem.what = std::move(what);
  return p;
}

// The request target: origin form, absolute form (reduced to origin form) or "*".
std::optional<std::string> origin_form(std::string_view target, const std::string& method) {
  for (const char ch : target) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7f) return std::nullopt;
  }
  if (target.front() == '/') return std::string(target);
  if (target == "*") return method == "OPTIONS" ? std::optional<std::string>("*") : std::nullopt;
  const std::string head = lower(target.substr(0, 8));
  size_t start = 0;
  if (head.rfind("http://", 0) == 0) {
    start = 7;
  } else if (head.rfind("https://", 0) == 0) {
    start = 8;
  } else {
    return std::nullopt;
  }
  const size_t path = target.find_first_of("/?#", start);
  if (path == start) return std::nullopt;  // no authority
  if (path == std::string_view::npos) return std::string("/");
  if (target[path] == '/') return std::string(target.substr(path));
  return "/" + std::string(target.substr(path));
}

}  // namespace

std::string RequestHead::field(std::string_view lower_name) const {
  for (const auto& [name, value] : fields) {
    if (name == lower_name) return value;
  }
  return {};
}

size_t find_head_end(std::string_view buffer, size_t from) {
  size_t pos = from >= 2 ? from - 2 : 0;
  while ((pos = buffer.find('\n', pos)) != std::string_view::npos) {
    if (pos + 1 < buffer.size() && buffer[pos + 1] == '\n') return pos + 2;
    if (pos + 2 < buffer.size() && buffer[pos + 1] == '\r' && buffer[pos + 2] == '\n') return pos + 3;
    ++pos;
  }
  return std::string_view::npos;
}

HeadParse parse_request_head(std::string_view text, size_t max_fields) {
  // Split into lines; each ends with LF, optionally preceded by the CR of a CRLF.
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t lf = text.find('\n', pos);
    if (lf == std::string_view::npos) return refuse(400, "the head does not end with a line break");
    std::string_view line = text.substr(pos, lf - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\r') != std::string_view::npos) return refuse(400, "a CR not followed by LF");
    lines.push_back(line);
    pos = lf + 1;
  }
  if (lines.empty() || lines.front().empty()) return refuse(400, "no request line");

  // request-line = method SP request-target SP HTTP-version
  RequestHead head;
  const std::string_view request_line = lines.front();
  const size_t sp1 = request_line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || request_line.find(' ', sp2 + 1) != std::string_view::npos) {
    return refuse(400, "the request line is not METHOD SP TARGET SP VERSION");
  }
  const std::string_view method = request_line.substr(0, sp1);
  const std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = request_line.substr(sp2 + 1);
  if (!is_token(method)) return refuse(400, "the method is not a token");
  head.method = std::string(method);
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' || version[5] < '0' ||
      version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return refuse(400, "the HTTP version is malformed");
  }
  if (version[5] != '1') return refuse(505, "only HTTP/1.0 and HTTP/1.1 are served");
  head.minor_version = version[7] == '0' ? 0 : 1;
  if (target.empty()) return refuse(400, "no request target");
  auto origin = origin_form(target, head.method);
  if (!origin) return refuse(400, "the request target is not a path");
  head.target = std::move(*origin);

  // field-line = field-name ":" OWS field-value OWS
  int hosts = 0, lengths = 0;
  bool has_transfer_encoding = false;
  std::vector<std::string_view> codings;
  std::string_view length_value;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.empty()) return refuse(400, "an empty line inside the head");
    if (line.front() == ' ' || line.front() == '\t') return refuse(400, "a folded or indented header line");
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) return refuse(400, "a header line without a colon");
    const std::string_view name = line.substr(0, colon);
    if (!is_token(name)) return refuse(400, "a malformed header name (blanks before the colon?)");
    const std::string_view value = trim_ows(line.substr(colon + 1));
    if (!is_field_value(value)) return refuse(400, "a control character in a header value");
    if (head.fields.size() >= max_fields) return refuse(431, "too many header fields");
    std::string lname = lower(name);
    if (lname == "host") ++hosts;
    if (lname == "content-length") {
      ++lengths;
      length_value = value;
    }
    if (lname == "transfer-encoding") {
      has_transfer_encoding = true;
      for (const auto element : list_elements(value)) codings.push_back(element);
    }
    head.fields.emplace_back(std::move(lname), std::string(value));
  }

  if (hosts > 1) return refuse(400, "more than one Host");
  if (hosts == 0 && head.minor_version == 1) return refuse(400, "an HTTP/1.1 request without Host");

  // Framing: exactly one way to tell where the body ends, or the request is refused.
  if (has_transfer_encoding) {
    if (head.minor_version == 0) return refuse(400, "Transfer-Encoding in an HTTP/1.0 request");
    if (codings.size() != 1 || !iequals(codings.front(), "chunked")) {
      return refuse(400, "a Transfer-Encoding other than a lone chunked");
    }
    if (lengths > 0) return refuse(400, "both Transfer-Encoding and Content-Length");
    head.chunked = true;
  }
  if (lengths > 1) return refuse(400, "more than one Content-Length");
  if (lengths == 1) {
    if (length_value.empty() || length_value.size() > 15) return refuse(400, "an invalid Content-Length");
    uint64_t n = 0;
    for (const char c : length_value) {
      if (c < '0' || c > '9') return refuse(400, "an invalid Content-Length");
      n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    head.content_length = n;
  }

  bool close = false, keep_alive = false;
  for (const auto& [name, value] : head.fields) {
    if (name == "connection") {
      for (const auto option : list_elements(value)) {
        close = close || iequals(option, "close");
        keep_alive = keep_alive || iequals(option, "keep-alive");
      }
    } else if (name == "expect" && head.minor_version == 1) {
      if (!iequals(value, "100-continue")) return refuse(417, "an expectation other than 100-continue");
      head.expect_continue = true;
    }
  }
  head.keep_alive = !close && (head.minor_version == 1 || keep_alive);
  HeadParse parsed;
  parsed.head = std::move(head);
  return parsed;
}

const std::string& reason_phrase(int status) {
  return Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
}

}  // namespace monjo::web
