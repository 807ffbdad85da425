// Saving a volume's 細目録 as one table (indexer/item_table.h): adds, edits, deletes
// and reorders in one save; one invalid row anywhere saves nothing and names its row,
// field and the importer's message; a table made from an old state is refused with
// the rows that changed; versions and one audit entry are written; the public index
// follows, and a withheld item's text never reaches it.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/catalog/record_versions.h"
#include "archive/search/search.h"
#include "archive/staff/audit.h"
#include "indexer/importer.h"
#include "indexer/index_writer.h"
#include "indexer/item_table.h"
#include "indexer/record_edits.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using monjo::indexer::ItemRow;
using monjo::indexer::TableOutcome;
using monjo::test::TempDir;

namespace {

std::string opt(const std::optional<int>& v) {
  return v ? std::to_string(*v) : std::string();
}

ItemRow row_of(const Record& r) {
  ItemRow row;
  row.id = r.id;
  row.base = record_fingerprint(r);
  row.seq = opt(r.seq);
  row.title = r.title;
  row.date = r.date_text;
  row.pages_from = opt(r.pages_from);
  row.pages_to = opt(r.pages_to);
  row.description = r.description;
  row.note = r.note;
  return row;
}

ItemRow new_row(const std::string& seq, const std::string& title, const std::string& date) {
  ItemRow row;
  row.seq = seq;
  row.title = title;
  row.date = date;
  return row;
}

struct Desk {
  TempDir dir{"monjo-items"};
  std::string data = dir.path.string();
  Actor archivist{"archivist-1", Role::Archivist};
  Desk() {
    Catalog catalog(data + "/catalog.sqlite");
    monjo::indexer::import_files(catalog, {MONJO_FIXTURES "/catalog/small.xml"}, {});
    monjo::indexer::rebuild_indexes(catalog, data);
  }
  // The table as the form shows it: the rows and the table's fingerprint.
  std::vector<ItemRow> rows(const std::string& volume, std::string& base) {
    Catalog catalog(data + "/catalog.sqlite");
    const auto items = monjo::indexer::volume_items(catalog, volume);
    base = monjo::indexer::table_fingerprint(items);
    std::vector<ItemRow> out;
    for (const auto& r : items) out.push_back(row_of(r));
    return out;
  }
  std::vector<Record> items(const std::string& volume) {
    Catalog catalog(data + "/catalog.sqlite");
    return monjo::indexer::volume_items(catalog, volume);
  }
  long found(IndexSide side, const std::string& q) {
    Searcher s(data, side);
    SearchRequest req;
    req.query = q;
    return s.search(req).total;
  }
};

std::vector<std::string> ids(const std::vector<Record>& items) {
  std::vector<std::string> out;
  for (const auto& r : items) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("one table save adds, edits, deletes and reorders the items of a volume", "[item_table]") {
  Desk d;
  std::string base;
  auto rows = d.rows("fx-v1", base);
  REQUIRE(rows.size() == 3);
  CHECK(d.found(IndexSide::Public, "公開語丁") == 1);
  // Delete fx-v1-001, edit fx-v1-002's title, put fx-v1-003 first, add two new rows
  // (one between, one at the end) and leave a blank spare row.
  std::vector<ItemRow> table;
  table.push_back(rows[2]);
  ItemRow added_between = new_row("2", "新規追加の件甲", "昭和30年");
  added_between.pages_from = "１";  // full-width digits, as a spreadsheet may hold them
  added_between.pages_to = "12";
  added_between.description = "追加内容語";
  table.push_back(added_between);
  rows[1].title = "國民學校建設ニ關スル件（修正）";
  table.push_back(rows[1]);
  table.push_back(new_row("4", "新規追加の件乙", "1956年4月"));
  rows[0].remove = true;
  table.push_back(rows[0]);
  table.push_back(ItemRow{});  // a spare row, all blank: no row

  const TableOutcome out = monjo::indexer::save_item_table(d.data, "fx-v1", table, base, d.archivist);
  REQUIRE(out.status == TableOutcome::Status::Saved);
  CHECK(out.problems.empty());
  CHECK(out.rows == 4);
  CHECK(out.added == std::vector<std::string>{"fx-v1-004", "fx-v1-005"});
  CHECK(out.deleted == std::vector<std::string>{"fx-v1-001"});
  CHECK(out.changed == std::vector<std::string>{"fx-v1-003", "fx-v1-002"});  // moved; edited
  CHECK(out.row_ids[1] == "fx-v1-004");
  CHECK(out.row_ids[5].empty());

  const auto items = d.items("fx-v1");
  CHECK(ids(items) == std::vector<std::string>{"fx-v1-003", "fx-v1-004", "fx-v1-002", "fx-v1-005"});
  for (size_t i = 0; i < items.size(); ++i) CHECK(items[i].position == static_cast<int>(i));
  CHECK(items[0].seq == 3);  // seq as typed, not renumbered
  CHECK(items[1].seq == 2);
  CHECK(items[1].level == Level::Item);
  CHECK(items[1].parent_id == "fx-v1");
  CHECK(items[1].pages_from == 1);
  CHECK(items[1].pages_to == 12);
  REQUIRE(items[1].date);
  CHECK(items[1].date->start.iso() == "1955-01-01");
  CHECK(items[2].title == "國民學校建設ニ關スル件（修正）");
  CHECK(items[2].names.size() == 1);  // what the table does not show is kept
  CHECK(out.fingerprint == monjo::indexer::table_fingerprint(items));

  // The public index follows in the same save: the deleted item's words are gone,
  // the new items' words are found, the edited title is found.
  CHECK(d.found(IndexSide::Public, "公開語丁") == 0);
  CHECK(d.found(IndexSide::Staff, "公開語丁") == 0);
  CHECK(d.found(IndexSide::Public, "新規追加の件甲") == 1);
  CHECK(d.found(IndexSide::Public, "追加内容語") == 1);
  CHECK(d.found(IndexSide::Public, "新規追加の件乙") == 1);
  CHECK(d.found(IndexSide::Public, "修正") >= 1);

  // Versions: create, edit, move, delete (with the snapshot of what went).
  Catalog catalog(d.data + "/catalog.sqlite");
  RecordVersions versions(catalog.db());
  const auto created = versions.history("fx-v1-004");
  REQUIRE(created.size() == 1);
  CHECK(created[0].action == "create");
  CHECK(created[0].actor == "archivist-1");
  CHECK(versions.history("fx-v1-002")[0].action == "edit");
  CHECK(versions.history("fx-v1-003")[0].action == "move");
  const auto deleted = versions.history("fx-v1-001");
  REQUIRE(deleted.size() == 2);
  CHECK(deleted[0].action == "delete");
  CHECK(record_from_snapshot(deleted[0].snapshot).title == "縣廳往復文書");
  CHECK(deleted[1].action == "original");
  CHECK_FALSE(catalog.exists("fx-v1-001"));

  // One audit entry sums the save up.
  AuditFilter filter;
  filter.action = "record.item_table";
  const auto entries = AuditTrail(catalog.db()).list(filter);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].actor == "archivist-1");
  CHECK(entries[0].target == "fx-v1");
  CHECK(entries[0].detail.rfind("added 2, changed 2, deleted 1, rows 4: ", 0) == 0);
  CHECK(entries[0].detail.find("\"fx-v1-001\"") != std::string::npos);
  CHECK(entries[0].detail.find("\"fx-v1-005\"") != std::string::npos);
}

