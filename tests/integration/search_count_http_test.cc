// Totals past archive::kExactCountUpTo over the real `monjo serve` and `monjo search`
// (docs/search.md, "Counting"): the JSON's total with its exact flag and bounds, exact=1,
// the portal's 「約 N 件」 and its link to the exact count, and `monjo search --exact`.
// The data is a generated sample large enough to pass the threshold.
#include <catch2/catch.hpp>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::run_monjo;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using nlohmann::json;

constexpr long kThreshold = 10000;  // archive::kExactCountUpTo
// Matches most records of the sample (about 11,000 of 14,033): past the threshold. Not a
// single term, so it is counted (a term's frequency is its exact total).
const std::string kBroad = "年 -予算";
// A narrower query: under it.
const std::string kNarrow = "予算";

struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  Portal() {
    const std::string xml = data / "sample.xml";
    auto s = run_monjo({"sample", "--volumes", "500", "--seed", "1", "--out", xml});
    if (s.status != 0) throw std::runtime_error("sample failed: " + s.err);
    auto r = run_monjo({"--data", data.path(), "import", xml});
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

json api(const std::string& q, const std::string& extra = "") {
  const auto r = fetch("/api/search?q=" + percent_encode(q) + extra);
  INFO(r.body);
  REQUIRE(r.status == 200);
  return json::parse(r.body);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "12,345" as the pages print counts.
std::string grouped(long n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

TEST_CASE("the API gives an estimated total with its bounds past the threshold, exact with exact=1", "[http][count]") {
  const json estimated = api(kBroad);
  CHECK(estimated["totalExact"] == false);
  CHECK(estimated["facetsExact"] == false);
  const long total = estimated["total"].get<long>();
  const long lower = estimated["totalLower"].get<long>(), upper = estimated["totalUpper"].get<long>();
  CHECK(lower >= kThreshold);
  CHECK(lower <= total);
  CHECK(total <= upper);

  const json exact = api(kBroad, "&exact=1");
  CHECK(exact["totalExact"] == true);
  CHECK(exact["facetsExact"] == true);
  const long n = exact["total"].get<long>();
  CHECK(n > kThreshold);
  CHECK(exact["totalLower"] == n);
  CHECK(exact["totalUpper"] == n);
  CHECK(lower <= n);
  CHECK(n <= upper);
  // The same hits, in the same order.
  REQUIRE(estimated["hits"].size() == exact["hits"].size());
  for (size_t i = 0; i < exact["hits"].size(); ++i) CHECK(estimated["hits"][i]["id"] == exact["hits"][i]["id"]);
  long levels = 0;
  for (const auto& v : exact["facets"]["level"]) levels += v["count"].get<long>();
  CHECK(levels == n);

  const json narrow = api(kNarrow);
  CHECK(narrow["totalExact"] == true);
  CHECK(narrow["total"].get<long>() <= kThreshold);
  CHECK(narrow["totalLower"] == narrow["total"]);
}

TEST_CASE("the results page says 約 N 件 past the threshold and links to the exact count", "[http][count]") {
  const long estimate = api(kBroad)["total"].get<long>();
  const auto page = fetch("/search?q=" + percent_encode(kBroad));
  REQUIRE(page.status == 200);
  CHECK(contains(page.body, "約" + grouped(estimate) + "件中 1–20件を表示"));
  CHECK(contains(page.body, "正確な件数を数える"));
  CHECK(contains(page.body, "exact=1"));
  CHECK(contains(page.body, "(約"));  // facet counts are marked as estimates

  const long n = api(kBroad, "&exact=1")["total"].get<long>();
  const auto exact = fetch("/search?q=" + percent_encode(kBroad) + "&exact=1");
  REQUIRE(exact.status == 200);
  CHECK(contains(exact.body, grouped(n) + "件中 1–20件を表示"));
  CHECK_FALSE(contains(exact.body, "約" + grouped(n)));
  CHECK_FALSE(contains(exact.body, "正確な件数を数える"));

  const auto en = fetch("/search?q=" + percent_encode(kBroad) + "&lang=en");
  REQUIRE(en.status == 200);
  CHECK(contains(en.body, "of about " + grouped(estimate)));

  const auto narrow = fetch("/search?q=" + percent_encode(kNarrow));
  REQUIRE(narrow.status == 200);
  CHECK_FALSE(contains(narrow.body, "約"));
}

TEST_CASE("monjo search says about N with the bounds, and --exact counts every match", "[search-cli][count]") {
  auto r = run_monjo({"--data", portal().data.path(), "search", kBroad});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("about ", 0) == 0);
  CHECK(contains(r.out, "--exact counts them"));

  const long n = api(kBroad, "&exact=1")["total"].get<long>();
  r = run_monjo({"--data", portal().data.path(), "search", "--exact", kBroad});
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind(std::to_string(n) + " records", 0) == 0);

  r = run_monjo({"--data", portal().data.path(), "search", "--json", "--exact", kBroad});
  REQUIRE(r.status == 0);
  const json j = json::parse(r.out);
  CHECK(j["total"] == n);
  CHECK(j["totalExact"] == true);
}
