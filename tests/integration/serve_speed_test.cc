// What `monjo serve` does for speed, over real HTTP: many keep-alive connections are
// all served at once (an idle connection holds no worker thread), and the shared
// result cache, which must answer repeated requests
// the same way and never hide an import made while the server runs.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::http_request;
using monjo::test::percent_encode;
using monjo::test::ServeProcess;
using monjo::test::TempDir;
using nlohmann::json;

std::string import_small(const TempDir& data) {
  auto r = monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
  if (r.status != 0) throw std::runtime_error("import failed: " + r.err);
  return data.path();
}

}  // namespace

TEST_CASE("forty idle keep-alive connections do not keep a forty-first client waiting", "[http][server][speed]") {
  TempDir data;
  ServeProcess server(import_small(data));  // default thread count
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::unique_ptr<Poco::Net::HTTPClientSession>> sessions;
  for (int i = 0; i < 41; ++i) {
    auto session =
        std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
    session->setKeepAlive(true);
    session->setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/api/search?q=&size=1&facets=0",
                                   Poco::Net::HTTPMessage::HTTP_1_1);
    request.setKeepAlive(true);
    session->sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session->receiveResponse(response), body);
    INFO("connection " << i);
    REQUIRE(response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK);
    CHECK(response.getKeepAlive());
    sessions.push_back(std::move(session));  // stays open, holding a server thread
  }
  // With a thread per connection and too few threads, the later connections would
  // wait for the keep-alive timeout (5 s) of the earlier ones.
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(4));
}

TEST_CASE("cached results and pages answer a repeated request alike and never hide an import", "[http][api][speed]") {
  TempDir data;
  ServeProcess server(import_small(data));
  const std::string word = "追加確認語";
  const std::string target = "/api/search?q=" + percent_encode(word) + "&facets=0&snippets=0";
  const std::string all = "/api/search?q=";
  const auto before_all = http_request(server.port(), "GET", all);
  REQUIRE(before_all.status == 200);
  CHECK(http_request(server.port(), "GET", all).body == before_all.body);
  CHECK(json::parse(http_request(server.port(), "GET", target).body)["total"] == 0);
  CHECK(json::parse(http_request(server.port(), "GET", target).body)["total"] == 0);

  const std::string xml = data.path() + "/more.xml";
  std::ofstream(xml) << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<catalog xmlns=\"urn:monjo:catalog:1\" version=\"1\">\n"
                        "  <fonds id=\"fx-added\"><title>" +
                            word +
                            "の出所</title></fonds>\n"
                            "</catalog>\n";

  const std::string page = "/search?q=" + percent_encode(word);
  const auto page_before = http_request(server.port(), "GET", page);
  CHECK(http_request(server.port(), "GET", page).body == page_before.body);
  CHECK(page_before.body.find("fx-added") == std::string::npos);
  // The same target in English is another page, not the Japanese one kept before.
  const auto page_en = http_request(server.port(), "GET", page, {{"Accept-Language", "en"}});
  CHECK(page_en.body.find("<html lang=\"en\"") != std::string::npos);
  CHECK(http_request(server.port(), "GET", page).body.find("<html lang=\"ja\"") != std::string::npos);

  auto r = monjo::test::run_monjo({"--data", data.path(), "import", xml});
  REQUIRE(r.status == 0);

  CHECK(http_request(server.port(), "GET", page).body.find("/records/fx-added") != std::string::npos);
  const auto after = json::parse(http_request(server.port(), "GET", target).body);
  CHECK(after["total"] == 1);
  REQUIRE(after["hits"].size() == 1);
  CHECK(after["hits"][0]["id"] == "fx-added");
  const auto after_all = json::parse(http_request(server.port(), "GET", all).body);
  CHECK(after_all["total"] == json::parse(before_all.body)["total"].get<long>() + 1);
}
