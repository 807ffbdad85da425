// Accession of a transferred batch (indexer/accession.h, docs/selection.md): the
// approved 移管 rows become volumes under the chosen series with call numbers by the
// archive's rule and 要審査 access; missing and extra items are flagged; nothing of the
// new volumes reaches the public index until an archivist opens them, the staff index
// has them at once; a preservation event goes on every volume at once; `monjo check`
// counts the held-back volumes; a batch is accessioned once.
#include <catch2/catch.hpp>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/search/search.h"
#include "archive/selection/selection.h"
#include "archive/staff/audit.h"
#include "indexer/accession.h"
#include "indexer/consistency.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using monjo::test::TempDir;

namespace {

const Actor kArchivist{"arc1", Role::Archivist};
const Actor kSupervisor{"sup1", Role::Supervisor};

struct Desk {
  TempDir dir{"monjo-accession"};
  std::string data = dir.path.string();
  int64_t batch = 0;
  Desk() {
    Catalog catalog(data + "/catalog.sqlite");
    monjo::indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
    monjo::indexer::rebuild_indexes(catalog, data);
    std::vector<RetentionRow> rows;
    for (const char* title : {"防災会議録綴甲", "例規改正綴乙", "庶務雑件綴丙", "議会答弁資料丁"}) {
      RetentionRow r;
      r.department = "総務課";
      r.title = title;
      r.created_year = "平成25年度";
      r.retention = "10年";
      r.expiry_year = 2023;
      r.quantity = 2;
      rows.push_back(r);
    }
    SelectionStore store(catalog.db());
    const auto criteria = SelectionCriteria::defaults();
    batch = store.create_batch(2023, "総務課", "list.csv", rows, kArchivist);
    store.mark(batch, {1}, SelectionOutcome::Transfer, "disaster", "", criteria, kArchivist);
    store.mark(batch, {2, 4}, SelectionOutcome::Transfer, "ordinance", "", criteria, kArchivist);
    store.mark(batch, {3}, SelectionOutcome::Destroy, "routine", "", criteria, kArchivist);
  }
  void approve() {
    Catalog catalog(data + "/catalog.sqlite");
    SelectionStore(catalog.db()).approve(batch, "", kSupervisor);
  }
  long found(IndexSide side, const std::string& q) {
    Searcher s(data, side);
    SearchRequest req;
    req.query = q;
    return s.search(req).total;
  }
  monjo::indexer::AccessionForm form() const {
    monjo::indexer::AccessionForm f;
    f.batch_id = batch;
    f.parent_id = "fx-gikai";
    f.call_number_prefix = "受2023-";
    f.location = "書庫3-12";
    return f;
  }
};

}  // namespace

TEST_CASE("only approved transfers are accessioned, under a fonds or series, once", "[accession]") {
  Desk d;
  // Not yet approved: no transfer is in force.
  CHECK_THROWS_AS(monjo::indexer::accession_batch(d.data, d.form(), kArchivist), InputError);
  d.approve();
  auto f = d.form();
  CHECK_THROWS_AS(monjo::indexer::accession_batch(d.data, f, kSupervisor), Forbidden);
  f.parent_id = "fx-v1";  // a volume holds no volumes
  CHECK_THROWS_AS(monjo::indexer::accession_batch(d.data, f, kArchivist), InputError);
  f = d.form();
  f.missing = {3};  // a destroyed row cannot be missing
  CHECK_THROWS_AS(monjo::indexer::accession_batch(d.data, f, kArchivist), InputError);
  f = d.form();
  f.call_number_prefix = " ";
  CHECK_THROWS_AS(monjo::indexer::accession_batch(d.data, f, kArchivist), InputError);
  REQUIRE_NOTHROW(monjo::indexer::accession_batch(d.data, d.form(), kArchivist));
  CHECK_THROWS_AS(monjo::indexer::accession_batch(d.data, d.form(), kArchivist), Conflict);
  // After accession the batch's decisions stay as they are.
  Catalog catalog(d.data + "/catalog.sqlite");
  CHECK_THROWS_AS(SelectionStore(catalog.db())
                      .correct(d.batch, 1, SelectionOutcome::Destroy, "routine", "", "r", SelectionCriteria::defaults(),
                               kArchivist),
                  Conflict);
}

