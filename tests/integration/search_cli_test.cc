// `monjo search`, `monjo review` and `monjo reindex` from the command line, on the
// small fixture catalog: the public side never finds a withheld word; an
// interrupted import or reindex (kill -9) leaves search answering and is repaired.
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using nlohmann::json;

namespace {

json search(const TempDir& data, const std::string& q, bool staff = false) {
  std::vector<std::string> args = {"--data", data.path(), "search", "--json"};
  if (staff) args.push_back("--staff");
  args.push_back(q);
  auto r = run_monjo(args);
  INFO("search " << q << ": " << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out);
}

long total(const TempDir& data, const std::string& q, bool staff = false) {
  return search(data, q, staff)["total"].get<long>();
}

void import_small(const TempDir& data) {
  auto r = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")});
  INFO(r.err);
  REQUIRE(r.status == 0);
}

}  // namespace

TEST_CASE("search --json has the shape of /api/search", "[search-cli]") {
  TempDir data;
  import_small(data);
  json j = search(data, "公開語丁");
  REQUIRE(j["total"] == 1);
  const json& hit = j["hits"][0];
  CHECK(hit["id"] == "fx-v1-001");
  CHECK(hit["level"] == "item");
  CHECK(hit["title"] == "縣廳往復文書");
  CHECK(hit["date"]["text"] == "昭和17年5月12日");
  CHECK(hit["date"]["start"] == "1942-05-12");
  CHECK(hit["access"] == "open");
  CHECK(hit["path"].size() >= 2);
  CHECK(hit["path"][0]["id"] == "fx-sagamihara");
  CHECK(hit["snippet"].get<std::string>().find("<mark>") != std::string::npos);
  CHECK(j["facets"].contains("decade"));
}

TEST_CASE("a 新字体 query finds the 旧字体 title", "[search-cli]") {
  TempDir data;
  import_small(data);
  json j = search(data, "県庁往復");
  REQUIRE(j["total"].get<long>() >= 1);
  CHECK(j["hits"][0]["id"] == "fx-v1-001");
}

TEST_CASE("no withheld word is found from the public side but staff find them all", "[search-cli][withheld]") {
  TempDir data;
  import_small(data);
  for (const char* word : {"秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿", "理由解除", "解除題名", "法人語己",
                           "相模陸軍造兵廠", "審査語丙", "閉鎖語乙", "閉鎖人名", "書庫秘匿", "状態秘匿", "注記秘匿",
                           "保存秘匿", "解除語戊", "解除人名", "秘匿"}) {
    INFO(word);
    json pub = search(data, word);
    CHECK(pub["total"] == 0);
    CHECK(pub.dump().find(word) == std::string::npos);
  }
  for (const char* word :
       {"秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿", "法人語己", "審査語丙", "閉鎖語乙", "書庫秘匿"}) {
    INFO(word);
    CHECK(total(data, word, true) >= 1);
  }
  // Positive controls: listings of withheld records stay public.
  CHECK(total(data, "恩給裁定通知") >= 1);
  CHECK(total(data, "召集令状交付簿") >= 1);
  CHECK(total(data, "淵野辺") >= 1);
}

TEST_CASE("review lists a lapsed restriction and --apply publishes it", "[search-cli][review]") {
  TempDir data;
  import_small(data);
  CHECK(total(data, "解除語戊") == 0);
  auto list = run_monjo({"--data", data.path(), "review", "--as-of", "2026-11-25"});
  REQUIRE(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("fx-v3-002"));
  CHECK_THAT(list.out, Catch::Contains("1 restriction due for review as of 2026-11-25"));
  CHECK_THAT(list.out, Catch::Contains("\treason: 理由解除"));
  CHECK(total(data, "解除語戊") == 0);  // listing alone changes nothing
  // Opening needs a reason, and is never applied as of a day to come.
  CHECK(run_monjo({"--data", data.path(), "review", "--as-of", "2026-11-25", "--apply", "--all"}).status != 0);
  auto future = run_monjo({"--data", data.path(), "review", "--as-of", "2099-01-01", "--apply", "--all", "--reason",
                           "x"});
  CHECK(future.status != 0);
  CHECK(total(data, "解除語戊") == 0);

  auto apply = run_monjo({"--data", data.path(), "review", "--as-of", "2026-11-25", "--apply", "fx-v3-002",
                          "--reason", "遺族の個人情報に当たる記述なし"});
  INFO(apply.err);
  REQUIRE(apply.status == 0);
  CHECK(total(data, "解除語戊") == 1);
  CHECK(total(data, "解除人名") == 1);
  CHECK(total(data, "解除題名") == 0);  // the public title still replaces the title
  CHECK(total(data, "理由解除") == 0);  // and the reason stays staff-only
  auto again = run_monjo({"--data", data.path(), "review", "--as-of", "2026-11-25"});
  CHECK_THAT(again.out, Catch::Contains("0 restrictions due"));
}

