// One portal over two archives (archive/search/federation.h, docs/scaling.md
// "Federation"): the hub's own public index and another archive's, served by
// Xapian's `xapian-tcpsrv` from that archive's own data directory, configured in the
// hub's monjo.conf [federation]. Every hit names its archive, the other archive's
// records link to its portal, the archive is a facet and a filter, and an archive
// whose index does not answer is named on the page.
#include <catch2/catch.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "harness.h"
#include "serve_harness.h"
#include "tcpsrv_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::run_monjo;
using monjo::test::TcpServer;
using monjo::test::TempDir;

constexpr const char* kOther = "https://archives.machida.example";

struct TwoArchives {
  TempDir hub, other;
  std::unique_ptr<TcpServer> other_index;
  std::unique_ptr<monjo::test::ServeProcess> portal;
  TwoArchives() {
    // Two different collections: the small fixture here, a generated sample there.
    require(run_monjo({"--data", hub.path(), "import", monjo::test::fixture("catalog/small.xml")}));
    const std::string xml = other.path() + "/sample.xml";
    require(run_monjo({"sample", "--volumes", "20", "--seed", "5", "--out", xml}));
    require(run_monjo({"--data", other.path(), "import", xml}));
    other_index = std::make_unique<TcpServer>(other.path() + "/index/public");
    monjo::test::write_file(hub.path() + "/monjo.conf",
                            "[federation]\n"
                            "city = local - 相模原市立公文書館 | Sagamihara City Archives\n"
                            "machida = " +
                                other_index->url() + " " + kOther + " 町田市公文書館 | Machida City Archives\n");
    portal = std::make_unique<monjo::test::ServeProcess>(hub.path(), std::vector<std::string>{"--threads", "1"});
  }
  static void require(const monjo::test::RunResult& r) {
    if (r.status != 0) throw std::runtime_error("monjo failed: " + r.err);
  }
  nlohmann::json api(const std::string& query_string) {
    const auto r = http_request(portal->port(), "GET", "/api/search?" + query_string);
    if (r.status != 200) throw std::runtime_error("status " + std::to_string(r.status) + ": " + r.body);
    return nlohmann::json::parse(r.body);
  }
};

long total_of(const std::string& data_dir, const std::string& q) {
  auto r = run_monjo({"--data", data_dir, "search", "--json", q});
  return nlohmann::json::parse(r.out)["total"].get<long>();
}

}  // namespace

TEST_CASE("a federated portal searches both archives as one and names each hit's archive", "[federation][http]") {
  TwoArchives t;
  const std::string q = percent_encode("議事録");
  const long here = total_of(t.hub.path(), "議事録");
  const long there = total_of(t.other.path(), "議事録");
  REQUIRE(here > 0);
  REQUIRE(there > 0);

  const auto all = t.api("q=" + q + "&size=100");
  CHECK(all["total"].get<long>() == here + there);
  CHECK_FALSE(all.contains("incomplete"));
  std::set<std::string> archives;
  for (const auto& h : all["hits"]) {
    archives.insert(h["archive"].get<std::string>());
    if (h["archive"] == "machida") {
      CHECK(h["archiveName"] == "町田市公文書館");
      CHECK(h["recordUrl"] == std::string(kOther) + "/records/" + h["id"].get<std::string>());
    } else {
      CHECK(h["archive"] == "city");
      CHECK_THAT(h["recordUrl"].get<std::string>(), Catch::EndsWith("/records/" + h["id"].get<std::string>()));
    }
  }
  CHECK(archives == std::set<std::string>{"city", "machida"});
  // The archive facet counts each archive's matches.
  long counted = 0;
  for (const auto& v : all["facets"]["archive"]) {
    counted += v["count"].get<long>();
    CHECK(v["count"].get<long>() == (v["value"] == "city" ? here : there));
  }
  CHECK(counted == here + there);

  // The filter keeps to one archive; the facet still shows both, to switch.
  const auto only = t.api("q=" + q + "&archive=machida&size=100");
  CHECK(only["total"].get<long>() == there);
  for (const auto& h : only["hits"]) CHECK(h["archive"] == "machida");
  CHECK(only["facets"]["archive"].size() == 2);
  const auto unknown = t.api("q=" + q + "&archive=nowhere");
  CHECK(unknown["total"].get<long>() == here + there);  // an unknown key is dropped, as a stale link's filter

  // The page: the archive on every hit, links out for the other archive, the facet.
  const auto page = http_request(t.portal->port(), "GET", "/search?q=" + q + "&archive=machida");
  REQUIRE(page.status == 200);
  CHECK_THAT(page.body, Catch::Contains("<span class=\"archive\">町田市公文書館</span>"));
  CHECK_THAT(page.body, Catch::Contains("href=\"" + std::string(kOther) + "/records/"));
  CHECK_THAT(page.body, Catch::Contains("公文書館"));  // the facet's heading
  const auto en = http_request(t.portal->port(), "GET", "/search?lang=en&q=" + q);
  CHECK_THAT(en.body, Catch::Contains("Machida City Archives"));
  CHECK_THAT(en.body, Catch::Contains("Sagamihara City Archives"));
}

