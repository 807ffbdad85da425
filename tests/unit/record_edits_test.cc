// Saving an edited record (indexer/record_edits.h): the importer's rules, no lost
// updates, versions with field-level changes, restore, the audit trail, and both
// indexes following in the same save.
#include <catch2/catch.hpp>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_versions.h"
#include "archive/search/search.h"
#include "archive/staff/audit.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "indexer/record_edits.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using monjo::indexer::SaveOutcome;
using monjo::test::TempDir;

namespace {

struct Desk {
  TempDir dir{"monjo-edit"};
  std::string data = dir.path.string();
  Actor archivist{"archivist-1", Role::Archivist};
  Desk() {
    Catalog catalog(data + "/catalog.sqlite");
    monjo::indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
    monjo::indexer::rebuild_indexes(catalog, data);
  }
  Record get(const std::string& id) {
    Catalog catalog(data + "/catalog.sqlite");
    return *catalog.get(id);
  }
  long found(IndexSide side, const std::string& q) {
    Searcher s(data, side);
    SearchRequest req;
    req.query = q;
    return s.search(req).total;
  }
};

}  // namespace

TEST_CASE("a saved title and date are in the catalog, both indexes and the history at once", "[record_edits]") {
  Desk d;
  Record r = d.get("fx-v1-001");
  const std::string base = record_fingerprint(r);
  CHECK(d.found(IndexSide::Public, "縣廳往復文書") == 1);
  r.title = "學務課往復綴";
  r.date_text = "昭和十七年六月";
  const SaveOutcome out = monjo::indexer::save_record(d.data, r, base, d.archivist);
  REQUIRE(out.status == SaveOutcome::Status::Saved);
  CHECK(out.version == 2);  // version 1 is the record as imported
  REQUIRE(out.changes.size() == 2);
  CHECK(out.changes[0].field == "title");
  CHECK(out.changes[0].before == "縣廳往復文書");
  CHECK(out.changes[0].after == "學務課往復綴");
  CHECK(out.changes[1].field == "date");
  const Record now = d.get("fx-v1-001");
  CHECK(now.title == "學務課往復綴");
  REQUIRE(now.date);
  CHECK(now.date->start.iso() == "1942-06-01");
  CHECK(out.fingerprint == record_fingerprint(now));
  // New-form kanji find the old-form title, on both sides; the old title is gone.
  CHECK(d.found(IndexSide::Public, "学務課往復綴") == 1);
  CHECK(d.found(IndexSide::Staff, "学務課往復綴") == 1);
  CHECK(d.found(IndexSide::Public, "縣廳往復文書") == 0);

  Catalog catalog(d.data + "/catalog.sqlite");
  const auto history = RecordVersions(catalog.db()).history("fx-v1-001");
  REQUIRE(history.size() == 2);
  CHECK(history[0].action == "edit");
  CHECK(history[0].actor == "archivist-1");
  CHECK(history[1].action == "original");
  CHECK(record_from_snapshot(history[1].snapshot).title == "縣廳往復文書");
  bool audited = false;
  for (const auto& e : AuditTrail(catalog.db()).list({})) {
    if (e.action == "record.edit" && e.target == "fx-v1-001") audited = true;
  }
  CHECK(audited);
}

TEST_CASE("a save over a record that changed since the form was made is refused with what changed", "[record_edits]") {
  Desk d;
  const Record opened = d.get("fx-v1-002");
  const std::string base = record_fingerprint(opened);
  Record first = opened;
  first.title = "國民學校建設ノ件";
  REQUIRE(monjo::indexer::save_record(d.data, first, base, d.archivist).status == SaveOutcome::Status::Saved);

  Record second = opened;  // made from the same, now old, state
  second.note = "担当者メモ";
  const SaveOutcome out = monjo::indexer::save_record(d.data, second, base, d.archivist);
  REQUIRE(out.status == SaveOutcome::Status::Conflict);
  REQUIRE(out.since.size() == 1);
  CHECK(out.since[0].field == "title");
  CHECK(out.since[0].before == "國民學校建設ニ關スル件");
  CHECK(out.since[0].after == "國民學校建設ノ件");
  CHECK(d.get("fx-v1-002").note.empty());  // nothing changed
  CHECK(d.get("fx-v1-002").title == "國民學校建設ノ件");
}

TEST_CASE("a save that breaks the importer's rules changes nothing and names each field", "[record_edits]") {
  Desk d;
  Record r = d.get("fx-v1-001");
  const std::string base = record_fingerprint(r);
  r.title = " ";
  r.date_text = "昭和99年";
  r.access = Access{AccessStatus::Restricted, {"personal"}, "2030-02-30", "氏名"};
  const SaveOutcome out = monjo::indexer::save_record(d.data, r, base, d.archivist);
  REQUIRE(out.status == SaveOutcome::Status::Invalid);
  std::vector<std::string> fields;
  for (const auto& p : out.problems) fields.push_back(p.field);
  CHECK(fields == std::vector<std::string>{"title", "date", "access.until"});
  CHECK(d.get("fx-v1-001").title == "縣廳往復文書");
  Catalog catalog(d.data + "/catalog.sqlite");
  CHECK(RecordVersions(catalog.db()).latest("fx-v1-001") == 0);
}

