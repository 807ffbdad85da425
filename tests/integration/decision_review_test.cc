// Decisions feed the restriction review (docs/requests.md, "Decisions and the catalog"), end to end on the small fixture:
// a request decided and notified through the store (as the staff pages do) on the
// data directory that `monjo import` made, then `monjo review` lists what the decision
// opened and `monjo review --apply` publishes it — a 要審査 item used in full becomes
// searchable on the public side, a closed one used in part stays withheld.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "archive/catalog/catalog.h"
#include "archive/requests/request_store.h"
#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using nlohmann::json;
using namespace monjo::archive;

namespace {

long total(const TempDir& data, const std::string& q, bool staff = false) {
  std::vector<std::string> args = {"--data", data.path(), "search", "--json"};
  if (staff) args.push_back("--staff");
  args.push_back(q);
  auto r = run_monjo(args);
  INFO("search " << q << ": " << r.err);
  REQUIRE(r.status == 0);
  return json::parse(r.out)["total"].get<long>();
}

// fx-v1-003 (要審査) used in full, fx-v4-001 (closed through its volume) in part;
// returns the receipt.
std::string decide_and_notify(const TempDir& data) {
  Catalog catalog(data / "catalog.sqlite");
  AuditTrail audit(catalog.db());
  RequestStore store(catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{}));
  NewRequest n;
  n.record_ids = {"fx-v1-003", "fx-v4-001"};
  n.requester = {"請求者名", "相模原市", "", "someone@example.invalid", "", false};
  const Receipt receipt = store.submit(n);
  const Actor officer{"off1", Role::Officer};
  const Actor supervisor{"sup1", Role::Supervisor};
  store.apply(receipt.receipt, RequestEvent::Accept, officer, "");
  ItemDecision full;
  full.record_id = "fx-v1-003";
  full.decision = Decision::FullUse;
  store.set_item_decision(receipt.receipt, full, officer);
  ItemDecision part;
  part.record_id = "fx-v4-001";
  part.decision = Decision::PartialUse;
  part.grounds = {"personal"};
  part.article = "条例第17条第1項第1号イ";
  part.reason = "被召集者の氏名と住所を含むため";
  part.redactions = {Redaction{1, 40, "氏名・住所", ""}};
  part.review_after = Ymd{2046, 1, 1};
  store.set_item_decision(receipt.receipt, part, officer);
  store.apply(receipt.receipt, RequestEvent::Draft, officer, "");
  store.apply(receipt.receipt, RequestEvent::Approve, supervisor, "");
  store.apply(receipt.receipt, RequestEvent::Notify, officer, "");
  return receipt.receipt;
}

}  // namespace

TEST_CASE("monjo review applies what a notified decision opened: 全部利用 publishes, 一部利用 keeps withheld",
          "[review-cli]") {
  TempDir data;
  auto imported = run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")});
  INFO(imported.err);
  REQUIRE(imported.status == 0);
  REQUIRE(total(data, "審査語丙") == 0);  // 要審査: listing only
  REQUIRE(total(data, "審査語丙", true) == 1);

  const std::string receipt = decide_and_notify(data);
  CHECK(total(data, "審査語丙") == 0);  // 全部利用 waits for the review

  auto list = run_monjo({"--data", data.path(), "review"});
  INFO(list.err);
  REQUIRE(list.status == 0);
  CHECK_THAT(list.out, Catch::Contains("fx-v1-003\treview\topened by decision " + receipt + " on "));
  CHECK_THAT(list.out, Catch::Contains(": 全部利用"));
  // 一部利用 was applied when notified: restricted until its review date.
  CHECK(list.out.find("fx-v4-001") == std::string::npos);
  CHECK_THAT(list.out, Catch::Contains("1 catalog change pending from decisions"));
  CHECK(total(data, "審査語丙") == 0);  // listing changes nothing

  auto bare = run_monjo({"--data", data.path(), "review", "--apply"});
  CHECK(bare.status != 0);
  CHECK_THAT(bare.err, Catch::Contains("--all"));
  auto unknown = run_monjo({"--data", data.path(), "review", "--apply", "fx-v1-001"});
  CHECK(unknown.status != 0);
  CHECK_THAT(unknown.err, Catch::Contains("fx-v1-001"));
  auto apply = run_monjo({"--data", data.path(), "review", "--apply", "fx-v1-003"});
  INFO(apply.err);
  REQUIRE(apply.status == 0);
  CHECK_THAT(apply.out, Catch::Contains("applied 1 decision change"));

  // The 要審査 item's description is now public…
  CHECK(total(data, "審査語丙") == 1);
  // …the closed item used in part is restricted: listed, its description still withheld.
  CHECK(total(data, "閉鎖語乙") == 0);
  CHECK(total(data, "閉鎖語乙", true) >= 1);
  auto listing = run_monjo({"--data", data.path(), "search", "--json", "召集令状交付記録"});
  REQUIRE(listing.status == 0);
  bool restricted_listed = false;
  const json found = json::parse(listing.out);
  for (const auto& hit : found["hits"]) {
    if (hit["id"] == "fx-v4-001") restricted_listed = hit["access"] == "restricted";
  }
  CHECK(restricted_listed);
  // The restriction reason stays staff-only.
  CHECK(total(data, "被召集者") == 0);

  auto again = run_monjo({"--data", data.path(), "review"});
  CHECK_THAT(again.out, Catch::Contains("0 catalog changes pending from decisions"));
  auto audit = run_monjo({"--data", data.path(), "audit", "list", "--action", "catalog.decision"});
  REQUIRE(audit.status == 0);
  CHECK_THAT(audit.out, Catch::Contains("fx-v1-003"));
  CHECK(run_monjo({"--data", data.path(), "audit", "verify"}).status == 0);
}