TEST_CASE("an archive whose index does not answer is named, and taken back when it does", "[federation][http]") {
  TwoArchives t;
  const std::string q = percent_encode("議事録");
  const long whole = t.api("q=" + q)["total"].get<long>();
  t.other_index->stop();
  // Answered before from the result cache: the lost archive shows once the parts are
  // next asked for their revisions (within IndexParts::kReopenEvery).
  nlohmann::json partial = t.api("q=" + q);
  for (int i = 0; i < 100 && !partial.contains("incomplete"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    partial = t.api("q=" + q);
  }
  CHECK(partial["incomplete"] == true);
  CHECK(partial["missingParts"] == nlohmann::json::array({2}));
  CHECK(partial["total"].get<long>() == total_of(t.hub.path(), "議事録"));
  const auto page = http_request(t.portal->port(), "GET", "/search?q=" + q);
  CHECK_THAT(page.body, Catch::Contains("町田市公文書館 の索引が応答していません"));

  t.other_index->start();
  nlohmann::json again = t.api("q=" + q);
  for (int i = 0; i < 100 && again.contains("incomplete"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = t.api("q=" + q);
  }
  CHECK_FALSE(again.contains("incomplete"));
  CHECK(again["total"].get<long>() == whole);
}

TEST_CASE("a malformed [federation] line stops monjo serve with the key named", "[federation]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")}).status == 0);
  monjo::test::write_file(data.path() + "/monjo.conf", "[federation]\nmachida = tcp://127.0.0.1:7001\n");
  CHECK_THROWS_WITH(monjo::test::ServeProcess(data.path()), Catch::Contains("[federation] machida: too few words"));
  monjo::test::write_file(data.path() + "/monjo.conf", "[federation]\nmachida = tcp://127.0.0.1:7001 ftp://x 町田市\n");
  CHECK_THROWS_WITH(monjo::test::ServeProcess(data.path()), Catch::Contains("the portal is an http(s):// address"));
  monjo::test::write_file(data.path() + "/monjo.conf", "[federation]\nMachida = local - 町田市\n");
  CHECK_THROWS_WITH(monjo::test::ServeProcess(data.path()), Catch::Contains("lower-case"));
  // A federation and an index in parts are two ways to name the public index's parts.
  monjo::test::write_file(data.path() + "/monjo.conf", "[federation]\ncity = local - 相模原市\n");
  CHECK_THROWS_WITH(monjo::test::ServeProcess(data.path(), {"--shard", "tcp://127.0.0.1:7001"}),
                    Catch::Contains("--shard and monjo.conf [federation] do not go together"));
}
