// The web layer in process (no socket): input checks, languages, message
// catalogs, typed parameters, the routing table and its error mapping.
#include <catch2/catch.hpp>

#include "archive/base/errors.h"
#include "web/http/i18n.h"
#include "web/http/request_context.h"
#include "web/http/text.h"
#include "web/portal/search_params.h"
#include "web/routes.h"

using namespace monjo::web;

TEST_CASE("UTF-8 validation refuses malformed, overlong and surrogate sequences", "[web]") {
  struct Row {
    std::string text;
    bool valid;
  };
  const std::vector<Row> rows = {{"", true},
                                 {"abc", true},
                                 {"議会", true},
                                 {"\xF0\xA0\xAE\xB7", true},  // 𠮷
                                 {"\xFF", false},
                                 {"\xC0\xAF", false},
                                 {"\xE0\x80\xAF", false},
                                 {"\xED\xA0\x80", false},
                                 {"\xE8\xAD", false},
                                 {"\xF4\x90\x80\x80", false}};
  for (const auto& row : rows) {
    INFO(row.text);
    CHECK(valid_utf8(row.text) == row.valid);
  }
}

TEST_CASE("record ids in paths follow the catalog's id syntax", "[web]") {
  CHECK(valid_record_id("S29-001.a_b"));
  CHECK(valid_record_id(std::string(64, 'x')));
  CHECK_FALSE(valid_record_id(std::string(65, 'x')));
  CHECK_FALSE(valid_record_id(""));
  CHECK_FALSE(valid_record_id("a/b"));
  CHECK_FALSE(valid_record_id("公文書"));
}

TEST_CASE("JSON for a script block cannot close the block", "[web][security]") {
  CHECK(json_for_script(R"({"a":"</script><b>&"})") == R"({"a":"\u003c/script\u003e\u003cb\u003e\u0026"})");
}

TEST_CASE("the language comes from ?lang=, then Accept-Language, else Japanese", "[web][i18n]") {
  CHECK(choose_language("", "") == Lang::Ja);
  CHECK(choose_language("en", "") == Lang::En);
  CHECK(choose_language("ja", "en") == Lang::Ja);
  CHECK(choose_language("xx", "en-US,en;q=0.9") == Lang::En);
  CHECK(choose_language("", "fr,en;q=0.3,ja;q=0.2") == Lang::En);
  CHECK(choose_language("", "en;q=0.5,ja;q=0.8") == Lang::Ja);
  CHECK(choose_language("", "fr,de") == Lang::Ja);
  CHECK(choose_language("english", "") == Lang::Ja);
}

TEST_CASE("both message catalogs have the same keys and every text", "[web][i18n]") {
  const auto& ja = Messages::get(Lang::Ja).all();
  const auto& en = Messages::get(Lang::En).all();
  REQUIRE(ja.size() == en.size());
  for (const auto& [key, text] : ja) {
    INFO(key);
    CHECK(en.count(key) == 1);
  }
  CHECK(Messages::get(Lang::En).format("results_count", {{"first", "1"}, {"last", "20"}, {"total", "99"}}) ==
        "Showing 1–20 of 99");
  CHECK_THROWS(Messages::parse("no tab here\n", "x.tsv"));
  CHECK_THROWS(Messages::parse("a\t1\na\t2\n", "x.tsv"));
}

TEST_CASE("request parameters are decoded once and typed with defaults and clamps", "[web]") {
  RequestContext ctx("GET", "/search?q=%E8%AD%B0+%E4%BC%9A&page=7&level=volume&level=item&big=99999999999999&n=x", {},
                     Services{});
  CHECK(ctx.path() == "/search");
  CHECK(ctx.get_param("q") == "議 会");
  CHECK(ctx.get_params("level") == std::vector<std::string>{"volume", "item"});
  CHECK(ctx.get_int_param("page", 1, 1, 500) == 7);
  CHECK(ctx.get_int_param("missing", 3, 1, 500) == 3);
  CHECK(ctx.get_int_param("big", 1, 1, 500) == 500);
  CHECK_THROWS_AS(ctx.get_int_param("n", 1, 1, 500), monjo::archive::InputError);
  CHECK_THROWS_AS(RequestContext("GET", "/search?q=%ff", {}, Services{}), monjo::archive::InputError);
  CHECK_THROWS_AS(RequestContext("GET", "/search?q=%g1", {}, Services{}), monjo::archive::InputError);
}

TEST_CASE("search parameters: overlong queries are refused, bad dates become notices", "[web]") {
  RequestContext too_long("GET", "/search?q=" + std::string(kMaxQueryBytes + 1, 'a'), {}, Services{});
  CHECK_THROWS_AS(parse_search(too_long, 20), monjo::archive::InputError);

  RequestContext bad_date("GET", "/search?q=x&from=nonsense&level=bogus&level=item&sort=zzz", {}, Services{});
  const auto parsed = parse_search(bad_date, 20);
  CHECK(parsed.form.notice_keys == std::vector<std::string>{"notice_from_invalid"});
  CHECK_FALSE(parsed.request.from.has_value());
  CHECK(parsed.request.filters.at("level") == std::vector<std::string>{"item"});
  CHECK(parsed.form.sort == "relevance");
  CHECK(search_query(parsed.form, "", {}, {"level", "item"}) == "q=x&from=nonsense");
}

TEST_CASE("the router maps unknown paths, bad ids and missing services to status codes", "[web]") {
  struct Row {
    std::string method, target;
    int status;
  };
  const std::vector<Row> rows = {
      {"GET", "/nowhere", 404},          {"GET", "/records/..%2fetc", 404},
      {"GET", "/records/%2e%2e", 503},                             // a syntactically valid id; no catalog in this test
      {"POST", "/search", 405},          {"GET", "/search", 503},  // no index
      {"GET", "/static/style.css", 200}, {"GET", "/static/missing.css", 404},
  };
  for (const auto& row : rows) {
    INFO(row.method << " " << row.target);
    RequestContext ctx(row.method, row.target, {}, Services{});
    std::string log;
    const auto r = dispatch(ctx, &log);
    CHECK(r->status == row.status);
  }
  // Staff routes carry their role, except the login form itself; nothing else
  // under /staff/ is public, and nothing outside it needs a session but /metrics,
  // which loopback clients may read without one.
  for (const auto& route : routes()) {
    INFO(route.method << " " << route.pattern);
    const std::string pattern = route.pattern;
    const bool staff = pattern == "/staff" || pattern.rfind("/staff/", 0) == 0;
    const bool local = route.role.kind == monjo::web::Role::Kind::LocalOrStaff;
    CHECK(local == (pattern == "/metrics"));
    if (!local) CHECK(route.role.is_public() == (!staff || pattern == "/staff/login"));
  }
}

TEST_CASE("a CSV cell is quoted when it must be and never starts a formula", "[web][csv]") {
  using monjo::web::csv_cell;
  CHECK(csv_cell("庶務課") == "庶務課");
  CHECK(csv_cell("a,b") == "\"a,b\"");
  CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
  CHECK(csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
  CHECK(csv_cell("-1") == "'-1");
  CHECK(csv_cell("@SUM") == "'@SUM");
  CHECK(csv_cell("") == "");
}
