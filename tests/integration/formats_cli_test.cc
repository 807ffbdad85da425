// `monjo import` and `monjo export --format` take their formats from the table of
// indexer/formats/registry.cc: every writer there is reachable from the command line
// and writes what it writes in process, a format with a reader round-trips through
// export and import, and the help and the errors name the formats of the table.
#include <catch2/catch.hpp>

#include <sstream>

#include "archive/catalog/catalog.h"
#include "indexer/formats/registry.h"
#include "tests/integration/harness.h"

using monjo::test::fixture;
using monjo::test::read_file;
using monjo::test::run_monjo;
using monjo::test::TempDir;
using monjo::test::write_file;
namespace formats = monjo::indexer::formats;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// What `writer` writes in process, the time of the export aside (the command line
// writes its own): the lines that hold the time are compared by their line count only.
void check_same_as_in_process(const formats::Writer& writer, const std::string& data, const std::string& cli) {
  const std::string stamp = "1999-12-31T23:59:59Z";
  std::ostringstream out;
  {
    monjo::archive::Catalog catalog(data + "/catalog.sqlite", monjo::archive::Catalog::Mode::ReadOnly);
    formats::WriteOptions options;
    options.generated_at = stamp;
    writer.write(catalog, options, out);
  }
  const auto expected = lines_of(out.str());
  const auto got = lines_of(cli);
  REQUIRE(got.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    if (expected[i].find(stamp) != std::string::npos) continue;
    INFO("line " << i + 1);
    CHECK(got[i] == expected[i]);
  }
}

}  // namespace

TEST_CASE("every writer of the format table exports through the command line", "[formats][export]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  const std::string public_writers = formats::or_list(formats::public_view_writer_names());
  for (const auto* writer : formats::writers()) {
    const std::string name(writer->name());
    INFO(name);
    auto r = run_monjo({"--data", data.path(), "export", "--format", name});
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.empty());
    check_same_as_in_process(*writer, data.path(), r.out);

    // A format the table also reads comes back whole: import(export) == export.
    bool readable = false;
    for (const auto* reader : formats::readers()) readable = readable || reader->name() == name;
    if (readable) {
      TempDir copy;
      const std::string file = copy / ("export-" + name);
      write_file(file, r.out);
      CHECK(formats::reader_for(file, {}).name() == name);
      auto in = run_monjo({"--data", copy.path(), "import", file});
      INFO(in.err);
      REQUIRE(in.status == 0);
      auto again = run_monjo({"--data", copy.path(), "export", "--format", name});
      REQUIRE(again.status == 0);
      CHECK(again.out == r.out);
    }

    auto p = run_monjo({"--data", data.path(), "export", "--format", name, "--public"});
    if (writer->has_public_view()) {
      CHECK(p.status == 0);
      CHECK_FALSE(p.out.empty());
    } else {
      CHECK(p.status == 1);
      CHECK(p.err == "--public is an option of --format " + public_writers + "\n");
      CHECK(p.out.empty());
    }
  }
}

TEST_CASE("export --help and an unknown --format name the formats of the table", "[formats][export]") {
  auto help = run_monjo({"export", "--help"});
  REQUIRE(help.status == 0);
  std::vector<std::string> helps;
  for (const auto* writer : formats::writers()) helps.emplace_back(writer->help());
  CHECK_THAT(help.out, Catch::Contains(formats::or_list(helps)));
  CHECK_THAT(help.out, Catch::Contains(formats::or_list(formats::public_view_writer_names()) +
                                       ": only what the public may see"));

  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  auto r = run_monjo({"--data", data.path(), "export", "--format", "ead2002"});
  CHECK(r.status != 0);
  CHECK(r.out.empty());
  for (const auto& name : formats::writer_names()) CHECK_THAT(r.err, Catch::Contains(name));

  auto import_help = run_monjo({"import", "--help"});
  REQUIRE(import_help.status == 0);
  for (const auto* reader : formats::readers()) CHECK_THAT(import_help.out, Catch::Contains(std::string(reader->help())));
}

TEST_CASE("import refuses a file in no known format with file: message and changes nothing",
          "[formats][import][bad-input]") {
  TempDir data;
  REQUIRE(run_monjo({"--data", data.path(), "import", fixture("catalog/small.xml")}).status == 0);
  const std::string before = read_file(data / "catalog.sqlite");
  // Neither catalog XML nor a sheet with a header row (docs/catalog-format.md).
  write_file(data / "list.txt", "hello, world\n");
  auto r = run_monjo({"--data", data.path(), "import", data / "list.txt"});
  CHECK(r.status == 1);
  const std::string first_line = r.err.substr(0, r.err.find('\n'));
  CHECK_THAT(first_line, Catch::StartsWith(data / "list.txt: "));
  for (const auto* reader : formats::readers()) CHECK_THAT(first_line, Catch::Contains(std::string(reader->name())));
  CHECK(read_file(data / "catalog.sqlite") == before);

  // A catalog file keeps its format under any name.
  write_file(data / "catalog.txt", read_file(fixture("catalog/small.xml")));
  auto t = run_monjo({"--data", data.path(), "import", data / "catalog.txt"});
  INFO(t.err);
  CHECK(t.status == 0);
}
