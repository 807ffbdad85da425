// The date display rule on real pages (archive/dates/date_display.h, docs/dates.md
// "Display"): a requester's status page states the day of receipt in 和暦 with the
// whole 西暦 day beside it (no year-only tail); the staff request history and the audit
// list and a record's history give their times in Japan time, so a request sent at 23:30 UTC is dated the next
// morning; record pages show a catalogued date with its reading in the other calendar
// in Japanese and in English; the English search reads romanized eras, and a year past
// its era's end is explained in the query, in the from/to fields and on the command line.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>

#include "harness.h"
#include "html_form.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::Server;
using monjo::test::unescape;

long total_of(const std::string& json_text) {
  return nlohmann::json::parse(json_text).at("total").get<long>();
}

}  // namespace

TEST_CASE("a request sent at 23:30 UTC is dated the next day in Japan, without a year-only tail", "[dates][requests]") {
  // faketime reads the clock in UTC: 2026-12-02 23:30 UTC is 2026-12-03 08:30 in Japan.
  Server s({"--intake-per-hour", "1000"}, "2026-12-02 23:30:00 UTC");
  const auto sent = monjo::test::submit_form(s, {"fx-v1-001"});

  const HttpReply status = s.get("/requests/" + sent.receipt + "?token=" + sent.token);
  REQUIRE(status.status == 200);
  const std::string ja = unescape(status.body);
  CHECK_THAT(ja, Catch::Contains("令和8年12月3日（木） (2026-12-03)"));
  CHECK_THAT(ja, !Catch::Contains("(2026年)"));
  const HttpReply en = s.get("/requests/" + sent.receipt + "?token=" + sent.token + "&lang=en");
  CHECK_THAT(unescape(en.body), Catch::Contains("Thu 3 Dec 2026 (Reiwa 8)"));

  const auto officer = s.staff("off1");
  const std::string page = unescape(s.get("/staff/requests/" + sent.receipt, officer.cookie).body);
  // The history's time: Japan time for people, the stored UTC time for machines.
  const std::regex in_japan(
      R"re(<time datetime="2026-12-02T23:3\d:\d\dZ">令和8年12月3日 08:3\d \(2026-12-03\)</time>)re");
  CHECK(std::regex_search(page, in_japan));
  CHECK_THAT(page, !Catch::Contains(">2026-12-02T23:3"));
  const std::string page_en = unescape(s.get("/staff/requests/" + sent.receipt + "?lang=en", officer.cookie).body);
  CHECK(std::regex_search(page_en, std::regex(R"re(>3 Dec 2026 08:3\d \(Reiwa 8\)</time>)re")));

  const auto admin = s.staff("adm1");
  const std::string audit = unescape(s.get("/staff/audit", admin.cookie).body);
  CHECK_THAT(audit, Catch::Contains("日時（日本時間）"));
  CHECK(std::regex_search(audit, std::regex(R"re(>令和8年12月3日 08:3\d \(2026-12-03\)</time>)re")));
  CHECK_THAT(audit, !Catch::Contains(">2026-12-02T23:3"));

  // A record's history, after an archivist's correction at the same hour.
  const auto arc = s.staff("arc1");
  auto fields = monjo::test::form_fields(s.get("/staff/records/fx-v1-002/edit", arc.cookie).body);
  for (auto& [name, value] : fields) {
    if (name == "title") value = "日付表示の確認";
  }
  REQUIRE(s.post("/staff/records/fx-v1-002", fields, arc.cookie).status == 303);
  const std::string history = unescape(s.get("/staff/records/fx-v1-002/history", arc.cookie).body);
  CHECK(std::regex_search(history, in_japan));
}

