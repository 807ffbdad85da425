// What the results page says about odd input, over the real `monjo serve`: a control
// character typed into a query never comes back raw into the page, a query the parser
// cannot read gets a message naming the problem (not the one about length), and the
// results count never shows a range it does not have ("0件中 0–-1件", "9,981–779").
#include <catch2/catch.hpp>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::ServeProcess;
using monjo::test::TempDir;

struct Portal {
  TempDir data;
  std::unique_ptr<ServeProcess> server;
  Portal() {
    auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
    server = std::make_unique<ServeProcess>(data.path(), std::vector<std::string>{"--threads", "2"});
  }
};

monjo::test::HttpReply fetch(const std::string& target) {
  static Portal p;
  return http_request(p.server->port(), "GET", target);
}

// The text of <p class="count" …>…</p>.
std::string count_text(const std::string& page) {
  std::smatch m;
  if (!std::regex_search(page, m, std::regex(R"(<p class="count"[^>]*>([^<]*)</p>)"))) return "(none)";
  return m[1];
}

}  // namespace

TEST_CASE("a NUL or another control character in a query is never echoed raw", "[http][search]") {
  for (const std::string& raw : {std::string("a\0b", 3), std::string("a\x01z"), std::string("a\x1b[31m")}) {
    const auto r = fetch("/search?q=" + percent_encode(raw));
    INFO(percent_encode(raw));
    CHECK(r.status == 200);
    size_t controls = 0;
    for (const char c : r.body) {
      if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\r' && c != '\t') ++controls;
    }
    CHECK(controls == 0);
    // The search box keeps what was typed, the control character as U+FFFD.
    const std::string shown = raw.substr(0, 1) + "\xEF\xBF\xBD" + raw.substr(2);
    CHECK(r.body.find("value=\"" + shown + "\"") != std::string::npos);
  }
  // The API escapes it as JSON does.
  const auto api = fetch("/api/search?q=" + percent_encode(std::string("a\0b", 3)));
  CHECK(api.body.find('\0') == std::string::npos);
}

TEST_CASE("a query the parser cannot read gets a message saying what is wrong", "[http][search]") {
  for (const std::string q : {"議会 OR", "OR 議会 AND", "(議会", "議会 NOT"}) {
    INFO(q);
    const auto page = fetch("/search?q=" + percent_encode(q));
    if (page.status == 200) continue;  // some of these the parser reads after all
    CHECK(page.status == 400);
    CHECK(page.body.find("AND・OR・NOT は二つの語の間に置いてください") != std::string::npos);
    CHECK(page.body.find("1,000バイト") == std::string::npos);
  }
  const auto page = fetch("/search?q=" + percent_encode("議会 OR"));
  REQUIRE(page.status == 400);
  CHECK(page.body.find("AND・OR・NOT は二つの語の間に置いてください") != std::string::npos);
  const auto en = fetch("/search?lang=en&q=" + percent_encode("議会 OR"));
  CHECK(en.body.find("AND, OR and NOT must stand between two words") != std::string::npos);
  CHECK(en.body.find("1,000 bytes") == std::string::npos);
  const auto api = fetch("/api/search?q=" + percent_encode("議会 OR"));
  CHECK(api.status == 400);
  CHECK(api.body.find("AND, OR and NOT must stand between two words") != std::string::npos);
  // The length message is for a query that is too long.
  const auto long_q = fetch("/search?q=" + std::string(1001, 'a'));
  CHECK(long_q.status == 400);
  CHECK(long_q.body.find("1,000バイト") != std::string::npos);
}

TEST_CASE("the results count shows a range only when there is one", "[http][search]") {
  const auto none = fetch("/search?q=" + percent_encode("存在しない語句ぬぬぬ"));
  REQUIRE(none.status == 200);
  CHECK(count_text(none.body) == "0件");
  CHECK(none.body.find("–-1") == std::string::npos);
  const auto none_en = fetch("/search?lang=en&q=" + percent_encode("存在しない語句ぬぬぬ"));
  CHECK(count_text(none_en.body) == "Results: 0");

  const auto first = fetch("/search?q=");
  REQUIRE(first.status == 200);
  std::smatch m;
  const std::string text = count_text(first.body);
  REQUIRE(std::regex_match(text, m, std::regex(R"(([0-9,]+)件中 1–([0-9,]+)件を表示)")));
  const std::string total = m[1];
  // Far past the last page: the total alone, and the past-the-end message.
  const auto past = fetch("/search?q=&page=500");
  REQUIRE(past.status == 200);
  CHECK(count_text(past.body) == total + "件");
  CHECK(past.body.find("このページには結果がありません") != std::string::npos);
  CHECK(past.body.find("9,981") == std::string::npos);
}
