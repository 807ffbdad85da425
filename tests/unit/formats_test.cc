// The format registry (indexer/formats/registry.h): `monjo import` picks the reader
// of a file by its content, whatever the file is called, and refuses a file in no
// known format with `file: message` naming the formats it reads; every writer of the
// table writes the catalog, and what a format writes its reader reads back.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/catalog/catalog.h"
#include "indexer/formats/ead_reader.h"
#include "indexer/formats/native_reader.h"
#include "indexer/formats/registry.h"
#include "indexer/importer.h"
#include "tests/unit/test_support.h"

using namespace monjo;
namespace formats = monjo::indexer::formats;
using formats::Match;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

std::string head_of(const std::string& path) {
  return slurp(path).substr(0, formats::kSniffBytes);
}

std::string write_with(const formats::Writer& writer, archive::Catalog& catalog) {
  std::ostringstream out;
  formats::WriteOptions options;
  options.generated_at = "2026-04-01T00:00:00Z";
  writer.write(catalog, options, out);
  return out.str();
}

const formats::Reader* reader_named(std::string_view name) {
  for (const auto* reader : formats::readers()) {
    if (reader->name() == name) return reader;
  }
  return nullptr;
}

const std::string kSmall = MONJO_FIXTURES "/catalog/small.xml";

}  // namespace

TEST_CASE("the registry recognizes native catalog XML by its content, not its file name", "[formats]") {
  test::TempDir dir("monjo-formats");
  const std::string as_text = (dir.path / "catalog.txt").string();
  const std::string bare = (dir.path / "export").string();
  spit(as_text, slurp(kSmall));
  spit(bare, slurp(kSmall));
  for (const auto& path : {kSmall, as_text, bare, std::string(MONJO_FIXTURES "/catalog/small-sjis.xml"),
                           std::string(MONJO_FIXTURES "/catalog/small-eucjp.xml")}) {
    INFO(path);
    CHECK(formats::reader_for(path, {}).name() == "native");
  }
  CHECK(formats::native_reader().sniff(head_of(bare), "export") == Match::Sure);

  // Imported under another name, the file gives the same catalog.
  test::TempDb a, b;
  archive::Catalog from_xml(a.path), from_txt(b.path);
  const auto x = indexer::import_files(from_xml, {kSmall}, {});
  const auto t = indexer::import_files(from_txt, {as_text}, {});
  CHECK(t.read.total() == x.read.total());
  CHECK(t.after.total() == x.after.total());
  const auto& native = *formats::find_writer("native");
  CHECK(write_with(native, from_txt) == write_with(native, from_xml));
}

TEST_CASE("the native reader is sure of its root element or namespace, and takes other XML as plausible",
          "[formats]") {
  const auto& native = formats::native_reader();
  const std::string root = "<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n</catalog>\n";
  CHECK(native.sniff(root, "a.dat") == Match::Sure);
  CHECK(native.sniff("\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- exported -->\n" + root, "a") == Match::Sure);
  CHECK(native.sniff("<?xml version=\"1.0\"?>\n<m:catalog xmlns:m=\"urn:monjo:catalog:1\"/>", "a") == Match::Sure);
  // UTF-16 with its byte order mark.
  std::string utf16 = "\xFF\xFE";
  for (char c : root) {
    utf16 += c;
    utf16 += '\0';
  }
  CHECK(native.sniff(utf16, "a") == Match::Sure);
  // A DOCTYPE (which the reader refuses, with its line) does not hide the root.
  CHECK(native.sniff("<?xml version=\"1.0\"?>\n<!DOCTYPE catalog [\n  <!ENTITY x \"<y>\">\n]>\n<catalog/>", "a") ==
        Match::Sure);
  // XML of another vocabulary, or a broken file named like a catalog: the native
  // reader's messages say what is wrong with it.
  CHECK(native.sniff("<?xml version=\"1.0\"?>\n<ead xmlns=\"http://ead3.archivists.org/schema/\">", "a") ==
        Match::Plausible);
  CHECK(native.sniff("not xml at all", "catalog.XML") == Match::Plausible);
  CHECK(native.sniff("", "empty.xml") == Match::Plausible);
  CHECK(native.sniff("id,title\nf1,町会議事録\n", "catalog.csv") == Match::No);
  CHECK(native.sniff("\x89PNG\r\n\x1a\n", "scan.png") == Match::No);
  CHECK(native.sniff("", "empty") == Match::No);
}

TEST_CASE("the EAD reader is sure of <ead> in either EAD namespace or in none, and of nothing else", "[formats][ead]") {
  const auto& ead = formats::ead_reader();
  CHECK(ead.sniff("<?xml version=\"1.0\"?>\n<ead xmlns=\"urn:isbn:1-931666-22-9\">", "a") == Match::Sure);
  CHECK(ead.sniff("<?xml version=\"1.0\"?>\n<ead xmlns=\"http://ead3.archivists.org/schema/\">", "a") == Match::Sure);
  CHECK(ead.sniff("<?xml version=\"1.0\"?>\n<!-- xmlns=\"urn:x\" -->\n<ead xmlns:ns2=\"http://www.w3.org/1999/xlink\">",
                  "a") == Match::Sure);
  CHECK(ead.sniff("<ead xmlns=\"urn:example:other\"/>", "a") == Match::No);
  CHECK(ead.sniff("<catalog xmlns=\"urn:monjo:catalog:1\"/>", "a.xml") == Match::No);
  CHECK(ead.sniff("id,title\n", "ead.csv") == Match::No);
  // An EAD file goes to the EAD reader, other XML still to the native one.
  CHECK(formats::readers().size() >= 2);
}

