// Shared by the integration tests that speak HTTP to the real `monjo serve`: start it on
// a free loopback port and stop it (ServeProcess), send one request with Poco's client and
// keep all a test may look at (http_request, HttpReply), and encode query and form values.
#pragma once

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness.h"

namespace monjo::test {

// A running `monjo --data DATA serve --port 0 EXTRA…`, its stderr in log(); stopped when destroyed.
// With `clock` ("2034-01-15 03:00:00"), under Debian's faketime (as run_monjo), so the
// server's today is that day while its clock keeps running.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& data_dir, const std::vector<std::string>& extra = {},
                        const std::string& clock = {})
      : log_(dir_ / "serve.log") {
    std::vector<std::string> args = {MONJO_BIN, "--data", data_dir, "serve", "--port", "0"};
    if (!clock.empty()) {
      args.insert(args.begin(), {"/usr/bin/faketime", clock});
      const char* asan = std::getenv("ASAN_OPTIONS");
      const std::string options =
          std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "verify_asan_link_order=0";
      setenv("ASAN_OPTIONS", options.c_str(), 1);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    // Flush first: freopen in the child would write the parent's buffered output again.
    std::fflush(stdout);
    std::fflush(stderr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      FILE* out = freopen("/dev/null", "w", stdout);
      FILE* err = freopen(log_.c_str(), "w", stderr);
      if (!out || !err) _exit(127);
      execv(argv[0], argv.data());
      _exit(127);
    }
    // Port 0 lets the kernel choose; the server names the port it got on stderr.
    const std::regex ready("monjo serving http://[^:]+:([0-9]+)");
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      std::smatch m;
      const std::string text = log();
      if (std::regex_search(text, m, ready)) {
        port_ = std::stoi(m[1]);
        break;
      }
      int ws = 0;
      if (waitpid(pid_, &ws, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error("monjo serve exited with status " +
                                 std::to_string(WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws)) +
                                 " before serving: " + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (port_ == 0) {
      // No destructor runs for a throwing constructor: leave no server behind.
      stop();
      throw std::runtime_error("monjo serve did not start: " + log());
    }
  }
  ~ServeProcess() { stop(); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  std::string log() const { return read_file(log_); }

  // SIGTERM, then the exit status; SIGKILL and -1 if it has not stopped within 15 s.
  int stop() {
    if (pid_ <= 0) return exit_status_;
    kill(pid_, SIGTERM);
    for (int i = 0; i < 300; ++i) {
      int ws = 0;
      if (waitpid(pid_, &ws, WNOHANG) == pid_) {
        exit_status_ = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
        pid_ = 0;
        return exit_status_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
    return exit_status_;
  }

 private:
  TempDir dir_;
  std::string log_;
  pid_t pid_ = -1;
  int port_ = 0;
  int exit_status_ = -1;
};

inline std::string lower_case(const std::string& s) {
  std::string out;
  for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names, the last value of each
  std::vector<std::string> cookies;            // every Set-Cookie line, in order
  std::string body;
  std::string content_type;  // Poco's reading of Content-Type, "" without one

  std::string header(const std::string& name) const {
    auto it = headers.find(lower_case(name));
    return it == headers.end() ? "" : it->second;
  }
  // The value the first Set-Cookie for `name` gives it, or nullopt.
  std::optional<std::string> cookie(const std::string& name) const {
    const std::string line = cookie_line(name);
    if (line.empty()) return std::nullopt;
    return line.substr(name.size() + 1, line.find(';') - name.size() - 1);
  }
  // The whole first Set-Cookie line for `name` (its attributes too), or "".
  std::string cookie_line(const std::string& name) const {
    for (const auto& c : cookies) {
      if (c.rfind(name + "=", 0) == 0) return c;
    }
    return {};
  }
};

inline constexpr const char* kFormContentType = "application/x-www-form-urlencoded";
inline constexpr std::chrono::seconds kHttpTimeout{10};

// One request on a fresh connection to 127.0.0.1:PORT. A POST, or any request given a
// non-empty body, carries the body with its Content-Type and Content-Length; `headers`
// are set first, so those two cannot be overridden for such a request.
inline HttpReply http_request(int port, const std::string& method, const std::string& target,
                              const std::map<std::string, std::string>& headers = {}, const std::string& body = {},
                              const std::string& content_type = kFormContentType,
                              std::chrono::seconds timeout = kHttpTimeout) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(static_cast<long>(timeout.count()), 0));
  Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
  for (const auto& [k, v] : headers) request.set(k, v);
  const bool with_body = method == "POST" || !body.empty();
  if (with_body) {
    request.setContentType(content_type);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  std::ostream& out = session.sendRequest(request);
  if (with_body) out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  HttpReply r;
  r.status = static_cast<int>(response.getStatus());
  r.content_type = response.getContentType();
  for (const auto& [k, v] : response) {
    const std::string name = lower_case(k);
    r.headers[name] = v;
    if (name == "set-cookie") r.cookies.push_back(v);
  }
  Poco::StreamCopier::copyToString(in, r.body);
  return r;
}

// Percent-encodes every byte but ASCII letters, digits and "-_." (UTF-8 stays bytes).
inline std::string percent_encode(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

// application/x-www-form-urlencoded, in the order given (a name may repeat).
inline std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(k) + "=" + percent_encode(v);
  }
  return out;
}

}  // namespace monjo::test
