// Xapian's own `xapian-tcpsrv` (Debian's xapian-tools) serving one index part on a
// free loopback port, for the tests of an index split into parts
// (archive/search/index_parts.h, docs/scaling.md). Stopped when destroyed; stop()
// and start() again on the same port is a part going down and coming back.
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

class TcpServer {
 public:
  explicit TcpServer(std::string dir) : dir_(std::move(dir)), port_(free_loopback_port()) { start(); }
  ~TcpServer() { stop(); }
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  int port() const { return port_; }
  std::string url() const { return "tcp://127.0.0.1:" + std::to_string(port_); }

  void start() {
    if (pid_ > 0) return;
    std::vector<std::string> args = {
        "/usr/bin/xapian-tcpsrv", "--port", std::to_string(port_), "--interface", "127.0.0.1", "--quiet", dir_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      setpgid(0, 0);  // its own group, with the child it forks for each connection
      // Its "Got exception NetworkError" lines for the connections the tests cut.
      if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      if (port_accepts(port_)) return;
      int ws = 0;
      if (waitpid(pid_, &ws, WNOHANG) == pid_) {
        pid_ = 0;
        throw std::runtime_error("xapian-tcpsrv exited before listening on " + std::to_string(port_));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    stop();
    throw std::runtime_error("xapian-tcpsrv did not listen on " + std::to_string(port_));
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
  std::string dir_;
  int port_;
  pid_t pid_ = 0;
};

}  // namespace monjo::test
