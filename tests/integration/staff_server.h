// A real `monjo serve` for the staff pages' tests: a data directory made by `monjo
// import` of the small fixture, one staff account per role made by `monjo user add`
// (password on stdin), sign-in through the login form, and the intake form.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "harness.h"
#include "serve_harness.h"

namespace monjo::test {

// The small fixture with one account per role (and "victim" for the throttling test),
// served with `monjo serve EXTRA…`; `catalogs` are imported after the fixture, `conf`
// (when not empty) is the data directory's monjo.conf.
class Server {
 public:
  explicit Server(const std::vector<std::string>& extra = {}, const std::string& clock = {},
                  const std::vector<std::string>& catalogs = {}, const std::string& conf = {})
      : process_(prepared(data_, catalogs, conf), with_threads(extra), clock) {}

  static std::string password(const std::string& name) { return "correct horse " + name; }
  std::string log() const { return process_.log(); }
  const std::string& data_dir() const { return data_.path(); }

  HttpReply send(const std::string& method, const std::string& target, const std::string& cookie = {},
                 const std::string& body = {}, const std::string& content_type = kFormContentType) const {
    std::map<std::string, std::string> headers;
    if (!cookie.empty()) headers["Cookie"] = cookie;
    return http_request(process_.port(), method, target, headers, body, content_type, kTimeout);
  }
  HttpReply get(const std::string& target, const std::string& cookie = {}) const { return send("GET", target, cookie); }
  HttpReply post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields,
                 const std::string& cookie = {}) const {
    return send("POST", target, cookie, form_encode(fields));
  }

  // Signs in through the login form; returns the reply of the POST.
  HttpReply login(const std::string& name, const std::string& pw, const std::string& extra_cookie = {}) const {
    // The form is fetched without the extra cookie: a live session would be sent on.
    const HttpReply form = get("/staff/login");
    const auto token = form.cookie("monjo_login");
    if (!token) throw std::runtime_error("no login cookie");
    std::string cookie = "monjo_login=" + *token;
    if (!extra_cookie.empty()) cookie += "; " + extra_cookie;
    return post("/staff/login", {{"login_token", *token}, {"name", name}, {"password", pw}, {"next", "/staff/"}},
                cookie);
  }
  // A signed-in session: its cookie header and CSRF token.
  struct Staff {
    std::string cookie;
    std::string csrf;
  };
  Staff staff(const std::string& name) const {
    const HttpReply r = login(name, password(name));
    const auto token = r.cookie("monjo_session");
    if (r.status != 303 || !token) throw std::runtime_error("login failed for " + name);
    Staff s{"monjo_session=" + *token, ""};
    const HttpReply page = get("/staff/", s.cookie);
    std::smatch m;
    if (std::regex_search(page.body, m, std::regex("name=\"csrf\" value=\"([0-9a-f]+)\""))) s.csrf = m[1];
    return s;
  }

 private:
  // A sign-in waits for an Argon2id password hash, slow on a loaded machine: a longer
  // bound than the harness's 10 s.
  static constexpr std::chrono::seconds kTimeout{20};

  // Imports the fixture and adds the accounts; the server must start after both.
  static const std::string& prepared(const TempDir& data, const std::vector<std::string>& catalogs,
                                     const std::string& conf) {
    if (!conf.empty()) write_file(data / "monjo.conf", conf);
    std::vector<std::string> args{"--data", data.path(), "import", fixture("catalog/small.xml")};
    args.insert(args.end(), catalogs.begin(), catalogs.end());
    auto imported = run_monjo(args);
    if (imported.status != 0) throw std::runtime_error("import failed: " + imported.err);
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{{"off1", "officer"},
                                                                                     {"off2", "officer"},
                                                                                     {"sup1", "supervisor"},
                                                                                     {"adm1", "admin"},
                                                                                     {"arc1", "archivist"},
                                                                                     {"victim", "officer"}}) {
      auto r =
          run_monjo({"--data", data.path(), "user", "add", name, "--role", role}, password(name) + "\n");
      if (r.status != 0) throw std::runtime_error("user add failed: " + r.err);
    }
    return data.path();
  }
  static std::vector<std::string> with_threads(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--threads", "4"});
    return extra;
  }

  TempDir data_;
  ServeProcess process_;
};

// What a citizen typed; none of it may appear on a public response.
inline const std::vector<std::pair<std::string, std::string>> kRequester = {{"name", "個人名マーカー甲"},
                                                                     {"address", "住所マーカー乙 1-2-3"},
                                                                     {"phone", "090-5555-0199"},
                                                                     {"email", "marker.person@example.invalid"},
                                                                     {"purpose", "目的マーカー丙"}};

struct Submitted {
  std::string receipt;
  std::string token;
};

inline Submitted submit_form(const Server& s, const std::vector<std::string>& records) {
  std::vector<std::pair<std::string, std::string>> fields = kRequester;
  for (const auto& id : records) fields.emplace_back("record", id);
  fields.emplace_back("method", "copy");
  fields.emplace_back("medium", "paper");
  fields.emplace_back("consent", "yes");
  const HttpReply r = s.post("/requests/new", fields);
  REQUIRE(r.status == 201);
  std::smatch m;
  REQUIRE(std::regex_search(r.body, m, std::regex("/requests/(R[0-9]{4}-[0-9]{6})\\?token=([0-9a-f]{64})")));
  return {m[1], m[2]};
}

}  // namespace monjo::test