TEST_CASE("a deleted item's id is not given to a new item later", "[item_table]") {
  Desk d;
  std::string base;
  auto rows = d.rows("fx-v2", base);
  rows.pop_back();  // fx-v2-003 left out of the table: deleted
  auto out = monjo::indexer::save_item_table(d.data, "fx-v2", rows, base, d.archivist);
  REQUIRE(out.status == TableOutcome::Status::Saved);
  CHECK(out.deleted == std::vector<std::string>{"fx-v2-003"});
  rows = d.rows("fx-v2", base);
  rows.push_back(new_row("3", "後から加えた件", ""));
  out = monjo::indexer::save_item_table(d.data, "fx-v2", rows, base, d.archivist);
  REQUIRE(out.status == TableOutcome::Status::Saved);
  CHECK(out.added == std::vector<std::string>{"fx-v2-004"});
}

TEST_CASE("one invalid row anywhere saves nothing and names its row, field and the importer's message",
          "[item_table]") {
  Desk d;
  std::string base;
  auto rows = d.rows("fx-v2", base);
  const auto before = d.items("fx-v2");
  rows[0].title = "変わってはならない題名";
  rows.push_back(new_row("4", "追加されてはならない", "昭和99年"));  // row 3: a bad 和暦
  rows[1].title = "  ";                                              // row 1: an empty title
  rows[2].pages_from = "50";
  rows[2].pages_to = "10";  // row 2: from after to
  rows[2].seq = "三";       // and not a number
  rows.push_back(new_row("", "", ""));
  rows.back().id = "fx-v1-001";  // row 4: an item of another volume
  rows.back().title = "よその件";
  const TableOutcome out = monjo::indexer::save_item_table(d.data, "fx-v2", rows, base, d.archivist);
  REQUIRE(out.status == TableOutcome::Status::Invalid);
  std::vector<std::pair<size_t, std::string>> where;
  for (const auto& p : out.problems) where.emplace_back(p.row, p.field);
  CHECK(where ==
        std::vector<std::pair<size_t, std::string>>{{1, "title"}, {2, "seq"}, {2, "pages"}, {3, "date"}, {4, "id"}});
  for (const auto& p : out.problems) {
    if (p.field == "title") CHECK(p.message == "the title is empty");
    if (p.field == "pages") CHECK(p.message == "from 50 is after to 10");
    if (p.field == "seq") CHECK(p.message == "\"三\" is not a whole number");
    if (p.field == "id") CHECK(p.message == "record \"fx-v1-001\" is not an item of volume fx-v2");
    if (p.field == "date") {
      // The importer's own message for the same text.
      std::string importer;
      try {
        record_date("昭和99年", "");
      } catch (const InputError& e) {
        importer = e.what();
      }
      CHECK_FALSE(importer.empty());
      CHECK(p.message == importer);
    }
  }
  // Nothing changed: no title, no new item, no version, no audit entry, no index change.
  const auto after = d.items("fx-v2");
  REQUIRE(after.size() == before.size());
  for (size_t i = 0; i < after.size(); ++i) CHECK(record_fingerprint(after[i]) == record_fingerprint(before[i]));
  CHECK(d.found(IndexSide::Staff, "変わってはならない題名") == 0);
  CHECK(d.found(IndexSide::Staff, "追加されてはならない") == 0);
  Catalog catalog(d.data + "/catalog.sqlite");
  CHECK(RecordVersions(catalog.db()).latest("fx-v2-001") == 0);
  AuditFilter filter;
  filter.action = "record.item_table";
  CHECK(AuditTrail(catalog.db()).count(filter) == 0);
}

