// schema/catalog.xsd against real files, checked with xmllint as an archivist would
// by hand: the generated sample and every catalog fixture validate; every bad
// fixture that the schema is meant to catch fails, on the line its README names.
// Problems the schema cannot see (昭和65年, 2月30日, DTDs) are listed too, so that a
// new bad fixture has to be classified here.
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/integration/harness.h"
#include "tools/monjo/sample.h"

namespace {

namespace fs = std::filesystem;

struct Xmllint {
  int status = -1;
  std::string err;
};

// xmllint --noout --nonet --schema schema/catalog.xsd FILE, without a shell.
Xmllint xmllint(const std::string& file) {
  monjo::test::TempDir io;
  const std::string err_path = io / "err";
  const std::string schema = std::string(MONJO_SOURCE_DIR) + "/schema/catalog.xsd";
  const pid_t pid = fork();
  if (pid == 0) {
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int null = open("/dev/null", O_RDWR);
    if (err < 0 || null < 0) _exit(126);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err, 2);
    const char* argv[] = {"xmllint", "--noout", "--nonet", "--schema", schema.c_str(), file.c_str(), nullptr};
    execvp("xmllint", const_cast<char* const*>(argv));
    _exit(127);
  }
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  Xmllint r;
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  r.err = monjo::test::read_file(err_path);
  return r;
}

std::vector<std::string> xml_files_in(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".xml") files.push_back(entry.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

enum class Guard {
  Schema,    // xmllint must reject it, reporting the line
  Importer,  // the schema accepts it; the importer's own checks must not
  Parser,    // DTD and entity attacks: the importer refuses any DOCTYPE; xmllint is no guard
};

struct BadFixture {
  const char* file;
  long line;
  Guard guard;
};

// Mirrors tests/fixtures/bad/README.md.
const BadFixture kBadFixtures[] = {
    {"malformed.xml", 6, Guard::Schema},
    {"truncated.xml", 8, Guard::Schema},
    {"xxe.xml", 2, Guard::Parser},
    {"billion-laughs.xml", 2, Guard::Parser},
    {"external-dtd.xml", 2, Guard::Parser},
    {"wrong-namespace.xml", 2, Guard::Schema},
    {"unknown-element.xml", 9, Guard::Schema},
    {"bad-id.xml", 5, Guard::Schema},
    {"duplicate-id.xml", 13, Guard::Schema},
    {"bad-status.xml", 9, Guard::Schema},
    {"showa65.xml", 8, Guard::Importer},
    {"feb30.xml", 8, Guard::Importer},
    {"bad-normal.xml", 8, Guard::Schema},
    {"duplicate-callnumber.xml", 15, Guard::Schema},
    {"wrong-order.xml", 7, Guard::Schema},
};

}  // namespace

TEST_CASE("a generated 60-volume sample validates against catalog.xsd", "[schema]") {
  monjo::test::TempDir dir;
  const std::string path = dir / "sample.xml";
  monjo::tools::SampleStats stats;
  {
    std::ofstream out(path, std::ios::binary);
    monjo::tools::SampleOptions options;
    options.volumes = 60;
    options.seed = 20240401;
    stats = monjo::tools::write_sample(out, options);
  }
  CHECK(stats.volumes == 60);
  const Xmllint r = xmllint(path);
  INFO(r.err.substr(0, 2000));
  CHECK(r.status == 0);
  CHECK(r.err.find("validates") != std::string::npos);
}

TEST_CASE("every catalog fixture validates against catalog.xsd", "[schema]") {
  const std::string dir = monjo::test::fixture("catalog");
  const auto files = xml_files_in(dir);
  REQUIRE(std::find(files.begin(), files.end(), "small.xml") != files.end());
  REQUIRE(std::find(files.begin(), files.end(), "small-sjis.xml") != files.end());
  REQUIRE(std::find(files.begin(), files.end(), "small-eucjp.xml") != files.end());
  for (const auto& name : files) {
    const Xmllint r = xmllint(dir + "/" + name);
    INFO(name << ": " << r.err);
    CHECK(r.status == 0);
  }
}

TEST_CASE("the Shift_JIS and EUC-JP fixtures declare their encoding", "[schema]") {
  const auto sjis = monjo::test::read_file(monjo::test::fixture("catalog/small-sjis.xml"));
  const auto eucjp = monjo::test::read_file(monjo::test::fixture("catalog/small-eucjp.xml"));
  CHECK(sjis.rfind("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>", 0) == 0);
  CHECK(eucjp.rfind("<?xml version=\"1.0\" encoding=\"EUC-JP\"?>", 0) == 0);
  // 秘匿 in Shift_JIS is 0x94E9 0x93BD; the raw UTF-8 bytes must not be there.
  CHECK(sjis.find("\x94\xE9\x93\xBD") != std::string::npos);
  CHECK(sjis.find("秘匿") == std::string::npos);
  CHECK(eucjp.find("秘匿") == std::string::npos);
}

TEST_CASE("every bad fixture is classified: schema, importer or parser", "[schema]") {
  for (const auto& name : xml_files_in(monjo::test::fixture("bad"))) {
    INFO(name);
    const bool listed = std::any_of(std::begin(kBadFixtures), std::end(kBadFixtures),
                                    [&](const BadFixture& f) { return name == f.file; });
    CHECK(listed);
  }
}

TEST_CASE("schema-level bad fixtures fail xmllint on their known line", "[schema]") {
  for (const auto& bad : kBadFixtures) {
    if (bad.guard != Guard::Schema) continue;
    const std::string path = monjo::test::fixture(std::string("bad/") + bad.file);
    const Xmllint r = xmllint(path);
    INFO(bad.file << ": " << r.err);
    CHECK(r.status != 0);
    CHECK(r.err.find(path + ":" + std::to_string(bad.line) + ":") != std::string::npos);
  }
}

TEST_CASE("impossible 和暦 dates pass the schema, so the importer must catch them", "[schema]") {
  for (const auto& bad : kBadFixtures) {
    if (bad.guard != Guard::Importer) continue;
    const Xmllint r = xmllint(monjo::test::fixture(std::string("bad/") + bad.file));
    INFO(bad.file << ": " << r.err);
    CHECK(r.status == 0);
  }
}

TEST_CASE("DTD attack fixtures carry a DOCTYPE on their known line", "[schema]") {
  for (const auto& bad : kBadFixtures) {
    if (bad.guard != Guard::Parser) continue;
    const std::string text = monjo::test::read_file(monjo::test::fixture(std::string("bad/") + bad.file));
    long line = 1;
    const size_t at = text.find("<!DOCTYPE");
    REQUIRE(at != std::string::npos);
    line += std::count(text.begin(), text.begin() + static_cast<long>(at), '\n');
    INFO(bad.file);
    CHECK(line == bad.line);
  }
}