TEST_CASE("bad dates on the command line are clear errors", "[search-cli]") {
  TempDir data;
  import_small(data);
  auto r = run_monjo({"--data", data.path(), "search", "--from", "昭和99年", "町"});
  CHECK(r.status != 0);
  CHECK_THAT(r.err, Catch::Contains("--from"));
  auto ok = run_monjo({"--data", data.path(), "search", "--json", "--from", "昭和19年", "--to", "昭和19年"});
  REQUIRE(ok.status == 0);
  const json found = json::parse(ok.out);
  CHECK(found["total"].get<long>() >= 1);
  for (const auto& hit : found["hits"]) {
    CHECK(hit["date"]["start"].get<std::string>() <= "1944-12-31");
    CHECK(hit["date"]["end"].get<std::string>() >= "1944-01-01");
  }
}

TEST_CASE("kill -9 during import or reindex leaves search answering and is repaired next time", "[search-cli][crash]") {
  TempDir data;
  std::string sample = data / "sample.xml";
  REQUIRE(run_monjo({"sample", "--volumes", "150", "--seed", "3", "--out", sample}).status == 0);
  import_small(data);
  long baseline = total(data, "公開語丁");
  REQUIRE(baseline == 1);

  for (int delay_ms : {20, 80, 200, 400}) {
    for (const char* what : {"import", "reindex"}) {
      INFO(what << " killed after " << delay_ms << " ms");
      pid_t pid = fork();
      if (pid == 0) {
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        std::string bin = MONJO_BIN;
        std::string dir = data.path();
        if (std::string(what) == "import") {
          execl(bin.c_str(), bin.c_str(), "--data", dir.c_str(), "import", sample.c_str(), nullptr);
        } else {
          execl(bin.c_str(), bin.c_str(), "--data", dir.c_str(), "reindex", nullptr);
        }
        _exit(127);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      kill(pid, SIGKILL);
      int status = 0;
      waitpid(pid, &status, 0);
      // Search still answers, from a consistent index (repaired if need be).
      CHECK(total(data, "公開語丁") == baseline);
      CHECK(total(data, "秘匿語甲") == 0);
    }
  }
  // The next import completes and everything agrees again.
  auto r = run_monjo({"--data", data.path(), "import", sample});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto re = run_monjo({"--data", data.path(), "reindex"});
  REQUIRE(re.status == 0);
  CHECK(total(data, "公開語丁") == baseline);
  long staff_all = search(data, "", true)["total"].get<long>();
  CHECK(staff_all > 3000);
}

TEST_CASE("imports, reviews and staff searches are in the audit trail", "[search-cli][audit]") {
  TempDir data;
  import_small(data);
  REQUIRE(run_monjo({"--data", data.path(), "search", "--staff", "秘匿語甲"}).status == 0);
  REQUIRE(run_monjo({"--data", data.path(), "search", "公開語丁"}).status == 0);
  REQUIRE(run_monjo({"--data", data.path(), "review", "--as-of", "2026-11-25", "--apply", "--all", "--reason", "期間満了"})
              .status == 0);
  auto list = run_monjo({"--data", data.path(), "audit", "list"});
  REQUIRE(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("catalog.import"));
  CHECK_THAT(list.out, Catch::Contains("search.staff\t秘匿語甲"));
  CHECK_THAT(list.out, Catch::Contains("catalog.review\tfx-v3-002"));
  CHECK(list.out.find("公開語丁") == std::string::npos);  // public searches reveal nothing: not audited
  auto verify = run_monjo({"--data", data.path(), "audit", "verify"});
  CHECK(verify.status == 0);
}
