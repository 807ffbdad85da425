// An index split into parts and searched as one (archive/search/index_parts.h,
// docs/scaling.md "Shards"): `monjo reindex --shards N` writes the parts, Xapian's own
// `xapian-tcpsrv` serves each on loopback, and every query of tools/bench/queries.tsv
// must give through them what the single index gives — totals, hits in order with
// their weights, facets, snippets, pages. A part killed mid-run leaves a result that
// says it is incomplete, and the part is taken back when it answers again.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "archive/base/messages.h"
#include "archive/dates/japanese_date.h"
#include "archive/search/search.h"
#include "archive/search/search_json.h"
#include "harness.h"
#include "serve_harness.h"
#include "tcpsrv_harness.h"
#include "tools/bench/bench_set.h"

namespace {

namespace fs = std::filesystem;
using monjo::archive::IndexSide;
using monjo::archive::Searcher;
using monjo::archive::SearchRequest;
using monjo::archive::SearchResult;
using monjo::test::run_monjo;
using monjo::test::TcpServer;
using monjo::test::TempDir;

// A sample of 60 volumes with the sample's readings and place names, split into 2 and
// into 4 parts (kept apart: each split replaces <data>/shards).
struct Split {
  TempDir data;
  std::string parts2, parts4;
  Split() {
    const std::string xml = data.path() + "/sample.xml";
    require(run_monjo({"sample", "--volumes", "60", "--seed", "3", "--out", xml}));
    for (const char* f : {"readings.tsv", "place-names.tsv"})
      fs::copy_file(fs::path(MONJO_SOURCE_DIR) / "deploy" / "sample" / f, fs::path(data.path()) / f);
    require(run_monjo({"--data", data.path(), "import", xml}));
    require(run_monjo({"--data", data.path(), "reindex", "--shards", "2"}));
    parts2 = data.path() + "/parts2";
    fs::rename(data.path() + "/shards", parts2);
    require(run_monjo({"--data", data.path(), "reindex", "--shards", "4"}));
    parts4 = data.path() + "/shards";
  }
  static void require(const monjo::test::RunResult& r) {
    if (r.status != 0) throw std::runtime_error("monjo failed: " + r.err);
  }
  std::vector<std::string> dirs(const std::string& root, int n, const char* side = "public") const {
    std::vector<std::string> out;
    for (int k = 1; k <= n; ++k) out.push_back(root + "/" + side + "/" + std::to_string(k));
    return out;
  }
};

Split& split() {
  static Split s;
  return s;
}

SearchRequest request_of(const monjo::bench::BenchQuery& q, bool full, int page) {
  SearchRequest req;
  req.query = q.query;
  if (!q.level.empty()) req.filter("level", q.level);
  if (!q.dept.empty()) req.filter("department", q.dept);
  if (!q.from.empty()) req.from = monjo::archive::parse_date_bound(q.from);
  if (!q.to.empty()) req.to = monjo::archive::parse_date_bound(q.to);
  req.page = page;
  req.page_size = full ? 20 : 10;
  req.facets = full;
  req.snippets = full;
  return req;
}

std::string json_of(const SearchResult& r, bool full) {
  return monjo::archive::search_result_json(r, full, full, monjo::archive::Messages::get(monjo::archive::Lang::Ja))
      .dump(1);
}

// The same result: everything the page and the API show, and the weights (summed in
// another order over parts, so equal to a few units in the last place).
void check_same(const SearchResult& single, const SearchResult& parts, bool full) {
  CHECK_FALSE(parts.incomplete());
  for (size_t i = 0; i < std::min(single.hits.size(), parts.hits.size()); ++i) {
    if (single.hits[i].id != parts.hits[i].id) {
      char line[200];
      std::snprintf(line, sizeof line, "at %zu: %s %.17g / %s %.17g", i, single.hits[i].id.c_str(),
                    single.hits[i].score, parts.hits[i].id.c_str(), parts.hits[i].score);
      UNSCOPED_INFO(line);
    }
  }
  CHECK(json_of(parts, full) == json_of(single, full));
  REQUIRE(parts.hits.size() == single.hits.size());
  for (size_t i = 0; i < single.hits.size(); ++i) {
    CHECK(std::abs(parts.hits[i].score - single.hits[i].score) <= 1e-9 * std::max(1.0, single.hits[i].score));
  }
}

}  // namespace