TEST_CASE("a table made before the volume's items changed elsewhere is refused with the rows that changed",
          "[item_table]") {
  Desk d;
  std::string base;
  const auto opened = d.rows("fx-v2", base);
  // Someone else edits fx-v2-002 in the record editor meanwhile.
  Record other = d.items("fx-v2")[1];
  other.title = "別の職員の修正";
  REQUIRE(monjo::indexer::save_record(d.data, other, record_fingerprint(d.items("fx-v2")[1]), d.archivist).status ==
          monjo::indexer::SaveOutcome::Status::Saved);

  auto mine = opened;
  mine[0].note = "私の修正";
  const TableOutcome out = monjo::indexer::save_item_table(d.data, "fx-v2", mine, base, d.archivist);
  REQUIRE(out.status == TableOutcome::Status::Conflict);
  REQUIRE(out.since.size() == 1);
  CHECK(out.since[0].id == "fx-v2-002");
  CHECK(out.since[0].row == 1u);
  CHECK(out.since[0].kind == "changed");
  REQUIRE(out.since[0].changes.size() == 1);
  CHECK(out.since[0].changes[0].field == "title");
  CHECK(out.since[0].changes[0].after == "別の職員の修正");
  CHECK(d.items("fx-v2")[0].note.empty());  // nothing saved
  CHECK(out.fingerprint != base);

  // An item added elsewhere is named too; the table made now saves.
  std::string now_base;
  auto again = d.rows("fx-v2", now_base);
  again.push_back(new_row("4", "別の人が加えた件", ""));
  REQUIRE(monjo::indexer::save_item_table(d.data, "fx-v2", again, now_base, d.archivist).status ==
          TableOutcome::Status::Saved);
  const TableOutcome late = monjo::indexer::save_item_table(d.data, "fx-v2", mine, base, d.archivist);
  REQUIRE(late.status == TableOutcome::Status::Conflict);
  bool added_named = false;
  for (const auto& c : late.since) added_named = added_named || (c.kind == "added" && !c.row);
  CHECK(added_named);
  // Saving over what is there now (the new fingerprint) is a deliberate overwrite.
  auto over = mine;
  for (size_t i = 0; i < over.size(); ++i) over[i].base = record_fingerprint(late.items[i]);
  over.push_back(row_of(late.items.back()));
  CHECK(monjo::indexer::save_item_table(d.data, "fx-v2", over, late.fingerprint, d.archivist).status ==
        TableOutcome::Status::Saved);
  CHECK(d.items("fx-v2")[0].note == "私の修正");
}

