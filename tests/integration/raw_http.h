// A raw TCP client for the tests that send what Poco's HTTP client cannot: malformed
// or ambiguous heads, pipelined requests, bodies shorter than announced, heads sent a
// line at a time, half-closed or idle connections. Connects to 127.0.0.1:PORT,
// optionally from another loopback address (127.0.0.0/8 is all loopback on Linux), so
// one test can be many client addresses.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace monjo::test {

struct RawReply {
  std::string status_line;  // "HTTP/1.1 404 Not Found"
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names, last value
  std::string body;
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

class RawConnection {
 public:
  explicit RawConnection(int port, const std::string& source = {}) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    if (!source.empty()) {
      sockaddr_in from{};
      from.sin_family = AF_INET;
      inet_pton(AF_INET, source.c_str(), &from.sin_addr);
      if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) {
        ::close(fd_);
        throw std::runtime_error("cannot bind to " + source);
      }
    }
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
      ::close(fd_);
      throw std::runtime_error("cannot connect to port " + std::to_string(port));
    }
  }
  ~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  RawConnection(RawConnection&& o) noexcept : fd_(o.fd_), buffer_(std::move(o.buffer_)), eof_(o.eof_) { o.fd_ = -1; }

  // False when the server has closed (or reset) the connection.
  bool send(std::string_view bytes) {
    while (!bytes.empty()) {
      const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // Everything until the server closes the connection or `timeout` passes.
  std::string read_all(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_ && fill(deadline)) {
    }
    std::string out = std::move(buffer_);
    buffer_.clear();
    return out;
  }

  // True when the server closes the connection within `timeout` (what it sends
  // before is read and kept for read_all / read_reply).
  bool closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!eof_ && fill(deadline)) {
    }
    return eof_;
  }
  bool closed() const { return eof_; }
  // Bytes received and not yet taken.
  const std::string& pending() const { return buffer_; }

  // The next response: status line, fields and a Content-Length body (a 1xx answer
  // has none). nullopt when the connection closes or `timeout` passes first.
  std::optional<RawReply> read_reply(std::chrono::milliseconds timeout, bool head_request = false) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    size_t end;
    while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (eof_ || !fill(deadline)) return std::nullopt;
    }
    RawReply r;
    const std::string head = buffer_.substr(0, end);
    size_t pos = head.find("\r\n");
    r.status_line = head.substr(0, pos);
    if (r.status_line.size() >= 12) r.status = std::atoi(r.status_line.c_str() + 9);
    while (pos != std::string::npos && pos < head.size()) {
      const size_t start = pos + 2;
      pos = head.find("\r\n", start);
      const std::string line = head.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
      const size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      size_t v = colon + 1;
      while (v < line.size() && line[v] == ' ') ++v;
      r.headers[name] = line.substr(v);
    }
    buffer_.erase(0, end + 4);
    const size_t length =
        r.status < 200 || head_request || r.header("content-length").empty() ? 0 : std::stoul(r.header("content-length"));
    while (buffer_.size() < length) {
      if (eof_ || !fill(deadline)) return std::nullopt;
    }
    r.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return r;
  }

 private:
  // Reads what is there within the deadline; false on timeout or end of stream.
  bool fill(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buf[16384];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      eof_ = true;  // closed or reset
      return false;
    }
    buffer_.append(buf, static_cast<size_t>(n));
    return true;
  }

  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace monjo::test