TEST_CASE("every query of the benchmark set gives through 2 and 4 parts what the single index gives", "[shards]") {
  Split& s = split();
  std::vector<std::unique_ptr<TcpServer>> servers;
  std::vector<std::string> two, four;
  for (const auto& d : s.dirs(s.parts2, 2)) {
    servers.push_back(std::make_unique<TcpServer>(d));
    two.push_back(servers.back()->url());
  }
  for (const auto& d : s.dirs(s.parts4, 4)) {
    servers.push_back(std::make_unique<TcpServer>(d));
    four.push_back(servers.back()->url());
  }
  Searcher single(s.data.path(), IndexSide::Public);
  Searcher remote2(two, IndexSide::Public, s.data.path());
  Searcher remote4(four, IndexSide::Public, s.data.path());
  Searcher local4(s.dirs(s.parts4, 4), IndexSide::Public, s.data.path());  // add_database, no server
  const auto queries = monjo::bench::read_queries(std::string(MONJO_SOURCE_DIR) + "/tools/bench/queries.tsv");
  REQUIRE(queries.size() >= 72);
  long matched = 0;
  for (const auto& q : queries) {
    for (bool full : {false, true}) {
      for (int page : {1, 2}) {
        INFO(q.category << " 「" << q.query << "」 " << (full ? "full" : "lean") << " page " << page);
        const SearchRequest req = request_of(q, full, page);
        const SearchResult want = single.search(req);
        matched += want.total;
        check_same(want, remote2.search(req), full);
        check_same(want, remote4.search(req), full);
        check_same(want, local4.search(req), full);
      }
    }
  }
  CHECK(matched > 1000);  // the set finds things in this sample: the comparison compares something
}

TEST_CASE("the staff index splits the same way", "[shards]") {
  Split& s = split();
  Searcher single(s.data.path(), IndexSide::Staff);
  Searcher parts(s.dirs(s.parts4, 4, "staff"), IndexSide::Staff, s.data.path());
  for (const char* q : {"議事録", "昭和", "", "恩給 -簿"}) {
    SearchRequest req;
    req.query = q;
    check_same(single.search(req), parts.search(req), true);
  }
}

