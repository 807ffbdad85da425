// The catalog store: schema migrations, record round trips, subtree replacement,
// access history and the generation counter.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using monjo::test::TempDb;

namespace {

Record make(const std::string& id, Level level, const std::string& parent, int position = 0) {
  Record r = monjo::test::make_record(id, level, parent);
  r.position = position;
  return r;
}

}  // namespace

TEST_CASE("a new catalog is created at the latest schema version", "[catalog]") {
  TempDb db;
  Catalog catalog(db.path);
  CHECK(catalog.schema_version() == Catalog::latest_schema_version());
  CHECK(Catalog::latest_schema_version() >= 2);
  CHECK(catalog.counts().total() == 0);
  CHECK(catalog.generation() == 0);
}

TEST_CASE("a catalog written by the first schema version is migrated with its records kept", "[catalog]") {
  TempDb db;
  {
    sql::Database raw(db.path, sql::Database::Mode::ReadWrite);
    Catalog::migrate_to(raw, 1);
    raw.exec("INSERT INTO records (id, level, root_id, position, title) VALUES ('f1', 'fonds', 'f1', 0, '旧い出所')");
  }
  Catalog catalog(db.path);
  CHECK(catalog.schema_version() == Catalog::latest_schema_version());
  auto f = catalog.get("f1");
  REQUIRE(f);
  CHECK(f->title == "旧い出所");
  catalog.set_access("f1", Access{AccessStatus::Closed, {"personal"}, "2030-03-31", "理由"}, "tester", "migrated");
  CHECK(catalog.get("f1")->access->status == AccessStatus::Closed);
}

TEST_CASE("a record keeps every field through the store", "[catalog]") {
  TempDb db;
  Catalog catalog(db.path);
  Record f = make("f", Level::Fonds, "");
  f.creator = "相模原町";
  f.history = "沿革";
  f.scope = "範囲";
  catalog.insert(f);
  Record v = make("v", Level::Volume, "f");
  v.call_number = "歴1-0001";
  v.public_title = "公開題";
  v.date_text = "昭和29年度";
  v.date = DateInterval{{1954, 4, 1}, {1955, 3, 31}};
  v.date_normal = "1954-04-01/1955-03-31";
  v.department = "庶務課";
  v.retention = "永年";
  v.extent = "1冊";
  v.extent_pages = 245;
  v.location = "第1書庫 3-2-5";
  v.condition = "虫損あり";
  v.note = "メモ";
  v.description = "説明";
  v.names = {{"person", "山田太郎"}, {"org", "相模原町"}};
  v.access = Access{AccessStatus::Restricted, {"personal", "corporate"}, "2035-03-31", "本人の恩給額を含む"};
  v.preservation = {{"fumigation", "2013-08-20", "くん蒸処理"}, {"repair", "2015", ""}};
  catalog.insert(v);
  Record i = make("i", Level::Item, "v");
  i.seq = 3;
  i.pages_from = 46;
  i.pages_to = 52;
  catalog.insert(i);

  auto got = catalog.get("v");
  REQUIRE(got);
  CHECK(got->call_number == "歴1-0001");
  CHECK(got->public_title == "公開題");
  CHECK(got->date_text == "昭和29年度");
  REQUIRE(got->date);
  CHECK(got->date->start == Ymd{1954, 4, 1});
  CHECK(got->date->end == Ymd{1955, 3, 31});
  CHECK(got->date_normal == "1954-04-01/1955-03-31");
  CHECK(got->extent_pages == 245);
  CHECK(got->location == "第1書庫 3-2-5");
  CHECK(got->condition == "虫損あり");
  REQUIRE(got->names.size() == 2);
  CHECK(got->names[0].text == "山田太郎");
  CHECK(got->names[1].type == "org");
  REQUIRE(got->access);
  CHECK(got->access->status == AccessStatus::Restricted);
  CHECK(got->access->grounds == std::vector<std::string>{"personal", "corporate"});
  CHECK(got->access->until == "2035-03-31");
  CHECK(got->access->reason == "本人の恩給額を含む");
  REQUIRE(got->preservation.size() == 2);
  CHECK(got->preservation[1].type == "repair");
  auto item = catalog.get("i");
  REQUIRE(item);
  CHECK(item->seq == 3);
  CHECK(item->pages_from == 46);
  CHECK(item->pages_to == 52);
  CHECK_FALSE(item->access);
  CHECK(catalog.root_of("i") == std::optional<std::string>("f"));
  CHECK(catalog.id_for_call_number("歴1-0001") == std::optional<std::string>("v"));
}

