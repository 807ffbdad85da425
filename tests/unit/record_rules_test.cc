// The record rules shared by the importer and the staff editor
// (archive/catalog/record_rules.h): each rule's message, and check_record on a
// record with every kind of problem.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <regex>
#include <string>
#include <vector>

#include "archive/base/errors.h"
#include "archive/base/messages.h"
#include "archive/catalog/access_policy.h"
#include "archive/catalog/record_rules.h"

using namespace monjo::archive;

TEST_CASE("a record's date is read from its normal form first, else from the text as written", "[record_rules]") {
  auto d = record_date("昭和30年度", "");
  REQUIRE(d);
  CHECK(d->start.iso() == "1955-04-01");
  CHECK(d->end.iso() == "1956-03-31");
  d = record_date("昭和30年度", "1955-06");
  REQUIRE(d);
  CHECK(d->start.iso() == "1955-06-01");
  CHECK_FALSE(record_date("", "").has_value());
  CHECK_THROWS_AS(record_date("昭和99年", ""), InputError);
  CHECK_THROWS_AS(record_date("", "1955-13"), InputError);
}

TEST_CASE("each rule says what is wrong, and nothing when the value is fine", "[record_rules]") {
  CHECK(id_problem("V-1.a_b").empty());
  CHECK(id_problem("") == "has no id");
  CHECK_FALSE(id_problem("v 1").empty());
  CHECK(title_problem(" \t ") == "the title is empty");
  CHECK(title_problem("議会").empty());
  CHECK(until_problem("").empty());
  CHECK(until_problem("2030-02-29") == "\"2030-02-29\" is not a date (YYYY-MM-DD)");
  CHECK(until_problem("2032-02-29").empty());
  CHECK(pages_problem(5, 3) == "from 5 is after to 3");
  CHECK(pages_problem(3, 5).empty());
  CHECK(pages_problem(-1, std::nullopt) == "page numbers are not negative");
  CHECK(event_date_problem("2013-08").empty());
  CHECK_FALSE(event_date_problem("2013-02-30").empty());
  CHECK(ground_problem("personal").empty());
  CHECK(ground_problem("gossip") == "unknown ground \"gossip\"");
  CHECK(name_problem({"person", "山田太郎"}).empty());
  CHECK(name_problem({"pet", "タマ"}) == "unknown name type \"pet\"");
  CHECK(name_problem({"place", " "}) == "the name is empty");
  CHECK(event_kind_problem("fumigation").empty());
  CHECK(event_kind_problem("washing") == "unknown event type \"washing\"");
}

TEST_CASE("check_record names every field that breaks a rule and parses the date", "[record_rules]") {
  Record r;
  r.id = "V1";
  r.title = "予算書";
  r.date_text = "昭和30年";
  CHECK(check_record(r).empty());
  REQUIRE(r.date);
  CHECK(r.date->start.iso() == "1955-01-01");

  r.title = "";
  r.date_text = "いつか";
  r.pages_from = 9;
  r.pages_to = 2;
  r.access = Access{AccessStatus::Restricted, {"personal", "rumour"}, "2030-13-01", "氏名"};
  r.names = {{"person", "山田"}, {"ghost", "某"}};
  r.preservation = {{"fumigation", "2013-08-20", ""}, {"polish", "2013-99", ""}};
  std::vector<std::string> fields;
  for (const auto& p : check_record(r)) fields.push_back(p.field);
  CHECK(fields == std::vector<std::string>{"title", "date", "pages", "access.until", "access.grounds", "names.2",
                                           "preservation.2.type", "preservation.2.date"});
  CHECK_FALSE(r.date.has_value());
}

TEST_CASE("every preservation kind and name type has its label in both catalogs", "[record_rules][messages]") {
  for (const Lang lang : {Lang::Ja, Lang::En}) {
    const auto& m = Messages::get(lang);
    for (const auto& k : preservation_kinds()) CHECK(m.has(preservation_message_key(k)));
    for (const auto& t : name_types()) CHECK(m.has(name_type_message_key(t)));
  }
  CHECK(text_ja(preservation_message_key("fumigation")) == "くん蒸");
}

namespace {

// The values of one xs:simpleType's enumeration in schema/catalog.xsd.
std::vector<std::string> xsd_enumeration(const std::string& type) {
  std::ifstream in(MONJO_FIXTURES "/../../schema/catalog.xsd");
  const std::string xsd((std::istreambuf_iterator<char>(in)), {});
  const size_t start = xsd.find("<xs:simpleType name=\"" + type + "\">");
  REQUIRE(start != std::string::npos);
  const size_t end = xsd.find("</xs:simpleType>", start);
  std::vector<std::string> out;
  const std::regex value("<xs:enumeration value=\"([^\"]+)\"/>");
  const std::string body = xsd.substr(start, end - start);
  for (auto it = std::sregex_iterator(body.begin(), body.end(), value); it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

}  // namespace

TEST_CASE("the rules' tables and the catalog schema's enumerations are the same lists", "[record_rules]") {
  // The schema is the file format's contract; the rules check the editor's and the
  // other readers' records. A kind added to one and not the other fails here.
  CHECK(xsd_enumeration("EventKind") == preservation_kinds());
  CHECK(xsd_enumeration("NameType") == name_types());
  std::vector<std::string> grounds;
  for (const auto& g : restriction_grounds()) grounds.push_back(g.code);
  CHECK(xsd_enumeration("Ground") == grounds);
}