TEST_CASE("a withheld item's text edited or added in the table never reaches the public index", "[item_table]") {
  Desk d;
  std::string base;
  auto rows = d.rows("fx-v3", base);
  // fx-v3-001 is restricted: its new description stays off the public side.
  rows[0].description = "秘匿追記語 個人の恩給額";
  const TableOutcome out = monjo::indexer::save_item_table(d.data, "fx-v3", rows, base, d.archivist);
  REQUIRE(out.status == TableOutcome::Status::Saved);
  CHECK(d.found(IndexSide::Public, "秘匿追記語") == 0);
  CHECK(d.found(IndexSide::Staff, "秘匿追記語") == 1);
  CHECK(d.items("fx-v3")[0].access->status == AccessStatus::Restricted);  // the access is kept

  // fx-v4 is closed: a new item in it inherits that, so its description stays off the
  // public side (its title is listed, as a closed record's is).
  auto closed = d.rows("fx-v4", base);
  closed.push_back(new_row("3", "召集令状交付記録（追加分）", "昭和20年9月"));
  closed.back().description = "閉鎖追加語 追加分の交付記録";
  REQUIRE(monjo::indexer::save_item_table(d.data, "fx-v4", closed, base, d.archivist).status ==
          TableOutcome::Status::Saved);
  CHECK(d.items("fx-v4").back().access == std::nullopt);  // inherits
  CHECK(d.found(IndexSide::Public, "閉鎖追加語") == 0);
  CHECK(d.found(IndexSide::Staff, "閉鎖追加語") == 1);
  CHECK(d.found(IndexSide::Public, "追加分") == 1);
}

TEST_CASE("the item table is only a volume's and an unchanged table saves nothing", "[item_table]") {
  Desk d;
  std::string base;
  CHECK_THROWS_AS(d.rows("fx-v1-001", base), NotFound);
  CHECK_THROWS_AS(monjo::indexer::save_item_table(d.data, "fx-gikai", {}, "", d.archivist), NotFound);
  CHECK_THROWS_AS(monjo::indexer::save_item_table(d.data, "no-such", {}, "", d.archivist), NotFound);
  auto rows = d.rows("fx-v2", base);
  const TableOutcome out = monjo::indexer::save_item_table(d.data, "fx-v2", rows, base, d.archivist);
  CHECK(out.status == TableOutcome::Status::Unchanged);
  CHECK(out.fingerprint == base);
  Catalog catalog(d.data + "/catalog.sqlite");
  CHECK(RecordVersions(catalog.db()).latest("fx-v2-001") == 0);
}
