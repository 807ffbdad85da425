// The syntax check in front of Xapian's QueryParser (archive/search/query_syntax.h).
#include "archive/search/query_syntax.h"

#include <catch2/catch.hpp>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/search/search.h"
#include "indexer/index_writer.h"
#include "test_support.h"

using monjo::archive::has_dangling_operator;

TEST_CASE("operators with a word on each side pass the syntax check", "[search][syntax]") {
  CHECK_FALSE(has_dangling_operator(""));
  CHECK_FALSE(has_dangling_operator("(議会)"));
  CHECK_FALSE(has_dangling_operator("(議会) OR (予算)"));
  CHECK_FALSE(has_dangling_operator("(議会) AND NOT (予算)"));
  CHECK_FALSE(has_dangling_operator("(議会) NOT (予算)"));
  CHECK_FALSE(has_dangling_operator("NOT (予算)"));
  CHECK_FALSE(has_dangling_operator("((a) OR (b)) AND c"));
  CHECK_FALSE(has_dangling_operator("a XOR b"));
  // Inside a phrase the words are words.
  CHECK_FALSE(has_dangling_operator("\"AND OR\""));
  CHECK_FALSE(has_dangling_operator("a \"b AND"));
  // Lower case is not an operator.
  CHECK_FALSE(has_dangling_operator("and or not"));
}

TEST_CASE("an operator without a word on one side fails the syntax check", "[search][syntax]") {
  CHECK(has_dangling_operator("AND a"));
  CHECK(has_dangling_operator("a OR"));
  CHECK(has_dangling_operator("a AND OR b"));
  CHECK(has_dangling_operator("a NOT"));
  CHECK(has_dangling_operator("(a OR) b"));
  CHECK(has_dangling_operator("(AND a)"));
  CHECK(has_dangling_operator("NOT AND a"));
  // The query that made Xapian 1.4.22 lose memory (found by tests/fuzz/fuzz_query).
  CHECK(has_dangling_operator("AND a (議)1\""));
}

TEST_CASE("the Searcher refuses a dangling operator before Xapian's parser sees it", "[search][syntax]") {
  using namespace monjo::archive;
  monjo::test::TempDir dir;
  Catalog catalog((dir.path / "catalog.sqlite").string());
  {
    sql::Transaction tx(catalog.db());
    catalog.insert(monjo::test::make_record("F1", Level::Fonds, ""));
    tx.commit();
  }
  catalog.bump_generation();
  monjo::indexer::rebuild_indexes(catalog, dir.path.string());
  Searcher searcher(dir.path.string(), IndexSide::Public);
  for (const char* q : {"AND a 議1\"", "AND\xe3\x80\x80" "2\x01\xec\xbc\x9a" "1\"", "議会 OR", "AND 議会"}) {
    SearchRequest req;
    req.query = q;
    CHECK_THROWS_AS(searcher.search(req), InputError);
  }
  SearchRequest ok;
  ok.query = "題";
  CHECK(searcher.search(ok).total == 1);
}