TEST_CASE("a part killed mid-run leaves a result marked incomplete, and is taken back when it answers", "[shards]") {
  Split& s = split();
  std::vector<std::unique_ptr<TcpServer>> servers;
  std::vector<std::string> urls;
  for (const auto& d : s.dirs(s.parts4, 4)) {
    servers.push_back(std::make_unique<TcpServer>(d));
    urls.push_back(servers.back()->url());
  }
  Searcher single(s.data.path(), IndexSide::Public);
  Searcher parts(urls, IndexSide::Public, s.data.path());
  SearchRequest req;
  req.query = "昭和";
  req.facets = true;
  const SearchResult whole = single.search(req);
  REQUIRE(whole.total > 20);
  check_same(whole, parts.search(req), true);

  servers[2]->stop();  // the third part's machine goes away, with its open connection
  const SearchResult partial = parts.search(req);
  CHECK(partial.incomplete());
  CHECK(partial.missing_parts == std::vector<int>{3});
  CHECK(partial.part_count == 4);
  CHECK(partial.total < whole.total);
  CHECK(partial.total > 0);
  CHECK(parts.missing_parts() == std::vector<std::string>{urls[2]});
  CHECK_FALSE(parts.health().ok);
  CHECK_THAT(parts.health().problem, Catch::Contains(urls[2]));
  const auto api =
      monjo::archive::search_result_json(partial, true, false, monjo::archive::Messages::get(monjo::archive::Lang::En));
  CHECK(api["incomplete"] == true);
  CHECK(api["missingParts"] == nlohmann::json::array({3}));

  servers[2]->start();  // back, on the same port: taken again after the back-off
  SearchResult again = parts.search(req);
  for (int i = 0; i < 100 && again.incomplete(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = parts.search(req);
  }
  check_same(whole, again, true);
  CHECK(parts.health().ok);
}

TEST_CASE("monjo serve --shard answers from the parts and says on the page when one is missing", "[shards][http]") {
  Split& s = split();
  std::vector<std::unique_ptr<TcpServer>> servers;
  std::vector<std::string> args;
  for (const auto& d : s.dirs(s.parts2, 2)) {
    servers.push_back(std::make_unique<TcpServer>(d));
    args.insert(args.end(), {"--shard", servers.back()->url()});
  }
  args.insert(args.end(), {"--threads", "1"});
  monjo::test::ServeProcess server(s.data.path(), args);
  const std::string q = monjo::test::percent_encode("昭和");
  auto api = monjo::test::http_request(server.port(), "GET", "/api/search?q=" + q);
  REQUIRE(api.status == 200);
  const auto whole = nlohmann::json::parse(api.body);
  CHECK_FALSE(whole.contains("incomplete"));
  const auto cli = run_monjo({"--data", s.data.path(), "search", "--json", "昭和"});
  CHECK(nlohmann::json::parse(cli.out)["total"] == whole["total"]);

  servers[1]->stop();
  // The same search was answered before, from the result cache, which is keyed by the
  // parts' revisions: the lost part shows once the parts are next asked (within
  // IndexParts::kReopenEvery).
  nlohmann::json partial;
  for (int i = 0; i < 100; ++i) {
    api = monjo::test::http_request(server.port(), "GET", "/api/search?q=" + q);
    REQUIRE(api.status == 200);
    partial = nlohmann::json::parse(api.body);
    if (partial.contains("incomplete")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(partial["incomplete"] == true);
  CHECK(partial["missingParts"] == nlohmann::json::array({2}));
  CHECK(partial["total"].get<long>() < whole["total"].get<long>());
  const auto page = monjo::test::http_request(server.port(), "GET", "/search?q=" + q);
  CHECK_THAT(page.body, Catch::Contains("索引は 2 の部分に分かれており、そのうち 2 が応答していません"));
  CHECK_THAT(page.body, Catch::Contains("（一部の索引のみ・不完全）"));
  const auto en = monjo::test::http_request(server.port(), "GET", "/search?lang=en&q=" + q);
  CHECK_THAT(en.body, Catch::Contains("part 2 is not answering"));
  // The operator's addresses stay in the log and /healthz's problem, not on the page.
  CHECK_THAT(page.body, !Catch::Contains("127.0.0.1"));
  const auto health = monjo::test::http_request(server.port(), "GET", "/healthz");
  CHECK(health.status == 503);
  const auto h = nlohmann::json::parse(health.body);
  CHECK(h["status"] == "degraded");
  CHECK(h["serving"] == true);
  CHECK_THAT(h["problem"].get<std::string>(), Catch::Contains(servers[1]->url() + ": not answering"));

  const auto cli_parts = run_monjo(
      {"--data", s.data.path(), "search", "--shard", servers[0]->url(), "--shard", servers[1]->url(), "昭和"});
  CHECK(cli_parts.status == 0);
  CHECK_THAT(cli_parts.out, Catch::Contains("(incomplete: part 2 of 2 not answering)"));
  CHECK_THAT(cli_parts.err, Catch::Contains("index part not answering: " + servers[1]->url()));
}

TEST_CASE("monjo reindex --shards and --shard refuse what they cannot use", "[shards][cli]") {
  Split& s = split();
  auto r = run_monjo({"--data", s.data.path(), "reindex", "--shards", "1"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::Contains("--shards"));
  r = run_monjo({"--data", s.data.path(), "search", "--shard", "tcp://127.0.0.1:99999", "昭和"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::Contains("not tcp://host:port"));
  // Nothing listens there: no part answers, and the command says so.
  r = run_monjo({"--data", s.data.path(), "search", "--shard",
                 "tcp://127.0.0.1:" + std::to_string(monjo::test::free_loopback_port()), "昭和"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::Contains("no part of the search index answers"));
}