TEST_CASE("restricting an item removes its withheld text from the public index in the same save", "[record_edits]") {
  Desk d;
  Record r = d.get("fx-v1-001");
  CHECK(d.found(IndexSide::Public, "公開語丁") == 1);
  r.access = Access{AccessStatus::Restricted, {"personal"}, "2040-04-01", "個人の氏名を含む"};
  REQUIRE(monjo::indexer::save_record(d.data, r, record_fingerprint(d.get("fx-v1-001")), d.archivist).status ==
          SaveOutcome::Status::Saved);
  CHECK(d.found(IndexSide::Public, "公開語丁") == 0);
  CHECK(d.found(IndexSide::Staff, "公開語丁") == 1);
}

TEST_CASE("an earlier version restored is the newest version, with its own changes", "[record_edits]") {
  Desk d;
  Record r = d.get("fx-v2-001");
  const std::string original_title = r.title;
  r.title = "誤って変えた題名";
  auto saved = monjo::indexer::save_record(d.data, r, record_fingerprint(d.get("fx-v2-001")), d.archivist);
  REQUIRE(saved.status == SaveOutcome::Status::Saved);
  auto restored = monjo::indexer::restore_version(d.data, "fx-v2-001", 1, saved.fingerprint, d.archivist);
  REQUIRE(restored.status == SaveOutcome::Status::Saved);
  CHECK(restored.version == 3);
  CHECK(d.get("fx-v2-001").title == original_title);
  Catalog catalog(d.data + "/catalog.sqlite");
  CHECK(RecordVersions(catalog.db()).history("fx-v2-001")[0].action == "restore");
  CHECK_THROWS_AS(monjo::indexer::restore_version(d.data, "fx-v2-001", 9, restored.fingerprint, d.archivist), NotFound);
}

TEST_CASE("a record's snapshot round-trips every field", "[record_edits]") {
  Desk d;
  const Record r = d.get("fx-v1-001");
  const Record back = record_from_snapshot(record_snapshot(r));
  CHECK(diff_records(r, back).empty());
  CHECK(record_fingerprint(back) == record_fingerprint(r));
}

TEST_CASE("a volume moved to another series takes its items, their paths and fonds along", "[record_edits]") {
  Desk d;
  const Record v = d.get("fx-v2");
  Catalog before(d.data + "/catalog.sqlite");
  const auto series = before.get(v.parent_id);
  REQUIRE(series);
  // Another parent that may hold a volume, outside its current series.
  std::string target;
  for (const auto& id : before.child_ids(before.root_of("fx-v2").value())) {
    auto r = before.get(id);
    if (r && r->level == Level::Series && id != v.parent_id) target = id;
  }
  REQUIRE_FALSE(target.empty());
  const auto out = monjo::indexer::move_record(d.data, "fx-v2", target, record_fingerprint(v), d.archivist);
  REQUIRE(out.status == SaveOutcome::Status::Saved);
  CHECK(d.get("fx-v2").parent_id == target);
  CHECK(d.get("fx-v2-001").parent_id == "fx-v2");
  // The item's document carries its new path.
  Searcher s(d.data, IndexSide::Staff);
  SearchRequest req;
  req.filter("series", target);
  bool item_there = false;
  for (const auto& h : s.search(req).hits) item_there = item_there || h.id == "fx-v2-001";
  CHECK(item_there);
  Catalog catalog(d.data + "/catalog.sqlite");
  CHECK(RecordVersions(catalog.db()).history("fx-v2")[0].action == "move");

  // A volume cannot go under an item, nor a series into its own subtree.
  const auto bad = monjo::indexer::move_record(d.data, "fx-v2", "fx-v1-001", out.fingerprint, d.archivist);
  CHECK(bad.status == SaveOutcome::Status::Invalid);
  const auto loop =
      monjo::indexer::move_record(d.data, target, "fx-v2", record_fingerprint(d.get(target)), d.archivist);
  CHECK(loop.status == SaveOutcome::Status::Invalid);
}

TEST_CASE("a new volume is created under a series with the importer's rules, found at once", "[record_edits]") {
  Desk d;
  Record v;
  v.id = "fx-new-vol";
  v.level = Level::Volume;
  v.parent_id = d.get("fx-v2").parent_id;
  v.title = "新設簿冊 昭和參拾年";
  v.date_text = "昭和30年";
  auto out = monjo::indexer::create_record(d.data, v, d.archivist);
  REQUIRE(out.status == SaveOutcome::Status::Saved);
  CHECK(out.version == 1);
  CHECK(d.found(IndexSide::Public, "新設簿冊") == 1);
  // Again: the id is taken; an item under a series is refused; a bad date too.
  CHECK(monjo::indexer::create_record(d.data, v, d.archivist).status == SaveOutcome::Status::Invalid);
  Record item = v;
  item.id = "fx-new-item";
  item.level = Level::Item;
  item.date_text = "昭和99年";
  const auto bad = monjo::indexer::create_record(d.data, item, d.archivist);
  REQUIRE(bad.status == SaveOutcome::Status::Invalid);
  std::vector<std::string> fields;
  for (const auto& p : bad.problems) fields.push_back(p.field);
  CHECK(fields == std::vector<std::string>{"date", "parent"});
}
