// `monjo selection` and `monjo template --kind retention` on a real data directory
// (docs/selection.md): the template's list imports as a batch; a list with errors is
// refused with every row named and nothing stored; marks and the approval act for
// named staff accounts, the drafter never approving; the report as CSV.
#include <catch2/catch.hpp>

#include "tests/integration/harness.h"

using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;

namespace {

void prepare(const TempDir& data) {
  REQUIRE(run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")}).status == 0);
  for (const auto& [name, role] :
       std::vector<std::pair<std::string, std::string>>{{"arc1", "archivist"}, {"sup1", "supervisor"}}) {
    REQUIRE(
        run_monjo({"--data", data.path(), "user", "add", name, "--role", role}, "long enough " + name + "\n").status ==
        0);
  }
}

const std::string kList =
    "担当課,簿冊名,作成年度,保存期間,満了年度,文書番号,数量,備考\n"
    "総務課,例規改正綴,平成25年度,10年,令和5年度,総-1,1,\n"
    "総務課,庶務綴,平成30年度,5年,令和5年度,総-2,2,\n"
    "総務課,防災会議録,平成25年度,10年,令和5年度,総-3,1,\n";

}  // namespace

TEST_CASE("monjo template --kind retention writes a list that imports", "[selection-cli]") {
  TempDir data;
  prepare(data);
  for (const std::string format : {"csv", "xlsx"}) {
    const std::string out = data / ("template." + format);
    auto t = run_monjo({"template", "--kind", "retention", "--format", format, "--out", out});
    REQUIRE(t.status == 0);
    auto imported = run_monjo({"--data", data.path(), "selection", "import", "--as", "arc1", out});
    INFO(imported.err);
    REQUIRE(imported.status == 0);
    CHECK_THAT(imported.out, Catch::Contains("1 rows of （例）総務課, 2023年度"));
  }
}

TEST_CASE("monjo selection import refuses a list with errors, naming every row", "[selection-cli]") {
  TempDir data;
  prepare(data);
  const std::string bad = data / "bad.csv";
  write_file(bad,
             "担当課,簿冊名,作成年度,保存期間,満了年度,文書番号,数量,備考\n"
             "総務課,,平成25年度,10年,令和5年度,,1,\n"
             "総務課,庶務綴,平成25年度,10年,いつか,,1,\n"
             "総務課,会議録,平成25年度,10年,令和5年度,,多数,\n");
  auto r = run_monjo({"--data", data.path(), "selection", "import", "--as", "arc1", bad});
  CHECK(r.status == 1);
  CHECK_THAT(r.err, Catch::Contains(bad + ":2: 簿冊名: empty"));
  CHECK_THAT(r.err, Catch::Contains(bad + ":3: 満了年度:"));
  CHECK_THAT(r.err, Catch::Contains(bad + ":4: 数量:"));
  CHECK_THAT(r.err, Catch::Contains("3 problems; nothing was changed"));
  auto listed = run_monjo({"--data", data.path(), "selection", "list"});
  CHECK(listed.out.empty());
  // An account that may not import, and none at all.
  write_file(bad, kList);
  auto sup = run_monjo({"--data", data.path(), "selection", "import", "--as", "sup1", bad});
  CHECK(sup.status == 1);
  CHECK_THAT(sup.err, Catch::Contains("may not select_records"));
  auto nobody = run_monjo({"--data", data.path(), "selection", "import", bad});
  CHECK(nobody.status == 1);
  CHECK_THAT(nobody.err, Catch::Contains("--as NAME"));
}

TEST_CASE("monjo selection mark and approve: the drafter never approves", "[selection-cli]") {
  TempDir data;
  prepare(data);
  const std::string list = data / "list.csv";
  write_file(list, kList);
  REQUIRE(run_monjo({"--data", data.path(), "selection", "import", "--as", "arc1", list}).status == 0);
  auto m = run_monjo({"--data", data.path(), "selection", "mark", "1", "--rows", "1,3", "--outcome", "transfer",
                      "--criterion", "ordinance", "--as", "arc1"});
  INFO(m.err);
  REQUIRE(m.status == 0);
  REQUIRE(run_monjo({"--data", data.path(), "selection", "mark", "1", "--rows", "2", "--outcome", "destroy",
                     "--criterion", "routine", "--note", "定型", "--as", "arc1"})
              .status == 0);
  auto wrong = run_monjo({"--data", data.path(), "selection", "mark", "1", "--rows", "2", "--outcome", "destroy",
                          "--criterion", "ordinance", "--as", "arc1"});
  CHECK(wrong.status == 1);
  CHECK_THAT(wrong.err, Catch::Contains("criterion ordinance is for transfer"));
  auto own = run_monjo({"--data", data.path(), "selection", "approve", "1", "--as", "arc1"});
  CHECK(own.status == 1);
  auto ok = run_monjo({"--data", data.path(), "selection", "approve", "1", "--as", "sup1"});
  INFO(ok.err);
  REQUIRE(ok.status == 0);
  auto changed = run_monjo({"--data", data.path(), "selection", "mark", "1", "--rows", "2", "--outcome", "transfer",
                            "--criterion", "city_history", "--as", "arc1"});
  CHECK(changed.status == 1);
  CHECK_THAT(changed.err, Catch::Contains("changing it is a correction"));
  auto shown = run_monjo({"--data", data.path(), "selection", "show", "1"});
  CHECK_THAT(shown.out, Catch::Contains("2\tdestroy (定型的・軽易な事務（廃棄）)\t庶務綴"));
  auto report = run_monjo({"--data", data.path(), "selection", "report"});
  CHECK_THAT(report.out, Catch::Contains("2023,総務課,3,2,1,0,0,0,0"));
  auto audit = run_monjo({"--data", data.path(), "audit", "list"});
  CHECK_THAT(audit.out, Catch::Contains("selection.approve"));
}
