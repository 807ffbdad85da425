// monjo.conf: every key the file may hold is declared once (archive/base/config.cc);
// a misspelt key is an error naming the key and its line, never silently ignored.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/dates/calendar.h"
#include "archive/dates/deadline.h"

using monjo::archive::Config;
using monjo::archive::InputError;

namespace {

std::string error_of(const std::string& text) {
  try {
    Config::parse(text, "monjo.conf");
  } catch (const InputError& e) {
    return e.where_what();
  }
  return "";
}

}  // namespace

TEST_CASE("a misspelt key in monjo.conf is an error naming the key, its section and line", "[config]") {
  const std::string e = error_of("[ordinance]\ndecision_days = 30\nre_reveiw_years = 7\n");
  CHECK(e.find("monjo.conf:3") != std::string::npos);
  CHECK(e.find("unknown key \"re_reveiw_years\" in [ordinance]") != std::string::npos);
  CHECK(e.find("re_review_years") != std::string::npos);  // the known keys are listed
}

TEST_CASE("an unknown section in monjo.conf is an error naming it and the sections there are", "[config]") {
  const std::string e = error_of("# the site\n[sight]\nname = x\n");
  CHECK(e.find("monjo.conf:2") != std::string::npos);
  CHECK(e.find("unknown section [sight]") != std::string::npos);
  CHECK(e.find("[site]") != std::string::npos);
}

TEST_CASE("a key before any section is refused", "[config]") {
  CHECK(error_of("name = x\n").find("monjo.conf:1: key \"name\" before any [section]") != std::string::npos);
}

TEST_CASE("the restriction categories are the archive's own names", "[config]") {
  Config c = Config::parse("[restriction_periods]\nbase = fiscal_year\nprivacy_medical = personal 80 個人情報（病歴）\n",
                           "monjo.conf");
  CHECK(c.section("restriction_periods").size() == 2);
}

TEST_CASE("every declared [ordinance] key is read by the ordinance or the calendar", "[config]") {
  // A declared key that nothing reads would be accepted and change nothing: each one,
  // given a value no reader accepts, must be refused by one of the two readers.
  for (const auto& k : monjo::archive::config_keys()) {
    if (std::string(k.section) != "ordinance") continue;
    INFO(k.key);
    Config c = Config::parse(std::string("[ordinance]\n") + k.key + " = ???\n", "monjo.conf");
    const auto keys = c.section("ordinance");
    bool refused = false;
    try {
      monjo::archive::ordinance_config_from_ini(keys);
      monjo::archive::calendar_config_from_ini(keys);
    } catch (const InputError& e) {
      refused = std::string(e.what()).find(k.key) != std::string::npos;
    }
    CHECK(refused);
  }
}

TEST_CASE("asking for an undeclared key is a programming error", "[config]") {
  Config c = Config::parse("[site]\nname = x\n", "monjo.conf");
  CHECK(c.get("site", "name") == "x");
  CHECK_THROWS_AS(c.get("site", "nmae"), std::logic_error);
}

TEST_CASE("one parse_bool and one trim for the whole program", "[config]") {
  using monjo::archive::parse_bool;
  CHECK(parse_bool(" Yes ") == true);
  CHECK(parse_bool("off") == false);
  CHECK(parse_bool("0") == false);
  CHECK_FALSE(parse_bool("maybe").has_value());
  CHECK(monjo::archive::trim(" \t x \r\n") == "x");
  CHECK(monjo::archive::trim("\xE3\x80\x80x") == "\xE3\x80\x80x");
  CHECK(monjo::archive::trim_typed("\xE3\x80\x80 山田\xE3\x80\x80 ") == "山田");
}
