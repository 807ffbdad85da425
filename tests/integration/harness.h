// Shared by the integration tests: run the real `monjo` binary with arguments,
// capture its exit code, stdout and stderr; make and remove temporary directories.
#pragma once

#include <arpa/inet.h>
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace monjo::test {

struct RunResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "monjo-test-XXXXXX").string();
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    char* made = mkdtemp(buf.data());
    if (!made) throw std::runtime_error("mkdtemp failed");
    path_ = made;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A loopback port nothing listens on now (the kernel's pick for port 0), for a server a
// test starts that cannot take port 0 itself (nginx, xapian-tcpsrv, the SMTP sink).
inline int free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

// Runs `monjo ARGS…` with stdin from `input`; no shell is involved.
// Runs build/bin/monjo with `args`; with `clock` ("2027-12-01 10:00:00"), under
// Debian's faketime, so that the command's today is that day.
inline RunResult run_monjo(const std::vector<std::string>& args, const std::string& input = {},
                           const std::string& clock = {}) {
  TempDir io;
  std::string in_path = io / "in", out_path = io / "out", err_path = io / "err";
  write_file(in_path, input);
  // Flush first, or the child would write the parent's buffered output again.
  std::fflush(stdout);
  std::fflush(stderr);
  pid_t pid = fork();
  if (pid == 0) {
    FILE* in = freopen(in_path.c_str(), "r", stdin);
    FILE* out = freopen(out_path.c_str(), "w", stdout);
    FILE* err = freopen(err_path.c_str(), "w", stderr);
    if (!in || !out || !err) _exit(127);
    std::vector<std::string> words;
    if (!clock.empty()) {
      words = {"/usr/bin/faketime", clock};
      // libfaketime is preloaded ahead of the sanitizer runtime in an ASan build.
      const char* asan = std::getenv("ASAN_OPTIONS");
      std::string options = std::string(asan ? asan : "") + (asan && *asan ? ":" : "") + "verify_asan_link_order=0";
      setenv("ASAN_OPTIONS", options.c_str(), 1);
    }
    words.push_back(MONJO_BIN);
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : words) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  RunResult r;
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

// run_monjo on another day: `day` is "YYYY-MM-DD", the time 10:00 (Japan's and
// UTC's day alike).
inline RunResult run_monjo_on(const std::string& day, const std::vector<std::string>& args) {
  return run_monjo(args, {}, day + " 03:00:00");
}

inline std::string fixture(const std::string& relative) {
  return std::string(MONJO_FIXTURES) + "/" + relative;
}

// The catalog of `data_dir` as `monjo export --format FORMAT` writes it: what the
// tests compare to say "byte for byte the same".
inline std::string exported(const std::string& data_dir, const std::string& format = "native") {
  auto r = run_monjo({"--data", data_dir, "export", "--format", format});
  REQUIRE(r.status == 0);
  return r.out;
}

}  // namespace monjo::test
