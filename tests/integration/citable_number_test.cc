// Citable numbers (docs/catalog-format.md, "Citable numbers") over real HTTP: an item
// without a call number of its own is listed, found and cited by its volume's call
// number and its item number — in the 細目録, on its page, in search hits, on the
// request form and status page, on the staff pages and in the notice.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "serve_harness.h"
#include "staff_server.h"

namespace {

using monjo::test::HttpReply;
using monjo::test::Server;
using Fields = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("an item is cited by its volume's call number and its item number on every page that lists it",
          "[citation][staff-http]") {
  Server s;
  // fx-v1 (歴F-0001) holds fx-v1-001 (seq 1), fx-v1-002 (seq 2) and fx-v1-003, whose
  // own call number 歴F-0001-3 wins over the derived one.
  const HttpReply volume = s.get("/records/fx-v1");
  REQUIRE(volume.status == 200);
  CHECK_THAT(volume.body, Catch::Contains(">歴F-0001-001</td>"));
  CHECK_THAT(volume.body, Catch::Contains(">歴F-0001-002</td>"));
  CHECK_THAT(volume.body, Catch::Contains(">歴F-0001-3</td>"));
  CHECK_THAT(volume.body, !Catch::Contains("歴F-0001-003"));

  const HttpReply item = s.get("/records/fx-v1-001");
  REQUIRE(item.status == 200);
  CHECK_THAT(item.body, Catch::Contains("<dd>歴F-0001-001</dd>"));

  // The number finds the item, and the hit shows it.
  const HttpReply hits = s.get("/search?q=" + monjo::test::percent_encode("歴F-0001-002"));
  REQUIRE(hits.status == 200);
  CHECK_THAT(hits.body, Catch::Contains("/records/fx-v1-002"));
  CHECK_THAT(hits.body, Catch::Contains("歴F-0001-002"));

  const HttpReply form = s.get("/requests/new?record=fx-v1-001");
  REQUIRE(form.status == 200);
  CHECK_THAT(form.body, Catch::Contains("歴F-0001-001"));

  const auto req = monjo::test::submit_form(s, {"fx-v1-001", "fx-v1-002"});
  const HttpReply status = s.get("/requests/" + req.receipt + "?token=" + req.token);
  REQUIRE(status.status == 200);
  CHECK_THAT(status.body, Catch::Contains("<td>歴F-0001-001</td>"));
  CHECK_THAT(status.body, Catch::Contains("<td>歴F-0001-002</td>"));

  const auto officer = s.staff("off1");
  const auto supervisor = s.staff("sup1");
  const std::string base = "/staff/requests/" + req.receipt;
  auto post = [&](const Server::Staff& who, const std::string& path, Fields fields) {
    fields.emplace_back("csrf", who.csrf);
    return s.post(path, fields, who.cookie).status;
  };
  const HttpReply review = s.get(base, officer.cookie);
  REQUIRE(review.status == 200);
  CHECK_THAT(review.body, Catch::Contains("<dd>歴F-0001-001</dd>"));

  CHECK(post(officer, base + "/events", {{"event", "accept"}}) == 303);
  CHECK(post(officer, base + "/items/1", {{"decision", "full"}}) == 303);
  CHECK(post(officer, base + "/items/2", {{"decision", "full"}}) == 303);
  CHECK(post(officer, base + "/events", {{"event", "draft"}}) == 303);
  CHECK(post(supervisor, base + "/events", {{"event", "approve"}}) == 303);
  CHECK(post(supervisor, base + "/events", {{"event", "notify"}}) == 303);
  const HttpReply notice = s.get(base + "/notices/decision", officer.cookie);
  REQUIRE(notice.status == 200);
  // The notice cites numbers, not record ids.
  CHECK_THAT(notice.body, Catch::Contains("<td>歴F-0001-001</td>"));
  CHECK_THAT(notice.body, Catch::Contains("<td>歴F-0001-002</td>"));
  CHECK_THAT(notice.body, !Catch::Contains("<td>fx-v1-001</td>"));

  // The staff record page says where the number comes from; the stated one says nothing.
  const auto archivist = s.staff("arc1");
  const HttpReply derived = s.get("/staff/records/fx-v1-002", archivist.cookie);
  REQUIRE(derived.status == 200);
  CHECK_THAT(derived.body, Catch::Contains("歴F-0001-002 <span class=\"hint\">（簿冊の請求番号と件番号から）</span>"));
  const HttpReply stated = s.get("/staff/records/fx-v1-003", archivist.cookie);
  REQUIRE(stated.status == 200);
  CHECK_THAT(stated.body, Catch::Contains("<dd>歴F-0001-3</dd>"));
}

TEST_CASE("a volume's new call number renumbers its items on the portal at once", "[citation][staff-http]") {
  Server s;
  monjo::test::TempDir dir;
  const std::string file = dir / "renumber.csv";
  monjo::test::write_file(file, "ID,請求番号\nfx-v1,歴F-0100\n");
  const auto r = monjo::test::run_monjo({"--data", s.data_dir(), "import", file});
  REQUIRE(r.status == 0);
  const HttpReply volume = s.get("/records/fx-v1");
  CHECK_THAT(volume.body, Catch::Contains(">歴F-0100-001</td>"));
  const HttpReply hits = s.get("/search?q=" + monjo::test::percent_encode("歴F-0100-002"));
  CHECK_THAT(hits.body, Catch::Contains("/records/fx-v1-002"));
}
