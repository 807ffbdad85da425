// Xapian's own servers (Debian's xapian-tools) on free loopback ports, for the tests of
// an index in parts, a federation and read replicas (docs/scaling.md). Stopped when
// destroyed; stop() and start() again on the same port is a machine going down and
// coming back.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"

namespace monjo::test {

inline bool port_accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  if (fd >= 0) ::close(fd);
  return ok;
}

// One of Xapian's TCP servers (xapian-tcpsrv, xapian-replicate-server) on a free
// loopback port: `argv` is the program and its arguments, "{port}" in them replaced by
// the port; its output goes to `log`. In its own process group, with the children it
// forks for each connection: on SIGTERM these servers signal their whole group,
// which would otherwise be the test's.
class XapianServer {
 public:
  explicit XapianServer(std::vector<std::string> argv, std::string log = "/dev/null")
      : argv_(std::move(argv)), log_(std::move(log)), port_(free_loopback_port()) {
    for (auto& a : argv_) {
      if (a == "{port}") a = std::to_string(port_);
    }
    start();
  }
  ~XapianServer() { stop(); }
  XapianServer(const XapianServer&) = delete;
  XapianServer& operator=(const XapianServer&) = delete;

  int port() const { return port_; }

  void start() {
    if (pid_ > 0) return;
    std::vector<char*> argv;
    for (auto& a : argv_) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      setpgid(0, 0);
      if (!freopen(log_.c_str(), "a", stdout) || !freopen(log_.c_str(), "a", stderr)) _exit(127);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (port_accepts(port_)) return;
      int ws = 0;
      if (waitpid(pid_, &ws, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error(argv_[0] + " exited before listening on " + std::to_string(port_) + ": " +
                                 read_file(log_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    stop();
    throw std::runtime_error(argv_[0] + " did not listen on " + std::to_string(port_) + ": " + read_file(log_));
  }

  // SIGKILL to the server and the children serving open connections: a machine
  // that is gone, not one that says goodbye.
  void stop() {
    if (pid_ <= 0) return;
    kill(-pid_, SIGKILL);
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  std::vector<std::string> argv_;
  std::string log_;
  int port_;
  pid_t pid_ = 0;
};

// `xapian-tcpsrv` serving one index part (or a whole public index) read-only.
class TcpServer : public XapianServer {
 public:
  explicit TcpServer(const std::string& dir)
      : XapianServer({"/usr/bin/xapian-tcpsrv", "--port", "{port}", "--interface", "127.0.0.1", "--quiet", dir}) {}
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port()); }
};

}  // namespace monjo::test
