// Searching the way people remember, over the real `monjo serve` (docs/search.md,
// "Readings", "Place names", "When nothing matches"): the data directory holds the
// sample's gazetteer and place-name history (deploy/sample), the catalog is the small
// test fixture.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"

namespace {

namespace fs = std::filesystem;
using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::ServeProcess;
using monjo::test::TempDir;

struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  Portal() {
    for (const char* f : {"readings.tsv", "place-names.tsv"})
      fs::copy_file(fs::path(MONJO_SOURCE_DIR) / "deploy" / "sample" / f, fs::path(data.path()) / f);
    auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    server = std::make_unique<ServeProcess>(data.path(), std::vector<std::string>{"--threads", "2"});
  }
};

Portal& portal() {
  static Portal p;
  return p;
}

monjo::test::HttpReply fetch(const std::string& target) {
  return http_request(portal().server->port(), "GET", target);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("a kana query finds records by the reading of their words", "[http][readings]") {
  const auto r = fetch("/api/search?q=" + percent_encode("ぎじろく"));
  REQUIRE(r.status == 200);
  const auto j = nlohmann::json::parse(r.body);
  CHECK(j["total"].get<long>() > 0);
  bool found = false;
  for (const auto& h : j["hits"]) found = found || h["id"] == "fx-v1";  // 町會議事録綴
  CHECK(found);
}

TEST_CASE("the page says which earlier and later place names a query found", "[http][places]") {
  const auto page = fetch("/search?q=" + percent_encode("相模原市"));
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "相模原市 を含む: "));
  CHECK(contains(page.body, "相模原町"));
  CHECK(contains(page.body, "expand=0"));
  CHECK(contains(page.body, "旧地名・新地名やローマ字の読みを含めずに探す"));

  const auto api = fetch("/api/search?q=" + percent_encode("相模原市"));
  const auto j = nlohmann::json::parse(api.body);
  REQUIRE(j.contains("expansions"));
  CHECK(j["expansions"][0]["word"] == "相模原市");
  CHECK_FALSE(j["expansions"][0]["names"].empty());

  // Switched off: no expansion, and so fewer or as many records.
  const auto off = fetch("/api/search?expand=0&q=" + percent_encode("相模原市"));
  const auto k = nlohmann::json::parse(off.body);
  CHECK_FALSE(k.contains("expansions"));
  CHECK(k["total"].get<long>() <= j["total"].get<long>());
  const auto off_page = fetch("/search?expand=0&q=" + percent_encode("相模原市"));
  CHECK_FALSE(contains(off_page.body, "を含む: "));
}

TEST_CASE("a search that finds nothing offers links that find something, with counts", "[http][suggestions]") {
  // A wrong kanji with the right sound: 議事碌 for 議事録.
  const auto wrong = fetch("/search?q=" + percent_encode("議事碌"));
  REQUIRE(wrong.status == 200);
  CHECK(contains(wrong.body, "読みで探す：「ぎじろく」（"));
  CHECK(contains(wrong.body, "q=" + percent_encode("ぎじろく")));

  const auto word = fetch("/search?q=" + percent_encode("議事録 鯨"));
  CHECK(contains(word.body, "「鯨」を除いて探す：「議事録」（"));

  const auto filtered = fetch("/search?level=fonds&q=" + percent_encode("議事録"));
  CHECK(contains(filtered.body, "」の絞り込みを外す（"));

  const auto en = fetch("/api/search?lang=en&q=" + percent_encode("議事録 鯨"));
  const auto j = nlohmann::json::parse(en.body);
  REQUIRE(j.contains("suggestions"));
  CHECK(j["suggestions"][0]["kind"] == "dropWord");
  CHECK(j["suggestions"][0]["dropped"] == "鯨");
  CHECK(j["suggestions"][0]["count"].get<long>() > 0);
}

TEST_CASE("monjo search prints the expansion and the suggestions, and --no-expand turns it off", "[cli][places]") {
  portal();
  const std::string data = portal().data.path();
  auto r = monjo::test::run_monjo({"--data", data, "search", "相模原市"});
  CHECK(r.status == 0);
  CHECK(contains(r.out, "相模原市 を含む:"));
  r = monjo::test::run_monjo({"--data", data, "search", "--no-expand", "相模原市"});
  CHECK_FALSE(contains(r.out, "を含む:"));
  r = monjo::test::run_monjo({"--data", data, "search", "議事碌"});
  CHECK(contains(r.out, "suggestion (reading): ぎじろく"));
}
