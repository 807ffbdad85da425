// Read replicas on loopback (docs/scaling.md): the writer's published public index served
// by Debian's xapian-replicate-server, copied by xapian-replicate into a replica's data
// directory, and `monjo serve --replica` there answering from it alone; a change on the
// writer seen after the next replication without a restart; a replica that was down
// catching up (changesets, or a full copy after a rebuild); the writer's routes sent to
// the writer (307) or refused (503); nothing but the public index replicated.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"
#include "serve_harness.h"
#include "tcpsrv_harness.h"

namespace {

namespace fs = std::filesystem;
using monjo::test::fixture;
using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::read_file;
using monjo::test::run_monjo;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using monjo::test::write_file;
using nlohmann::json;

// A port nothing listens on now (the kernel's choice for port 0).
// Runs a program with arguments, its output in `log`; waits for it.
int run(const std::vector<std::string>& args, const std::string& log) {
  std::fflush(stdout);
  std::fflush(stderr);
  const pid_t pid = fork();
  if (pid == 0) {
    FILE* out = freopen(log.c_str(), "a", stdout);
    FILE* err = freopen(log.c_str(), "a", stderr);
    if (!out || !err) _exit(127);
    std::vector<std::string> words = args;
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int ws = 0;
  waitpid(pid, &ws, 0);
  return WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

// `xapian-replicate-server -p PORT DIR` until destroyed.
class ReplicateServer : public monjo::test::XapianServer {
 public:
  ReplicateServer(const std::string& dir, const std::string& log)
      : XapianServer({"/usr/bin/xapian-replicate-server", "-I", "127.0.0.1", "-p", "{port}", dir}, log) {}
};

// A catalog of one open fonds whose title holds `word`.
std::string one_fonds(const std::string& id, const std::string& word) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
         "  <fonds id=\"" +
         id + "\">\n    <title>" + word + "文書</title>\n    <access status=\"open\"/>\n  </fonds>\n</catalog>\n";
}

struct Topology {
  TempDir work;
  std::string writer = work / "writer";
  std::string replica = work / "replica";
  std::string log = work / "replication.log";
  std::unique_ptr<ReplicateServer> server;

  Topology() {
    // The writer keeps changesets for its replicas (docs/scaling.md); the variable is
    // Xapian's own and is read at each commit, so `monjo import` passes it on.
    setenv("XAPIAN_MAX_CHANGESETS", "20", 1);
    auto r = run_monjo({"--data", writer, "import", fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    server = std::make_unique<ReplicateServer>(writer + "/publish", log);
    fs::create_directories(replica + "/index");
  }
  ~Topology() { unsetenv("XAPIAN_MAX_CHANGESETS"); }

  // One run of xapian-replicate: the replica is brought up to the writer's revision.
  int replicate() {
    return run({"/usr/bin/xapian-replicate", "-h", "127.0.0.1", "-p", std::to_string(server->port()), "-m", "public",
                "-o", replica + "/index/public"},
               log);
  }
  void import(const std::string& id, const std::string& word) {
    const std::string file = work / (id + ".xml");
    write_file(file, one_fonds(id, word));
    auto r = run_monjo({"--data", writer, "import", file});
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
  // The copy the replica's stub file names ("replica_0").
  std::string live_copy() const {
    const std::string stub = read_file(replica + "/index/public/XAPIANDB");
    const auto at = stub.rfind("auto ");
    return at == std::string::npos ? "" : stub.substr(at + 5, stub.find('\n', at) - at - 5);
  }
};

long total(int port, const std::string& q) {
  const auto r = http_request(port, "GET", "/api/search?facets=0&q=" + percent_encode(q));
  INFO(r.body);
  REQUIRE(r.status == 200);
  return json::parse(r.body)["total"].get<long>();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a replica serves the public pages from the replicated index and follows each revision", "[replica]") {
  Topology t;
  REQUIRE(fs::is_symlink(t.writer + "/publish/public"));
  REQUIRE(t.replicate() == 0);
  REQUIRE(fs::exists(t.replica + "/index/public/XAPIANDB"));
  REQUIRE_FALSE(fs::exists(t.replica + "/catalog.sqlite"));

  ServeProcess replica(t.replica, {"--replica", "--threads", "2"});
  const int port = replica.port();
  CHECK(total(port, "恩給裁定通知") >= 1);
  const auto page = http_request(port, "GET", "/search?q=" + percent_encode("恩給裁定通知"));
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "恩給裁定通知"));
  const auto home = http_request(port, "GET", "/");
  CHECK(home.status == 200);
  const auto health = http_request(port, "GET", "/healthz");
  CHECK(health.status == 200);
  CHECK(contains(health.body, "\"ok\""));

  // The record pages from the index's public views are the writer's pages from the
  // catalog (the address in the permalinks aside).
  {
    ServeProcess writer(t.writer, {"--threads", "2"});
    for (const char* id : {"fx-sagamihara", "fx-gikai", "fx-v1", "fx-v1-001", "fx-v1-003", "fx-v3", "fx-v3-001"}) {
      INFO(id);
      const std::string target = std::string("/records/") + id;
      auto mine = http_request(port, "GET", target);
      auto theirs = http_request(writer.port(), "GET", target);
      REQUIRE(mine.status == 200);
      REQUIRE(theirs.status == 200);
      auto without_port = [](std::string s, int p) {
        const std::string at = "127.0.0.1:" + std::to_string(p);
        for (size_t k; (k = s.find(at)) != std::string::npos;) s.replace(k, at.size(), "HOST");
        return s;
      };
      CHECK(without_port(mine.body, port) == without_port(theirs.body, writer.port()));
    }
    for (const char* id : {"fx-v1", "fx-v1-001", "fx-v3-001"}) {
      INFO(id);
      const std::string target = std::string("/api/records/") + id;
      auto mine = http_request(port, "GET", target);
      auto theirs = http_request(writer.port(), "GET", target);
      REQUIRE(mine.status == 200);
      CHECK(json::parse(mine.body) == json::parse(theirs.body));
    }
    const auto restricted = http_request(port, "GET", "/records/fx-v3-001");
    for (const char* word : {"秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿"})
      CHECK_FALSE(contains(restricted.body, word));
    CHECK(contains(restricted.body, "恩給裁定通知"));
    CHECK(http_request(port, "GET", "/records/no-such-record").status == 404);
  }

  // A change on the writer: after the next replication, found without a restart.
  CHECK(total(port, "複製確認一号") == 0);
  t.import("rx-one", "複製確認一号");
  REQUIRE(t.replicate() == 0);
  CHECK(total(port, "複製確認一号") == 1);
  CHECK(http_request(port, "GET", "/records/rx-one").status == 200);

  // Down for two imports: one run catches up from the changesets, in place.
  const std::string copy = t.live_copy();
  t.import("rx-two", "複製確認二号");
  t.import("rx-three", "複製確認三号");
  CHECK(total(port, "複製確認二号") == 0);
  REQUIRE(t.replicate() == 0);
  CHECK(t.live_copy() == copy);
  CHECK(total(port, "複製確認二号") == 1);
  CHECK(total(port, "複製確認三号") == 1);

  // A rebuild is a new database: the replica takes a full copy and switches to it.
  auto r = run_monjo({"--data", t.writer, "reindex"});
  REQUIRE(r.status == 0);
  t.import("rx-four", "複製確認四号");
  REQUIRE(t.replicate() == 0);
  CHECK(t.live_copy() != copy);
  CHECK(total(port, "複製確認四号") == 1);
  CHECK(total(port, "複製確認一号") == 1);
  CHECK(replica.stop() == 0);
}

TEST_CASE("nothing withheld reaches a replica: only the public index is published", "[replica][security]") {
  Topology t;
  REQUIRE(t.replicate() == 0);
  // The published directory holds the public index alone, and the server refuses a
  // path out of it.
  std::vector<std::string> published;
  for (const auto& e : fs::directory_iterator(t.writer + "/publish")) published.push_back(e.path().filename());
  CHECK(published == std::vector<std::string>{"public"});
  fs::create_directories(t.work / "stolen");
  CHECK(run({"/usr/bin/xapian-replicate", "-h", "127.0.0.1", "-p", std::to_string(t.server->port()), "-m",
             "../index/staff", "-o", t.work / "stolen/staff"},
            t.log) != 0);
  // xapian-replicate leaves an empty database behind (its stub and version file): no
  // table holds anything.
  std::vector<std::string> stolen;
  for (const auto& e : fs::recursive_directory_iterator(t.work / "stolen")) {
    if (e.is_regular_file() && e.path().extension() == ".glass" && e.file_size() > 0) stolen.push_back(e.path());
  }
  CHECK(stolen.empty());

  ServeProcess replica(t.replica, {"--replica", "--threads", "2"});
  for (const char* word : {"秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿", "法人語己", "審査語丙", "閉鎖語乙",
                           "書庫秘匿", "状態秘匿", "注記秘匿", "保存秘匿"}) {
    INFO(word);
    const auto r = http_request(replica.port(), "GET", "/api/search?q=" + percent_encode(word));
    REQUIRE(r.status == 200);
    CHECK(json::parse(r.body)["total"] == 0);
    CHECK_FALSE(contains(r.body, word));
  }
  // Every file the replica holds is its copy of the public index.
  for (const auto& e : fs::recursive_directory_iterator(t.replica)) {
    if (!e.is_regular_file()) continue;
    INFO(e.path());
    CHECK(e.path().string().find(t.replica + "/index/public/") == 0);
  }
}

TEST_CASE("a replica sends the writer's routes to the writer, or says none is configured", "[replica][http]") {
  Topology t;
  REQUIRE(t.replicate() == 0);
  {
    ServeProcess replica(t.replica, {"--replica", "--threads", "2"});
    for (const char* target :
         {"/staff/", "/staff/login", "/requests/new", "/fonds/fx-sagamihara", "/oai?verb=Identify"}) {
      INFO(target);
      const auto r = http_request(replica.port(), "GET", target);
      CHECK(r.status == 503);
      CHECK(contains(r.body, "本館のサーバー"));
    }
    const auto post = http_request(replica.port(), "POST", "/requests/new", {}, "name=x");
    CHECK(post.status == 503);
    const auto api = http_request(replica.port(), "POST", "/api/requests", {}, "{}", "application/json");
    CHECK(api.status == 503);
    CHECK(contains(api.body, "main server"));
  }
  write_file(t.replica + "/monjo.conf", "[replica]\nwriter = https://archives.example.jp/\n");
  ServeProcess replica(t.replica, {"--replica", "--threads", "2"});
  const auto r = http_request(replica.port(), "GET", "/staff/requests?state=new");
  CHECK(r.status == 307);
  CHECK(r.header("Location") == "https://archives.example.jp/staff/requests?state=new");
  const auto post = http_request(replica.port(), "POST", "/requests/new", {}, "name=x");
  CHECK(post.status == 307);
  CHECK(post.header("Location") == "https://archives.example.jp/requests/new");
  // The public pages stay on the replica.
  CHECK(http_request(replica.port(), "GET", "/search?q=" + percent_encode("議会")).status == 200);

  // A replica refuses a data directory with a catalog: it would not be one.
  auto s = run_monjo({"--data", t.writer, "serve", "--replica", "--port", "0"});
  CHECK(s.status != 0);
  CHECK(contains(s.err, "replica"));
  // And a writer URL that is not one is named.
  write_file(t.replica + "/monjo.conf", "[replica]\nwriter = archives.example.jp\n");
  s = run_monjo({"--data", t.replica, "serve", "--replica", "--port", "0"});
  CHECK(s.status != 0);
  CHECK(contains(s.err, "[replica] writer"));
}
