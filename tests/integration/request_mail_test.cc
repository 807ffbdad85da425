// Mail to requesters over real SMTP (docs/requests.md, "Mail"): a real `monjo serve`
// with monjo.conf [mail] pointing at a real SMTP server on loopback — Debian's aiosmtpd
// (tests/integration/smtp_sink.py), which writes each message it takes to a directory.
// The receipt carries the status link, and the link works; corrections, extensions and
// decisions are written about without a status link and without withheld content;
// "check my request" mails a fresh link to the matching request's address only (the
// old link stops working), answers the same page whatever was typed, and is rate
// limited; without [mail] the pages say to keep the link; with the mail server down
// the request is taken all the same and its mail goes out once the server is back.
// The staff side moves requests on through the store on the server's own catalog
// file, with the same [mail] (as request_status_test.cc does).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "archive/base/config.h"
#include "archive/catalog/catalog.h"
#include "archive/dates/japanese_date.h"
#include "archive/dates/date_display.h"
#include "archive/requests/request_mail.h"
#include "archive/requests/request_store.h"
#include "harness.h"
#include "serve_harness.h"

namespace {

using monjo::test::form_encode;
using monjo::test::HttpReply;
using monjo::test::read_file;
using monjo::test::TempDir;
using nlohmann::json;
namespace ar = monjo::archive;

const std::string kBaseUrl = "https://archives.example.invalid";
const std::string kSender = "archives@example.invalid";
// What the requester typed besides the address; none of it goes into a message.
const std::vector<std::string> kPersonal = {"個人名マーカー辛", "住所マーカー壬 7-8-9", "目的マーカー癸"};
const std::string kPhone = "090-5555-0142";
// Bounds for things that happen after the answer (the outbox is read every second).
constexpr std::chrono::seconds kMailWait{60};

// A free loopback port with nothing listening on it (for "the mail server is down").
// tests/integration/smtp_sink.py under Debian's python3 (python3-aiosmtpd).
class SmtpSink {
 public:
  // With `cert` and `key` it offers STARTTLS and takes mail only after it.
  explicit SmtpSink(int port = 0, const std::string& cert = {}, const std::string& key = {}) {
    std::vector<std::string> args = {"/usr/bin/python3", std::string(MONJO_SOURCE_DIR) + "/tests/integration/smtp_sink.py",
                                     "--dir", mail_.path(), "--port", std::to_string(port)};
    if (!cert.empty()) args.insert(args.end(), {"--cert", cert, "--key", key});
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const std::string out = control_ / "port";
    const std::string err = control_ / "stderr";
    std::fflush(stdout);
    std::fflush(stderr);
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      if (!freopen(out.c_str(), "w", stdout) || !freopen(err.c_str(), "w", stderr)) _exit(127);
      execv(argv[0], argv.data());
      _exit(127);
    }
    for (int i = 0; i < 200 && port_ == 0; ++i) {
      const std::string text = read_file(out);
      if (!text.empty() && text.back() == '\n') port_ = std::stoi(text);
      if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (port_ == 0) {
      stop();
      throw std::runtime_error("the SMTP sink did not start: " + read_file(err));
    }
  }
  ~SmtpSink() { stop(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  int port() const { return port_; }

  std::vector<json> messages() const {
    std::vector<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(mail_.path())) {
      if (e.path().extension() == ".json") names.push_back(e.path().string());
    }
    std::sort(names.begin(), names.end());
    std::vector<json> out;
    for (const auto& n : names) out.push_back(json::parse(read_file(n)));
    return out;
  }
  // The messages to `address` whose subject holds `subject_part`.
  std::vector<json> to(const std::string& address, const std::string& subject_part = {}) const {
    std::vector<json> out;
    for (const auto& m : messages()) {
      const auto& rcpt = m["rcpt_tos"];
      if (std::find(rcpt.begin(), rcpt.end(), address) == rcpt.end()) continue;
      if (m["subject"].get<std::string>().find(subject_part) == std::string::npos) continue;
      out.push_back(m);
    }
    return out;
  }
  // Waits (within kMailWait) for a message to `address` whose subject holds `subject_part`.
  json wait_for(const std::string& address, const std::string& subject_part) const {
    const auto until = std::chrono::steady_clock::now() + kMailWait;
    while (std::chrono::steady_clock::now() < until) {
      auto found = to(address, subject_part);
      if (!found.empty()) return found.back();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("no message to " << address << " with \"" << subject_part << "\" in its subject");
    return {};
  }

 private:
  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  TempDir mail_;
  TempDir control_;
  pid_t pid_ = -1;
  int port_ = 0;
};

std::string mail_section(int port, const std::string& extra = {}) {
  return "[mail]\nhost = 127.0.0.1\nport = " + std::to_string(port) + "\nsender = " + kSender +
         "\nbase_url = " + kBaseUrl + "\nretry_seconds = 1\ntimeout_seconds = 10\n" + extra;
}

// A real server on the small fixture with `conf` as its monjo.conf ("" for none).
class Server {
 public:
  Server(const std::string& conf, std::vector<std::string> extra = {})
      : conf_(conf), process_(prepared(data_, conf), with_defaults(std::move(extra))) {}
  const std::string& data_dir() const { return data_.path(); }
  const std::string& conf() const { return conf_; }
  std::string log() const { return process_.log(); }
  int port() const { return process_.port(); }

  HttpReply get(const std::string& target) const {
    return monjo::test::http_request(port(), "GET", target, {}, {}, monjo::test::kFormContentType, kTimeout);
  }
  HttpReply post(const std::string& target, const std::vector<std::pair<std::string, std::string>>& fields) const {
    return monjo::test::http_request(port(), "POST", target, {}, form_encode(fields), monjo::test::kFormContentType,
                                     kTimeout);
  }
  HttpReply post_json(const std::string& target, const std::string& body) const {
    return monjo::test::http_request(port(), "POST", target, {}, body, "application/json", kTimeout);
  }

 private:
  static constexpr std::chrono::seconds kTimeout{20};
  static const std::string& prepared(const TempDir& data, const std::string& conf) {
    auto imported =
        monjo::test::run_monjo({"--data", data.path(), "import", monjo::test::fixture("catalog/small.xml")});
    if (imported.status != 0) throw std::runtime_error("import failed: " + imported.err);
    if (!conf.empty()) monjo::test::write_file(data / "monjo.conf", conf);
    return data.path();
  }
  static std::vector<std::string> with_defaults(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--threads", "2", "--intake-per-hour", "1000"});
    return extra;
  }
  TempDir data_;
  std::string conf_;
  monjo::test::ServeProcess process_;
};

// One sink and one server with [mail] for most cases.
struct Mailing {
  SmtpSink sink;
  Server server{mail_section(sink.port()), {"--check-per-hour", "100"}};
};
Mailing& mailing() {
  static Mailing m;
  return m;
}

struct Submitted {
  std::string receipt;
  std::string token;
  HttpReply reply;
};

const std::regex kPageLink("/requests/(R[0-9]{4}-[0-9]{6})\\?token=([0-9a-f]{64})");

// Through the intake form, in Japanese or (`query` "?lang=en") English.
Submitted submit_form(const Server& s, const std::string& email, const std::string& query = {},
                      const std::string& record = "fx-v1-003") {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"record", record}, {"name", kPersonal[0]}, {"address", kPersonal[1]}, {"phone", kPhone},
      {"email", email},   {"purpose", kPersonal[2]}, {"method", "view"},     {"consent", "yes"}};
  Submitted out;
  out.reply = s.post("/requests/new" + query, fields);
  REQUIRE(out.reply.status == 201);
  std::smatch m;
  REQUIRE(std::regex_search(out.reply.body, m, kPageLink));
  out.receipt = m[1];
  out.token = m[2];
  return out;
}

Submitted submit_api(const Server& s, const std::string& email, const std::vector<std::string>& records) {
  json body = {{"records", records}, {"name", kPersonal[0]}, {"address", kPersonal[1]}, {"phone", kPhone},
               {"email", email},     {"method", "view"},     {"consent", true}};
  Submitted out;
  out.reply = s.post_json("/api/requests", body.dump());
  REQUIRE(out.reply.status == 201);
  const json j = json::parse(out.reply.body);
  out.receipt = j["receipt"];
  out.token = j["token"];
  return out;
}

// The status link in a message: its path on this server and its token.
struct MailedLink {
  std::string path;
  std::string token;
};
std::optional<MailedLink> link_in(const json& message) {
  static const std::regex link("https://archives\\.example\\.invalid(/requests/R[0-9]{4}-[0-9]{6}\\?token=([0-9a-f]{64}))");
  std::smatch m;
  const std::string body = message["body"];
  if (!std::regex_search(body, m, link)) return std::nullopt;
  return MailedLink{m[1], m[2]};
}

bool contains(const json& message, const std::string& text) {
  return message["body"].get<std::string>().find(text) != std::string::npos ||
         message["subject"].get<std::string>().find(text) != std::string::npos;
}

// The staff side, through the store on the server's own catalog, with the server's [mail].
struct Desk {
  explicit Desk(const Server& s)
      : catalog(s.data_dir() + "/catalog.sqlite"),
        audit(catalog.db()),
        store(catalog.db(), audit, ar::DeadlineCalculator(ar::OrdinanceConfig{}, ar::ArchiveCalendar{})),
        mail(catalog.db(), ar::mail_config_from_ini(ar::Config::parse(s.conf(), "monjo.conf").section("mail"))) {
    store.set_mail(&mail);
  }
  ar::Catalog catalog;
  ar::AuditTrail audit;
  ar::RequestStore store;
  ar::RequestMail mail;
  const ar::Actor officer{"off1", ar::Role::Officer};
  const ar::Actor supervisor{"sup1", ar::Role::Supervisor};