TEST_CASE("an item without a call number is cited by its volume's number and its own", "[catalog][citation]") {
  TempDb db;
  Catalog catalog(db.path);
  catalog.insert(make("f", Level::Fonds, ""));
  Record volume = make("v", Level::Volume, "f");
  volume.call_number = "歴1-0001";
  catalog.insert(volume);
  Record numbered = make("i1", Level::Item, "v", 0);
  numbered.seq = 3;
  catalog.insert(numbered);
  catalog.insert(make("i2", Level::Item, "v", 4));  // no seq: its place in the volume, from 1
  Record stated = make("i3", Level::Item, "v", 5);
  stated.seq = 7;
  stated.call_number = "A-17";
  catalog.insert(stated);
  Record big = make("i4", Level::Item, "v", 6);
  big.seq = 1204;
  catalog.insert(big);

  CHECK(citable_number(*catalog.get("i1")) == "歴1-0001-003");
  CHECK(citable_number(*catalog.get("i2")) == "歴1-0001-005");
  CHECK(citable_number(*catalog.get("i3")) == "A-17");
  CHECK(citable_number(*catalog.get("i4")) == "歴1-0001-1204");
  CHECK(citable_number(*catalog.get("v")) == "歴1-0001");
  CHECK(citable_number(*catalog.get("f")).empty());
  // children() reads the same way as get().
  CHECK(citable_number(catalog.children("v").front()) == "歴1-0001-003");

  // Not stored: the volume's new number renumbers its items.
  Record renamed = *catalog.get("v");
  renamed.call_number = "歴1-0100";
  catalog.update(renamed, "test", "renumbered");
  CHECK(citable_number(*catalog.get("i1")) == "歴1-0100-003");
  CHECK(catalog.get("i1")->call_number.empty());

  // A volume without a call number gives its items none.
  catalog.insert(make("w", Level::Volume, "f", 1));
  Record orphan = make("j1", Level::Item, "w", 0);
  orphan.seq = 1;
  catalog.insert(orphan);
  CHECK(citable_number(*catalog.get("j1")).empty());
}

TEST_CASE("deleting a subtree removes the record and its descendants only", "[catalog]") {
  TempDb db;
  Catalog catalog(db.path);
  catalog.insert(make("f", Level::Fonds, ""));
  catalog.insert(make("s", Level::Series, "f", 0));
  catalog.insert(make("v1", Level::Volume, "s", 0));
  catalog.insert(make("v2", Level::Volume, "s", 1));
  catalog.insert(make("i1", Level::Item, "v1", 0));
  catalog.insert(make("i2", Level::Item, "v2", 0));
  CHECK(catalog.children("s").size() == 2);
  CHECK(catalog.child_ids("s") == std::vector<std::string>{"v1", "v2"});
  CHECK(catalog.delete_subtree("v1") == 2);
  CHECK_FALSE(catalog.exists("i1"));
  CHECK(catalog.exists("i2"));
  CHECK(catalog.delete_subtree("f") == 4);
  CHECK(catalog.counts().total() == 0);
  CHECK(catalog.delete_subtree("nothing") == 0);
}

TEST_CASE("for_each walks parents before children in catalog order", "[catalog]") {
  TempDb db;
  Catalog catalog(db.path);
  catalog.insert(make("f", Level::Fonds, ""));
  catalog.insert(make("s2", Level::Series, "f", 1));
  catalog.insert(make("s1", Level::Series, "f", 0));
  catalog.insert(make("v", Level::Volume, "s1", 0));
  std::vector<std::string> order;
  catalog.for_each([&](const Record& r) { order.push_back(r.id); });
  CHECK(order == std::vector<std::string>{"f", "s1", "v", "s2"});
  auto chain = catalog.ancestors("v");
  REQUIRE(chain.size() == 2);
  CHECK(chain[0].id == "f");
  CHECK(chain[1].id == "s1");
}

TEST_CASE("changing access keeps the old restriction in the history", "[catalog]") {
  TempDb db;
  Catalog catalog(db.path);
  Record f = make("f", Level::Fonds, "");
  f.access = Access{AccessStatus::Restricted, {"personal"}, "2020-03-31", "個人の病歴"};
  catalog.insert(f);
  catalog.set_access("f", Access{AccessStatus::Open, {}, "", ""}, "review", "restriction lapsed");
  CHECK(catalog.get("f")->access->status == AccessStatus::Open);
  auto st = catalog.db().prepare(
      "SELECT old_status, old_reason, actor, new_status FROM access_history WHERE record_id = 'f'");
  REQUIRE(st.step());
  CHECK(st.text(0) == "restricted");
  CHECK(st.text(1) == "個人の病歴");
  CHECK(st.text(2) == "review");
  CHECK(st.text(3) == "open");
  st.reset();
  CHECK_THROWS_AS(catalog.set_access("missing", std::nullopt, "x", ""), NotFound);
}

TEST_CASE("the generation counter goes up by one per bump and survives reopening", "[catalog]") {
  TempDb db;
  {
    Catalog catalog(db.path);
    catalog.bump_generation();
    catalog.bump_generation();
  }
  Catalog again(db.path, Catalog::Mode::ReadOnly);
  CHECK(again.generation() == 2);
}

TEST_CASE("a read-only open of an empty file is refused with a clear message", "[catalog]") {
  TempDb db;
  { sql::Database raw(db.path, sql::Database::Mode::ReadWrite); }
  CHECK_THROWS_WITH(Catalog(db.path, Catalog::Mode::ReadOnly), Catch::Contains("import a catalog first"));
}
