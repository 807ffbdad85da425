// Datestamps for harvesting (archive::Catalog::record_stamps, used by OAI-PMH): a
// record's stamp is the latest updated_at of itself and its ancestors, lists come in
// id order after a resumption point, filtered by range and fonds.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>

#include "archive/catalog/catalog.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using monjo::test::TempDb;

namespace {

Record make(const std::string& id, Level level, const std::string& parent, int position = 0) {
  Record r = monjo::test::make_record(id, level, parent);
  r.position = position;
  return r;
}

void set_updated(Catalog& catalog, const std::string& id, const std::string& stamp) {
  auto st = catalog.db().prepare("UPDATE records SET updated_at = ?2 WHERE id = ?1");
  st.bind(1, id).bind(2, stamp);
  st.run();
}

// Two fonds: a (series a-s, volume a-v with items a-v-1, a-v-2) and b (volume b-v, item b-v-1).
void build(Catalog& catalog) {
  catalog.insert(make("a", Level::Fonds, "", 0));
  catalog.insert(make("a-s", Level::Series, "a"));
  catalog.insert(make("a-v", Level::Volume, "a-s"));
  catalog.insert(make("a-v-1", Level::Item, "a-v", 0));
  catalog.insert(make("a-v-2", Level::Item, "a-v", 1));
  catalog.insert(make("b", Level::Fonds, "", 1));
  catalog.insert(make("b-v", Level::Volume, "b"));
  catalog.insert(make("b-v-1", Level::Item, "b-v"));
  for (const char* id : {"a", "a-s", "a-v", "a-v-1", "a-v-2", "b", "b-v", "b-v-1"}) {
    set_updated(catalog, id, "2024-01-01T00:00:00Z");
  }
}

std::vector<std::string> ids_of(const std::vector<RecordStamp>& stamps) {
  std::vector<std::string> out;
  for (const auto& s : stamps) out.push_back(s.id);
  return out;
}

}  // namespace

TEST_CASE("every record is listed in id order with its fonds and datestamp", "[catalog][stamps]") {
  TempDb db;
  Catalog catalog(db.path);
  build(catalog);
  const auto all = catalog.record_stamps({});
  CHECK(ids_of(all) == std::vector<std::string>{"a", "a-s", "a-v", "a-v-1", "a-v-2", "b", "b-v", "b-v-1"});
  for (const auto& s : all) {
    CHECK(s.datestamp == "2024-01-01T00:00:00Z");
    CHECK(s.root_id == s.id.substr(0, 1));
  }
  CHECK(catalog.count_record_stamps({}) == 8);
  CHECK(catalog.earliest_datestamp() == "2024-01-01T00:00:00Z");
}

TEST_CASE("a change to an ancestor raises the datestamp of everything below it", "[catalog][stamps]") {
  TempDb db;
  Catalog catalog(db.path);
  build(catalog);
  // A restriction lifted on the series changes what its volume and items show.
  set_updated(catalog, "a-s", "2024-06-01T12:00:00Z");
  set_updated(catalog, "b-v-1", "2024-03-01T00:00:00Z");
  StampQuery q;
  q.from = "2024-02-01T00:00:00Z";
  CHECK(ids_of(catalog.record_stamps(q)) == std::vector<std::string>{"a-s", "a-v", "a-v-1", "a-v-2", "b-v-1"});
  CHECK(catalog.count_record_stamps(q) == 5);
  CHECK(catalog.record_stamp("a-v-2")->datestamp == "2024-06-01T12:00:00Z");
  CHECK(catalog.record_stamp("a-v-2")->root_id == "a");
  CHECK(catalog.record_stamp("a")->datestamp == "2024-01-01T00:00:00Z");
  CHECK(catalog.record_stamp("b-v-1")->datestamp == "2024-03-01T00:00:00Z");
  CHECK_FALSE(catalog.record_stamp("no-such").has_value());

  q.from.clear();
  q.until = "2024-03-01T00:00:00Z";  // inclusive
  CHECK(ids_of(catalog.record_stamps(q)) == std::vector<std::string>{"a", "b", "b-v", "b-v-1"});
}

TEST_CASE("stamps page after a resumption point and stay within one fonds", "[catalog][stamps]") {
  TempDb db;
  Catalog catalog(db.path);
  build(catalog);
  StampQuery q;
  q.limit = 3;
  CHECK(ids_of(catalog.record_stamps(q)) == std::vector<std::string>{"a", "a-s", "a-v"});
  q.after_id = "a-v";
  CHECK(ids_of(catalog.record_stamps(q)) == std::vector<std::string>{"a-v-1", "a-v-2", "b"});
  q.after_id = "b-v-1";
  CHECK(catalog.record_stamps(q).empty());

  StampQuery fonds;
  fonds.root_id = "b";
  CHECK(ids_of(catalog.record_stamps(fonds)) == std::vector<std::string>{"b", "b-v", "b-v-1"});
  CHECK(catalog.count_record_stamps(fonds) == 3);
  fonds.root_id = "no-such";
  CHECK(catalog.record_stamps(fonds).empty());
  CHECK(catalog.count_record_stamps(fonds) == 0);
}

TEST_CASE("an empty catalog has no stamps and no earliest datestamp", "[catalog][stamps]") {
  TempDb db;
  Catalog catalog(db.path);
  CHECK(catalog.record_stamps({}).empty());
  CHECK(catalog.count_record_stamps({}) == 0);
  CHECK(catalog.earliest_datestamp().empty());
}