TEST_CASE("xml_root_element skips the prolog and drops the prefix", "[formats]") {
  CHECK(formats::xml_root_element("<?xml version=\"1.0\"?><!-- c --><?pi x?>\n <ead:ead>") == "ead");
  CHECK(formats::xml_root_element("<!DOCTYPE a SYSTEM \"a.dtd\"><a/>") == "a");
  CHECK(formats::xml_root_element("<!DOCTYPE a [<!ELEMENT a ANY>]>\n<a>") == "a");
  CHECK_FALSE(formats::xml_root_element("id,title"));
  CHECK_FALSE(formats::xml_root_element("<?xml version=\"1.0\"?><!-- no end"));
  CHECK_FALSE(formats::xml_root_element("< a>"));
}

TEST_CASE("a file in no known format is refused with file: message naming the formats monjo reads",
          "[formats][bad-input]") {
  test::TempDir dir("monjo-formats");
  // Text that is neither catalog XML nor a sheet with a header row.
  const std::string csv = (dir.path / "notes.txt").string();
  spit(csv, "hello, world\n");
  try {
    formats::reader_for(csv, {});
    FAIL("a text file was taken for a known format");
  } catch (const archive::InputError& e) {
    CHECK(e.file() == csv);
    CHECK(e.line() == 0);
    CHECK(e.where_what() == csv + ": " + e.what());
    for (const auto* reader : formats::readers()) CHECK_THAT(e.what(), Catch::Contains(std::string(reader->name())));
  }

  // In an import, it keeps the other files out too.
  test::TempDb db;
  archive::Catalog catalog(db.path);
  CHECK_THROWS_AS(indexer::import_files(catalog, {kSmall, csv}, {}), archive::InputError);
  CHECK(catalog.counts().total() == 0);

  // What the file system says comes first, as from the readers themselves.
  CHECK_THROWS_WITH(formats::reader_for(dir.path.string(), {}), "not a regular file");
  CHECK_THROWS_WITH(formats::reader_for((dir.path / "none.xml").string(), {}), "cannot read the file");
}

TEST_CASE("every writer of the table writes the catalog; what a format writes, its reader reads back",
          "[formats]") {
  test::TempDb db;
  archive::Catalog catalog(db.path);
  indexer::import_files(catalog, {kSmall}, {});
  std::set<std::string> names;
  for (const auto* writer : formats::writers()) {
    const std::string name(writer->name());
    INFO(name);
    CHECK(names.insert(name).second);  // names are unique
    CHECK(formats::find_writer(name) == writer);
    CHECK_FALSE(writer->help().empty());
    const std::string first = write_with(*writer, catalog);
    if (name == "csv") {
      CHECK_THAT(first, Catch::StartsWith("\xEF\xBB\xBF" + archive::text_ja("sheet_col_id") + ","));
    } else if (name == "xlsx") {
      CHECK_THAT(first, Catch::StartsWith(std::string("PK\3\4", 4)));
    } else {
      CHECK_THAT(first, Catch::StartsWith("<?xml"));
    }
    const auto* reader = reader_named(name);
    if (!reader) continue;
    test::TempDir dir("monjo-formats");
    const std::string file = (dir.path / ("export-" + name)).string();
    spit(file, first);
    CHECK(&formats::reader_for(file, {}) == reader);
    test::TempDb again;
    archive::Catalog copy(again.path);
    indexer::import_files(copy, {file}, {});
    CHECK(write_with(*writer, copy) == first);
  }
  CHECK(formats::find_writer("no-such-format") == nullptr);
  CHECK(formats::or_list({"a"}) == "a");
  CHECK(formats::or_list({"a", "b", "c"}) == "a, b or c");
}

TEST_CASE("every writer has its label on the staff export page in both catalogs", "[formats]") {
  using monjo::archive::Lang;
  using monjo::archive::Messages;
  for (const auto* writer : monjo::indexer::formats::writers()) {
    const std::string key = "export_format_" + std::string(writer->name());
    INFO(key);
    CHECK(Messages::get(Lang::Ja).has(key));
    CHECK(Messages::get(Lang::En).has(key));
  }
}

TEST_CASE("every reader has its label on the staff upload page in both catalogs", "[formats]") {
  using monjo::archive::Lang;
  using monjo::archive::Messages;
  for (const auto* reader : monjo::indexer::formats::readers()) {
    const std::string key = "import_reader_" + std::string(reader->name());
    INFO(key);
    CHECK(Messages::get(Lang::Ja).has(key));
    CHECK(Messages::get(Lang::En).has(key));
  }
}