TEST_CASE("accession creates 要審査 volumes kept out of the public index until opened", "[accession]") {
  Desk d;
  d.approve();
  auto f = d.form();
  f.missing = {4};
  f.extra = {"一覧外の綴"};
  const auto out = monjo::indexer::accession_batch(d.data, f, kArchivist);
  REQUIRE(out.record_ids.size() == 2);

  Catalog catalog(d.data + "/catalog.sqlite");
  const auto v = catalog.get(out.record_ids[0]);
  REQUIRE(v);
  CHECK(v->level == Level::Volume);
  CHECK(v->parent_id == "fx-gikai");
  CHECK(v->title == "防災会議録綴甲");
  CHECK(v->call_number == "受2023-0001");
  CHECK(catalog.get(out.record_ids[1])->call_number == "受2023-0002");
  CHECK(v->location == "書庫3-12");
  CHECK(v->extent == "2冊");
  REQUIRE(v->access);
  CHECK(v->access->status == AccessStatus::Review);
  REQUIRE(v->preservation.size() == 1);
  CHECK(v->preservation[0].type == "transfer");
  CHECK(v->preservation[0].text.find("災害・事件") != std::string::npos);

  SelectionStore store(catalog.db());
  const auto acc = store.accession(out.accession_id);
  REQUIRE(acc);
  REQUIRE(acc->items.size() == 4);
  CHECK(acc->items[2].status == AccessionItemStatus::Missing);
  CHECK(acc->items[2].record_id.empty());
  CHECK(acc->items[3].status == AccessionItemStatus::Extra);
  CHECK(acc->items[3].title == "一覧外の綴");
  const auto linked = store.accession_of_record(out.record_ids[0]);
  REQUIRE(linked);
  CHECK(linked->second.position == 1);
  CHECK(store.batch(d.batch)->accession_id == out.accession_id);

  // Staff find them at once; the public index has nothing of them, call number included.
  CHECK(d.found(IndexSide::Staff, "防災会議録綴甲") == 1);
  CHECK(d.found(IndexSide::Public, "防災会議録綴甲") == 0);
  CHECK(d.found(IndexSide::Public, "受2023-0001") == 0);
  // A full rebuild leaves them out too, and monjo check agrees.
  monjo::indexer::rebuild_indexes(catalog, d.data);
  CHECK(d.found(IndexSide::Public, "防災会議録綴甲") == 0);
  monjo::indexer::CheckOptions options;
  options.sample = 100;
  const auto report = monjo::indexer::check_data_dir(catalog, d.data, options);
  for (const auto& finding : report.findings) INFO(finding.kind << ": " << finding.what);
  CHECK(report.findings.empty());

  // A くん蒸 on arrival for the whole accession at once.
  CHECK(monjo::indexer::record_accession_event(d.data, out.accession_id, {"fumigation", "2024-05-10", "到着時くん蒸"},
                                               kArchivist) == 2);
  CHECK_THROWS_AS(
      monjo::indexer::record_accession_event(d.data, out.accession_id, {"polish", "2024-05-10", ""}, kArchivist),
      InputError);
  {
    Catalog c(d.data + "/catalog.sqlite");
    CHECK(c.get(out.record_ids[1])->preservation.size() == 2);
    CHECK(c.get(out.record_ids[1])->preservation[1].type == "fumigation");
    CHECK(AuditTrail(c.db()).list({"", "selection.accession", "", "", ""}).size() == 1);
    CHECK(AuditTrail(c.db()).list({"", "selection.accession_event", "", "", ""}).size() == 1);
  }
  CHECK(d.found(IndexSide::Public, "防災会議録綴甲") == 0);

  // An archivist opens one after examination: it reaches the public index.
  {
    Catalog c(d.data + "/catalog.sqlite");
    const uint64_t before = c.generation();
    c.set_access(out.record_ids[0], Access{AccessStatus::Open, {}, {}, {}}, "arc1", "examined");
    c.bump_generation();
    monjo::indexer::update_records(c, d.data, {out.record_ids[0]}, before);
  }
  CHECK(d.found(IndexSide::Public, "防災会議録綴甲") == 1);
  CHECK(d.found(IndexSide::Public, "例規改正綴乙") == 0);
}
