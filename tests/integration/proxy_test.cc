// deploy/nginx/monjo.conf for real: Debian's nginx, with a self-signed certificate made
// here by openssl, on loopback ports in front of the real `monjo serve --trust-proxy
// 127.0.0.1`. The deploy file is used as it is, only its ports and paths replaced (each
// replacement must find its line). HTTPS pages over HTTP/2, the redirect from HTTP,
// static files from web/static, a staff sign-in whose cookies are Secure, the client's
// own address in monjo's log, and slow TLS clients held by nginx, never by monjo.
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "raw_http.h"
#include "serve_harness.h"

namespace {

using monjo::test::read_file;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using monjo::test::write_file;
using namespace std::chrono_literals;

struct Ran {
  int status = -1;
  std::string out, err;
};

// Runs a program (found on PATH) with `args`; no shell.
Ran run(const std::vector<std::string>& args) {
  TempDir io;
  const std::string out_path = io / "out", err_path = io / "err";
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* in = freopen("/dev/null", "r", stdin);
    FILE* out = freopen(out_path.c_str(), "w", stdout);
    FILE* err = freopen(err_path.c_str(), "w", stderr);
    if (!in || !out || !err) _exit(127);
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  Ran r;
  int ws = 0;
  waitpid(pid, &ws, 0);
  r.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
  r.out = read_file(out_path);
  r.err = read_file(err_path);
  return r;
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const size_t at = text.find(from);
  INFO("deploy/nginx/monjo.conf should contain: " << from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

const std::string kStaffPassword = "proxy password 1";

// monjo serve, and nginx in front of it with the deploy configuration.
class Proxied {
 public:
  Proxied() {
    auto r = monjo::test::run_monjo({"--data", data_.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    r = monjo::test::run_monjo({"--data", data_.path(), "user", "add", "prox1", "--role", "officer"},
                               kStaffPassword + "\n");
    if (r.status != 0) throw std::runtime_error("user add failed: " + r.err);
    monjo_ = std::make_unique<ServeProcess>(data_.path(),
                                            std::vector<std::string>{"--threads", "2", "--trust-proxy", "127.0.0.1"});

    const auto cert = run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                           "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout",
                           work_ / "key.pem", "-out", work_ / "cert.pem"});
    if (cert.status != 0) throw std::runtime_error("openssl failed: " + cert.err);

    https_port_ = monjo::test::free_loopback_port();
    http_port_ = monjo::test::free_loopback_port();
    std::string site = read_file(std::string(MONJO_SOURCE_DIR) + "/deploy/nginx/monjo.conf");
    replace_once(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(monjo_->port()) + ";");
    replace_once(site, "    listen 80;\n", "    listen 127.0.0.1:" + std::to_string(http_port_) + ";\n");
    replace_once(site, "    listen [::]:80;\n", "");
    replace_once(site, "    listen 443 ssl http2;\n",
                 "    listen 127.0.0.1:" + std::to_string(https_port_) + " ssl http2;\n");
    replace_once(site, "    listen [::]:443 ssl http2;\n", "");
    replace_once(site, "/etc/letsencrypt/live/archives.example.jp/fullchain.pem", work_ / "cert.pem");
    replace_once(site, "/etc/letsencrypt/live/archives.example.jp/privkey.pem", work_ / "key.pem");
    replace_once(site, "/var/log/nginx/monjo.access.log", work_ / "access.log");
    replace_once(site, "/var/log/nginx/monjo.error.log", work_ / "error.log");
    replace_once(site, "/usr/local/share/monjo/static/", std::string(MONJO_SOURCE_DIR) + "/web/static/");
    write_file(work_ / "site.conf", site);
    const std::string t = work_.path();
    write_file(work_ / "nginx.conf",
               std::string(geteuid() == 0 ? "user root;\n" : "") + "daemon off;\nworker_processes 1;\n" +
                   "worker_rlimit_nofile 8192;\npid " + t + "/nginx.pid;\nerror_log " + t + "/main-error.log warn;\n" +
                   "events { worker_connections 4096; }\n" +
                   "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n" +
                   "  client_body_temp_path " + t + "/body;\n  proxy_temp_path " + t + "/proxy;\n" +
                   "  fastcgi_temp_path " + t + "/fastcgi;\n  uwsgi_temp_path " + t + "/uwsgi;\n" +
                   "  scgi_temp_path " + t + "/scgi;\n  include " + t + "/site.conf;\n}\n");
    const auto tested = run({"nginx", "-t", "-q", "-e", work_ / "main-error.log", "-p", t, "-c", work_ / "nginx.conf"});
    if (tested.status != 0) throw std::runtime_error("nginx -t failed: " + tested.err + read_file(work_ / "main-error.log"));

    std::fflush(stdout);
    std::fflush(stderr);
    nginx_ = fork();
    if (nginx_ == 0) {
      FILE* out = freopen("/dev/null", "w", stdout);
      FILE* err = freopen((work_ / "nginx.stderr").c_str(), "w", stderr);
      if (!out || !err) _exit(127);
      execlp("nginx", "nginx", "-e", (work_ / "main-error.log").c_str(), "-p", t.c_str(), "-c",
             (work_ / "nginx.conf").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 200; ++i) {
      try {
        monjo::test::RawConnection probe(https_port_);
        return;
      } catch (const std::exception&) {
        std::this_thread::sleep_for(50ms);
      }
    }
    stop_nginx();
    throw std::runtime_error("nginx did not start: " + read_file(work_ / "main-error.log"));
  }
  ~Proxied() { stop_nginx(); }

  std::string https(const std::string& path) const { return "https://127.0.0.1:" + std::to_string(https_port_) + path; }
  std::string http(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(http_port_) + path; }
  int https_port() const { return https_port_; }
  const ServeProcess& monjo() const { return *monjo_; }
  std::string nginx_log() const { return read_file(work_ / "access.log"); }
  std::string file(const std::string& name) const { return work_ / name; }

 private:
  void stop_nginx() {
    if (nginx_ <= 0) return;
    kill(nginx_, SIGQUIT);  // graceful: workers finish, then exit
    for (int i = 0; i < 200; ++i) {
      if (waitpid(nginx_, nullptr, WNOHANG) == nginx_) {
        nginx_ = 0;
        return;
      }
      std::this_thread::sleep_for(50ms);
    }
    kill(nginx_, SIGKILL);
    waitpid(nginx_, nullptr, 0);
    nginx_ = 0;
  }

  TempDir data_, work_;
  std::unique_ptr<ServeProcess> monjo_;
  int https_port_ = 0, http_port_ = 0;
  pid_t nginx_ = -1;
};

Proxied& proxied() {
  static Proxied p;
  return p;
}

struct Curl {
  int status = 0;
  std::string version;  // "2", "1.1"
  std::string headers;  // as received, lower-cased
  std::string body;
};

// curl through the proxy from `source` (a loopback address); `extra` are more options.
Curl curl(const std::string& url, const std::string& source, std::vector<std::string> extra = {}) {
  TempDir io;
  std::vector<std::string> args = {"curl", "-sk", "--http2", "--max-time", "30", "--interface", source,
                                   "-o", io / "body", "-D", io / "headers", "-w", "%{http_version} %{http_code}"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(url);
  const auto r = run(args);
  INFO("curl " << url << ": " << r.err);
  REQUIRE(r.status == 0);
  Curl c;
  const size_t sp = r.out.find(' ');
  c.version = r.out.substr(0, sp);
  c.status = std::stoi(r.out.substr(sp + 1));
  c.headers = monjo::test::lower_case(read_file(io / "headers"));
  c.body = read_file(io / "body");
  return c;
}

// The "Set-Cookie: NAME=…" line of a header block, lower-cased, or "".
std::string set_cookie(const std::string& headers, const std::string& name) {
  std::smatch m;
  if (std::regex_search(headers, m, std::regex("set-cookie: " + name + "=[^\r\n]*"))) return m[0];
  return {};
}

}  // namespace

TEST_CASE("through nginx: HTTPS pages over HTTP/2, the redirect from HTTP, static files", "[http][proxy][nginx]") {
  auto& p = proxied();
  const Curl home = curl(p.https("/"), "127.0.0.5");
  CHECK(home.status == 200);
  CHECK(home.version == "2");
  CHECK(home.body.find("<html") != std::string::npos);
  CHECK(home.headers.find("content-security-policy: default-src 'self'") != std::string::npos);
  CHECK(home.headers.find("strict-transport-security: max-age=31536000") != std::string::npos);
  const Curl record = curl(p.https("/records/fx-v1?lang=en"), "127.0.0.5");
  CHECK(record.status == 200);
  const Curl missing = curl(p.https("/no/such/page"), "127.0.0.5");
  CHECK(missing.status == 404);

  const Curl plain = curl(p.http("/search?q=x"), "127.0.0.5");
  CHECK(plain.status == 301);
  CHECK(plain.headers.find("location: https://127.0.0.1/search?q=x") != std::string::npos);

  // /static/ comes from web/static, with the caching the embedded copy has.
  const Curl css = curl(p.https("/static/style.css?v=0123abcd"), "127.0.0.5");
  CHECK(css.status == 200);
  CHECK(css.body == read_file(std::string(MONJO_SOURCE_DIR) + "/web/static/style.css"));
  CHECK(css.headers.find("cache-control: public, max-age=31536000, immutable") != std::string::npos);
  CHECK(css.headers.find("content-type: text/css") != std::string::npos);
  // A body larger than monjo takes is refused by nginx already.
  write_file(p.file("big.json"), "{\"pad\": \"" + std::string(100 * 1024, 'p') + "\"}");
  const Curl big = curl(p.https("/api/requests"), "127.0.0.5",
                        {"-H", "Content-Type: application/json", "--data-binary", "@" + p.file("big.json")});
  CHECK(big.status == 413);
  CHECK(big.headers.find("server: nginx") != std::string::npos);
}

TEST_CASE("through nginx: staff sign-in sets Secure cookies (X-Forwarded-Proto: https)", "[http][proxy][nginx]") {
  auto& p = proxied();
  const std::string jar = p.file("cookies.txt");
  const Curl form = curl(p.https("/staff/login"), "127.0.0.5", {"-c", jar});
  REQUIRE(form.status == 200);
  CHECK(set_cookie(form.headers, "monjo_login").find("; secure") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(form.body, m, std::regex("name=\"login_token\" value=\"([^\"]+)\"")));
  const Curl login = curl(p.https("/staff/login"), "127.0.0.5",
                          {"-b", jar, "--data-urlencode", "login_token=" + m[1].str(), "--data-urlencode",
                           "name=prox1", "--data-urlencode", "password=" + kStaffPassword, "--data-urlencode",
                           "next=/staff/"});
  CHECK(login.status == 303);
  const std::string session = set_cookie(login.headers, "monjo_session");
  REQUIRE_FALSE(session.empty());
  CHECK(session.find("; secure") != std::string::npos);
  CHECK(session.find("; httponly") != std::string::npos);
  // Straight to monjo over plain HTTP the same sign-in would not be Secure.
  const auto direct = monjo::test::http_request(p.monjo().port(), "GET", "/staff/login");
  CHECK(direct.cookie_line("monjo_login").find("Secure") == std::string::npos);
}

TEST_CASE("through nginx: monjo logs the client's own address, not the proxy's nor a forged one",
          "[http][proxy][nginx]") {
  auto& p = proxied();
  CHECK(curl(p.https("/robots.txt?via=nginx"), "127.0.0.7").status == 200);
  CHECK(curl(p.https("/robots.txt?via=forged"), "127.0.0.8", {"-H", "X-Forwarded-For: 198.51.100.66"}).status ==
        200);
  std::this_thread::sleep_for(200ms);
  const std::string log = p.monjo().log();
  CHECK(std::regex_search(log, std::regex(R"(\n127\.0\.0\.7 - - \[[^\]]+\] "GET /robots\.txt\?via=nginx HTTP/1\.1" 200 )")));
  // nginx appends the address it saw; monjo takes that one, not what the client wrote.
  CHECK(std::regex_search(log, std::regex(R"(\n127\.0\.0\.8 - - \[[^\]]+\] "GET /robots\.txt\?via=forged )")));
  CHECK(log.find("198.51.100.66 - -") == std::string::npos);
  CHECK(std::regex_search(p.nginx_log(), std::regex(R"((^|\n)127\.0\.0\.7 - - \[[^\]]+\] "GET /robots\.txt\?via=nginx HTTP/2\.0" 200 )")));
}

TEST_CASE("through nginx: slow and idle TLS clients are held by nginx and the portal still answers",
          "[http][proxy][nginx][slow]") {
  auto& p = proxied();
  Poco::Net::initializeSSL();
  {
    Poco::Net::Context::Ptr context =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
    const Poco::Net::SocketAddress address("127.0.0.1", static_cast<Poco::UInt16>(p.https_port()));
    // nginx's limit_conn is 64 per address; these come from one.
    std::vector<std::unique_ptr<Poco::Net::SecureStreamSocket>> slow, idle;
    for (int i = 0; i < 30; ++i) {
      auto s = std::make_unique<Poco::Net::SecureStreamSocket>(address, context);
      const std::string partial = "GET /search?q=x HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n";
      s->sendBytes(partial.data(), static_cast<int>(partial.size()));
      slow.push_back(std::move(s));
    }
    for (int i = 0; i < 30; ++i) {
      auto s = std::make_unique<Poco::Net::SecureStreamSocket>(address, context);
      const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
      s->sendBytes(request.data(), static_cast<int>(request.size()));
      s->setReceiveTimeout(Poco::Timespan(20, 0));
      char buf[4096];
      const int n = s->receiveBytes(buf, sizeof buf);
      INFO("idle connection " << i);
      REQUIRE(n > 12);
      CHECK(std::string(buf, 12) == "HTTP/1.1 200");
      idle.push_back(std::move(s));
    }
    CHECK(curl(p.https("/healthz"), "127.0.0.9").status == 200);
    CHECK(curl(p.https("/api/search?q=" + monjo::test::percent_encode("議会")), "127.0.0.9").status == 200);
    // None of the slow heads reached monjo: nginx reads a whole request before it passes it on.
    const auto metrics = monjo::test::http_request(p.monjo().port(), "GET", "/metrics");
    REQUIRE(metrics.status == 200);
    CHECK(metrics.body.find("\nmonjo_http_connections{state=\"head\"} 0\n") != std::string::npos);
    // … and nginx closes them at its client_header_timeout.
    slow.front()->setReceiveTimeout(Poco::Timespan(30, 0));
    char buf[256];
    int n = -1;
    try {
      n = slow.front()->receiveBytes(buf, sizeof buf);
    } catch (const Poco::Exception&) {
      n = 0;  // reset, or the TLS session ended
    }
    CHECK(n <= 0);
  }
  Poco::Net::uninitializeSSL();
}