TEST_CASE("a record page shows its date in both calendars, in Japanese and in English", "[dates][portal]") {
  Server s;
  // 昭和１８年 as catalogued, full-width digits kept; 1944年 written in 西暦.
  const std::string showa = unescape(s.get("/records/fx-v1-003").body);
  CHECK_THAT(showa, Catch::Contains("<dd>昭和１８年 (1943)</dd>"));
  CHECK_THAT(unescape(s.get("/records/fx-v1-003?lang=en").body), Catch::Contains("<dd>Showa 18 (1943)</dd>"));
  CHECK_THAT(unescape(s.get("/records/fx-v3-004").body), Catch::Contains("<dd>1944年 (昭和19年)</dd>"));
  CHECK_THAT(unescape(s.get("/records/fx-v3-004?lang=en").body), Catch::Contains("<dd>1944 (Showa 19)</dd>"));
}

TEST_CASE("the English search reads romanized eras and explains a year past the era's end", "[dates][search]") {
  Server s;
  const long all = total_of(s.get("/api/search?q=").body);
  const long showa19 = total_of(s.get("/api/search?q=Showa+19").body);
  CHECK(showa19 > 0);
  CHECK(showa19 < all);
  CHECK(total_of(s.get("/api/search?q=S19").body) == showa19);
  CHECK(total_of(s.get("/api/search?q=" + monjo::test::percent_encode("昭和19年")).body) == showa19);
  CHECK(total_of(s.get("/api/search?from=Showa+19&to=Showa+19").body) == showa19);

  const std::string page = unescape(s.get("/search?q=Showa+19&lang=en").body);
  CHECK_THAT(page, Catch::Contains("“Showa 19” in your keywords was used as a period."));

  const std::string past = unescape(s.get("/search?q=Showa+65&lang=en").body);
  CHECK_THAT(past, Catch::Contains("“Showa 65” in your keywords is not a period (Showa ended in year 64)"));
  CHECK_THAT(past, !Catch::Contains("was used as a period"));
  const std::string past_ja = unescape(s.get("/search?q=" + monjo::test::percent_encode("昭和65年")).body);
  CHECK_THAT(past_ja, Catch::Contains("「昭和65年」は期間として読めないため（昭和は64年までです）"));
  const std::string from = unescape(s.get("/search?q=&from=Showa+65&lang=en").body);
  CHECK_THAT(from, Catch::Contains("The “From” date “Showa 65” cannot be read (Showa ended in year 64)"));
  const nlohmann::json api = nlohmann::json::parse(s.get("/api/search?q=Showa+65").body);
  CHECK(api.at("queryDateRejected").at("message") == "date \"Showa 65\": Showa ended in year 64");
}

TEST_CASE("monjo search --from takes romanized eras and says why a year past the era is none", "[dates][cli]") {
  monjo::test::TempDir data;
  REQUIRE(monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")}).status ==
          0);
  const auto kanji =
      monjo::test::run_monjo({"--data", data.path(), "search", "--json", "--from", "昭和19年", "--to", "昭和19年"});
  REQUIRE(kanji.status == 0);
  const auto roman =
      monjo::test::run_monjo({"--data", data.path(), "search", "--json", "--from", "Showa 19", "--to", "S19"});
  REQUIRE(roman.status == 0);
  CHECK(total_of(roman.out) == total_of(kanji.out));
  const auto past = monjo::test::run_monjo({"--data", data.path(), "search", "--from", "Showa 65", "x"});
  CHECK(past.status != 0);
  CHECK_THAT(past.err, Catch::Contains("--from: date \"Showa 65\": Showa ended in year 64"));
  const auto words = monjo::test::run_monjo({"--data", data.path(), "search", "Showa 65"});
  CHECK_THAT(words.out, Catch::Contains("(searched as words: date \"Showa 65\": Showa ended in year 64)"));
  const auto past_kanji = monjo::test::run_monjo({"--data", data.path(), "search", "--from", "昭和65年", "x"});
  CHECK_THAT(past_kanji.err, Catch::Contains("--from: date \"昭和65年\": 昭和 ended in year 64"));
}