  long outbox_rows() {
    auto st = catalog.db().prepare("SELECT count(*) FROM mail_outbox");
    st.step();
    const long n = static_cast<long>(st.integer(0));
    st.reset();
    return n;
  }
};

double metric(const Server& s, const std::string& name) {
  const HttpReply r = s.get("/metrics");
  std::smatch m;
  if (!std::regex_search(r.body, m, std::regex("\n" + name + " ([0-9.e+]+)\n"))) return -1;
  return std::stod(m[1]);
}

// Waits (within kMailWait) until /metrics shows `name` at `at_least` or more.
bool wait_metric(const Server& s, const std::string& name, double at_least) {
  const auto until = std::chrono::steady_clock::now() + kMailWait;
  while (std::chrono::steady_clock::now() < until) {
    if (metric(s, name) >= at_least) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace

TEST_CASE("the receipt mail carries the status link, and the link works", "[request-mail]") {
  Mailing& mailed = mailing();
  SmtpSink& sink = mailed.sink;
  Server& server = mailed.server;
  const std::string address = "receipt.ja@example.invalid";
  const Submitted s = submit_form(server, address);
  CHECK(s.reply.body.find(ar::text_ja("receipt_link_mailed")) != std::string::npos);
  CHECK(s.reply.body.find(ar::text_ja("receipt_link_once")) == std::string::npos);
  CHECK(s.reply.body.find("href=\"/requests/check\"") != std::string::npos);
  CHECK(s.reply.body.find(address) == std::string::npos);  // the address is not shown back

  const json m = sink.wait_for(address, s.receipt);
  CHECK(m["mail_from"] == kSender);
  CHECK(m["rcpt_tos"] == json::array({address}));
  CHECK(m["content_type"] == "text/plain");
  CHECK(m["charset"] == "utf-8");
  CHECK(contains(m, "利用請求を受け付けました"));
  const auto link = link_in(m);
  REQUIRE(link);
  CHECK(link->token == s.token);  // the link of the receipt page, on the configured site
  CHECK(contains(m, kBaseUrl + "/requests/check"));
  const HttpReply page = server.get(link->path);
  CHECK(page.status == 200);
  CHECK(page.body.find(s.receipt) != std::string::npos);
  for (const auto& typed : kPersonal) CHECK_FALSE(contains(m, typed));
  CHECK_FALSE(contains(m, kPhone));
  // The log names no address.
  CHECK(server.log().find(address) == std::string::npos);
}

TEST_CASE("a request made in English is written to in English", "[request-mail]") {
  Mailing& mailed = mailing();
  SmtpSink& sink = mailed.sink;
  Server& server = mailed.server;
  const std::string address = "receipt.en@example.invalid";
  const Submitted s = submit_form(server, address, "?lang=en");
  CHECK(s.reply.body.find("This link has also been sent to the e-mail address you gave.") != std::string::npos);
  const json m = sink.wait_for(address, s.receipt);
  CHECK(contains(m, "Your use request has been received"));
  CHECK(contains(m, kBaseUrl + "/requests/check?lang=en"));
  CHECK_FALSE(contains(m, "受け付けました"));
}

TEST_CASE("correction, extension and decision are mailed without a status link or withheld content",
          "[request-mail]") {
  Mailing& mailed = mailing();
  SmtpSink& sink = mailed.sink;
  Server& server = mailed.server;
  Desk desk(server);
  const std::string address = "steps@example.invalid";
  // fx-v3-001 is restricted: its staff title, description, name and reason are withheld.
  const Submitted s = submit_api(server, address, {"fx-v1-003", "fx-v3-001"});
  sink.wait_for(address, s.receipt);

  desk.store.apply(s.receipt, ar::RequestEvent::RequestCorrection, desk.officer, "補正依頼マーカー 番地を補ってください");
  const json correction = sink.wait_for(address, "補正");
  CHECK(contains(correction, s.receipt));
  CHECK_FALSE(contains(correction, "補正依頼マーカー"));
  CHECK_FALSE(contains(correction, "token="));
  CHECK(contains(correction, kBaseUrl + "/requests/check"));
  // The requester's own answer is no news to them: no message.
  desk.store.apply_as_requester(s.receipt, s.token, ar::RequestEvent::SubmitCorrection, "回答");

  desk.store.apply(s.receipt, ar::RequestEvent::Accept, desk.officer, "");
  const ar::StoredRequest extended = desk.store.extend(s.receipt, 10, "延長理由マーカー", desk.supervisor);
  const json extension = sink.wait_for(address, "延長");
  REQUIRE(extended.deadlines.effective);
  CHECK(contains(extension, ar::format_wareki(*extended.deadlines.effective)));
  CHECK_FALSE(contains(extension, "延長理由マーカー"));
  CHECK_FALSE(contains(extension, "token="));

  for (const auto& item : desk.store.get(s.receipt).items) {
    ar::ItemDecision d;
    d.record_id = item.decision.record_id;
    d.decision = ar::Decision::FullUse;
    if (d.record_id == "fx-v3-001") {
      d.decision = ar::Decision::PartialUse;
      d.grounds = {"personal"};
      d.article = "条例第17条第1項第1号イ";
      d.reason = "決定理由マーカー";
      d.redactions = {ar::Redaction{1, 2, "墨塗りマーカー", ""}};
    }
    desk.store.set_item_decision(s.receipt, d, desk.officer);
  }
  desk.store.apply(s.receipt, ar::RequestEvent::Draft, desk.officer, "");
  desk.store.apply(s.receipt, ar::RequestEvent::Approve, desk.supervisor, "");
  desk.store.apply(s.receipt, ar::RequestEvent::Notify, desk.officer, "");
  const json decision = sink.wait_for(address, "決定のお知らせ");
  CHECK(contains(decision, "fx-v1-003 — " + ar::text_ja("decision_full")));
  CHECK(contains(decision, "fx-v3-001 — " + ar::text_ja("decision_partial")));
  CHECK(contains(decision, "審査請求"));
  for (const char* withheld : {"決定理由マーカー", "墨塗りマーカー", "秘匿題名", "秘匿語甲", "秘匿人名", "理由秘匿",
                                     "個人の恩給額"}) {
    CHECK_FALSE(contains(decision, withheld));
  }
  CHECK_FALSE(contains(decision, "token="));
  // Four messages in all, each to the requester's address only; sent ones leave the outbox.
  CHECK(sink.to(address, s.receipt).size() == 4);
  CHECK(desk.outbox_rows() == 0);
}

TEST_CASE("check my request mails a fresh link to the matching request only and answers alike otherwise",
          "[request-mail]") {
  Mailing& mailed = mailing();
  SmtpSink& sink = mailed.sink;
  Server& server = mailed.server;
  const std::string address = "lost.link@example.invalid";
  const Submitted s = submit_api(server, address, {"fx-v1-003"});
  sink.wait_for(address, s.receipt);

  const HttpReply form = server.get("/requests/check");
  CHECK(form.status == 200);
  CHECK(form.body.find("action=\"/requests/check\"") != std::string::npos);
  CHECK(form.header("Cache-Control") == "no-store");

  auto ask = [&](const std::string& receipt, const std::string& contact) {
    return server.post("/requests/check", {{"receipt", receipt}, {"contact", contact}});
  };
  const HttpReply wrong_mail = ask(s.receipt, "someone.else@example.invalid");
  const HttpReply wrong_phone = ask(s.receipt, "03-0000-0000");
  const HttpReply unknown = ask("R2026-999999", address);
  // The phone as typed differently (full-width digits, no hyphens) and the receipt in lower case.
  std::string lower = s.receipt;
  lower[0] = 'r';
  const HttpReply match = ask(lower, "０９０５５５５０１４２");
  for (const HttpReply* r : {&wrong_mail, &wrong_phone, &unknown, &match}) {
    CHECK(r->status == 200);
    CHECK(r->body == match.body);  // the same page, byte for byte
  }
  CHECK(match.body.find(ar::text_ja("check_sent")) != std::string::npos);
  CHECK(match.body.find("０９０") == std::string::npos);  // nothing typed is shown back

  const json renewed = sink.wait_for(address, "新しいリンク");
  CHECK(contains(renewed, s.receipt));
  const auto link = link_in(renewed);
  REQUIRE(link);
  CHECK(link->token != s.token);
  // The new link works, the old one no longer does, and the history says so.
  const HttpReply fresh = server.get(link->path);
  CHECK(fresh.status == 200);
  CHECK(fresh.body.find(ar::text_ja("event_renew_link")) != std::string::npos);
  CHECK(server.get("/requests/" + s.receipt + "?token=" + s.token).status == 404);
  // Nothing went anywhere else: the receipt and the fresh link, to this address only.
  CHECK(sink.to(address, s.receipt).size() == 2);
  CHECK(sink.to("someone.else@example.invalid").empty());
  for (const auto& m : sink.messages()) CHECK(m["rcpt_tos"].size() == 1);


  // A form without both fields is refused before anything is looked up.
  const HttpReply missing = ask(s.receipt, "");
  CHECK(missing.status == 400);
  CHECK(missing.body.find(ar::text_ja("check_error_missing")) != std::string::npos);
}

TEST_CASE("check my request is rate limited per receipt and per address, alike for unknown receipts",
          "[request-mail]") {
  Mailing& mailed = mailing();
  Server& server = mailed.server;
  const Submitted s = submit_api(server, "limited@example.invalid", {"fx-v1-003"});
  auto ask = [&](const std::string& receipt) {
    return server.post("/requests/check", {{"receipt", receipt}, {"contact", "nobody@example.invalid"}});
  };
  for (const std::string& receipt : {s.receipt, std::string("R2026-999990")}) {
    for (int i = 0; i < 3; ++i) CHECK(ask(receipt).status == 200);
    const HttpReply limited = ask(receipt);
    CHECK(limited.status == 429);
    CHECK(limited.body.find(ar::text_ja("check_rate_limited")) != std::string::npos);
  }

  // Per client address: --check-per-hour.
  Server strict(mail_section(monjo::test::free_loopback_port()), {"--check-per-hour", "2"});
  for (int i = 0; i < 2; ++i) {
    CHECK(strict.post("/requests/check", {{"receipt", "R2026-00000" + std::to_string(i + 1)}, {"contact", "a@b.c"}})
              .status == 200);
  }
  CHECK(strict.post("/requests/check", {{"receipt", "R2026-000009"}, {"contact", "a@b.c"}}).status == 429);
}

TEST_CASE("without [mail] the pages say to keep the link", "[request-mail]") {
  Server server("");
  const Submitted s = submit_form(server, "no.mail@example.invalid");
  CHECK(s.reply.body.find(ar::text_ja("receipt_link_once")) != std::string::npos);
  CHECK(s.reply.body.find(ar::text_ja("receipt_link_mailed")) == std::string::npos);
  const HttpReply page = server.get("/requests/check");
  CHECK(page.status == 200);
  CHECK(page.body.find(ar::text_ja("check_mail_off")) != std::string::npos);
  CHECK(page.body.find("<form class=\"request-form\"") == std::string::npos);
  const HttpReply post = server.post("/requests/check", {{"receipt", s.receipt}, {"contact", "no.mail@example.invalid"}});
  CHECK(post.status == 404);
  CHECK(post.body.find(ar::text_ja("check_mail_off")) != std::string::npos);
  // The link shown still works, and it stays the only one.
  CHECK(server.get("/requests/" + s.receipt + "?token=" + s.token).status == 200);
  CHECK(server.get("/metrics").body.find("monjo_mail_") == std::string::npos);
}

TEST_CASE("with [mail] a request without an e-mail address is told to keep its link", "[request-mail]") {
  Mailing& mailed = mailing();
  Server& server = mailed.server;
  json body = {{"records", {"fx-v1-003"}}, {"name", kPersonal[0]}, {"address", kPersonal[1]},
               {"phone", kPhone},          {"method", "view"},     {"consent", true}};
  CHECK(server.post_json("/api/requests", body.dump()).status == 201);
  std::vector<std::pair<std::string, std::string>> fields = {{"record", "fx-v1-003"}, {"name", kPersonal[0]},
                                                             {"address", kPersonal[1]}, {"phone", kPhone},
                                                             {"method", "view"},        {"consent", "yes"}};
  const HttpReply r = server.post("/requests/new", fields);
  REQUIRE(r.status == 201);
  CHECK(r.body.find(ar::text_ja("receipt_link_no_email")) != std::string::npos);
  CHECK(r.body.find(ar::text_ja("receipt_link_mailed")) == std::string::npos);
}

TEST_CASE("a mail server that is down delays the mail and never the request", "[request-mail]") {
  const int port = monjo::test::free_loopback_port();
  Server server(mail_section(port));
  const std::string address = "down@example.invalid";
  const Submitted s = submit_form(server, address);
  CHECK(server.get("/requests/" + s.receipt + "?token=" + s.token).status == 200);
  REQUIRE(wait_metric(server, "monjo_mail_failures_total", 1));
  CHECK(metric(server, "monjo_mail_sent_total") == 0);
  CHECK(server.log().find("mail receipt for " + s.receipt + " failed") != std::string::npos);
  CHECK(server.log().find(address) == std::string::npos);
  // Another request meanwhile is taken as well.
  const Submitted second = submit_form(server, address);
  CHECK(second.receipt != s.receipt);

  // The server comes back: the outbox is retried and both go out.
  SmtpSink sink(port);
  const json m = sink.wait_for(address, s.receipt);
  const auto link = link_in(m);
  REQUIRE(link);
  CHECK(server.get(link->path).status == 200);
  sink.wait_for(address, second.receipt);
  CHECK(wait_metric(server, "monjo_mail_sent_total", 2));
  Desk desk(server);
  CHECK(desk.outbox_rows() == 0);
}

TEST_CASE("with starttls mail goes only over TLS, to a server whose certificate verifies", "[request-mail]") {
  TempDir certs;
  const std::string made = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 -addext "
                           "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1 -keyout '" + (certs / "key.pem") + "' -out '" +
                           (certs / "cert.pem") + "' >/dev/null 2>&1";
  REQUIRE(std::system(made.c_str()) == 0);
  SmtpSink tls(0, certs / "cert.pem", certs / "key.pem");
  SmtpSink plain;

  // The archive's own certificate authority: delivered, over TLS.
  Server trusting(mail_section(tls.port(), "starttls = yes\nca_file = " + (certs / "cert.pem") + "\n"));
  const Submitted s = submit_form(trusting, "tls@example.invalid");
  const json m = tls.wait_for("tls@example.invalid", s.receipt);
  CHECK(m["tls"] == true);
  CHECK(link_in(m));

  // A certificate the system's authorities do not vouch for: refused, nothing sent.
  Server doubting(mail_section(tls.port(), "starttls = yes\n"));
  const Submitted refused = submit_form(doubting, "untrusted@example.invalid");
  CHECK(wait_metric(doubting, "monjo_mail_failures_total", 1));
  CHECK(tls.to("untrusted@example.invalid").empty());

  // A server without STARTTLS: nothing is sent in clear.
  Server clear(mail_section(plain.port(), "starttls = yes\n"));
  const Submitted in_clear = submit_form(clear, "clear@example.invalid");
  CHECK(wait_metric(clear, "monjo_mail_failures_total", 1));
  CHECK(clear.log().find("STARTTLS") != std::string::npos);
  CHECK(plain.messages().empty());
  // Both requests were taken all the same.
  CHECK(doubting.get("/requests/" + refused.receipt + "?token=" + refused.token).status == 200);
  CHECK(clear.get("/requests/" + in_clear.receipt + "?token=" + in_clear.token).status == 200);
}
