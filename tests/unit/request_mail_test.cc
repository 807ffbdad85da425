// Mail to requesters in the core (archive/requests/request_mail.h): which contact typed
// on "check my request" matches a request, which addresses the outbox sends to, what
// [mail] accepts, the outbox's retries and giving up, and what the store queues in
// its own transactions — the renewed link ending the old one.
#include <catch2/catch.hpp>

#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/requests/request_mail.h"
#include "archive/requests/request_store.h"
#include "tests/unit/test_support.h"

using namespace monjo::archive;
using namespace std::chrono_literals;

namespace {

MailConfig mail_on() {
  return mail_config_from_ini(
      {{"host", "127.0.0.1"}, {"sender", "archives@example.invalid"}, {"base_url", "https://archives.example.invalid/"}});
}

struct Desk {
  Catalog catalog{":memory:"};
  AuditTrail audit{catalog.db()};
  RequestStore requests{catalog.db(), audit, DeadlineCalculator(OrdinanceConfig{}, ArchiveCalendar{})};
  RequestMail mail{catalog.db(), mail_on()};
  MailOutbox outbox{catalog.db()};
  Desk() {
    catalog.insert(monjo::test::make_record("f", Level::Fonds, ""));
    catalog.insert(monjo::test::make_record("v1", Level::Volume, "f"));
    requests.set_mail(&mail);
  }
  Receipt submit(const std::string& email, const std::string& phone = "090-1234-5678") {
    NewRequest r;
    r.record_ids = {"v1"};
    r.requester = {"名前", "住所", phone, email, "", false};
    return requests.submit(r);
  }
};

}  // namespace

TEST_CASE("a contact typed matches the request's e-mail address or phone number", "[mail]") {
  RequesterDetails who{"名前", "住所", "090-1234-5678", "Taro.Yamada@example.jp", "", false};
  struct Case {
    const char* typed;
    bool matches;
  };
  const Case cases[] = {
      {"Taro.Yamada@example.jp", true},   {"taro.yamada@EXAMPLE.JP", true}, {" taro.yamada@example.jp ", true},
      {"taro@example.jp", false},         {"09012345678", true},            {"090 1234 5678", true},
      {"０９０－１２３４－５６７８", true}, {"090-1234-5679", false},         {"5678", false},
      {"", false},                        {"@", false},
  };
  for (const auto& c : cases) {
    INFO(c.typed);
    CHECK(contact_matches(who, c.typed) == c.matches);
  }
  who.purged = true;
  CHECK_FALSE(contact_matches(who, "09012345678"));
}

TEST_CASE("the outbox sends to one plain address only", "[mail]") {
  for (const char* ok : {"a@b.c", "taro.yamada+archive@example.jp"}) CHECK(mailable_address(ok));
  for (const char* bad : {"", "a", "@b.c", "a@", "a@b@c", "a@b.c,d@e.f", "a@b.c;d@e.f", "a b@c.d", "<a@b.c>",
                          "a@b.c\r\nBcc: d@e.f", "\"a\"@b.c"}) {
    INFO(bad);
    CHECK_FALSE(mailable_address(bad));
  }
}

TEST_CASE("[mail] needs a sender and the site's URL with a host, and names a bad value", "[mail]") {
  CHECK_FALSE(mail_config_from_ini({}).enabled);
  const MailConfig c = mail_on();
  CHECK(c.enabled);
  CHECK(c.port == 25);
  CHECK(c.base_url == "https://archives.example.invalid");  // no trailing slash
  CHECK_THROWS_WITH(mail_config_from_ini({{"host", "smtp"}, {"base_url", "https://a"}}), Catch::Contains("sender"));
  CHECK_THROWS_WITH(mail_config_from_ini({{"host", "smtp"}, {"sender", "a@b.c"}}), Catch::Contains("base_url"));
  CHECK_THROWS_WITH(mail_config_from_ini({{"port", "0"}}), Catch::Contains("port"));
  CHECK_THROWS_WITH(mail_config_from_ini({{"starttls", "maybe"}}), Catch::Contains("starttls"));
}

TEST_CASE("a failed message is retried later and later, then given up on without its text", "[mail]") {
  Desk desk;
  MailConfig config = mail_on();
  config.retry_seconds = 60;
  config.max_attempts = 3;
  const TimePoint t0 = japan_midnight(Ymd{2026, 12, 1}) + 10h;
  desk.outbox.enqueue("", "receipt", "a@b.c", "subject", "body token=secret", t0);
  REQUIRE(desk.outbox.due(t0, 10).size() == 1);
  const int64_t id = desk.outbox.due(t0, 10).front().id;
  // A message taken by one sender is not taken by another.
  CHECK(desk.outbox.claim(id, t0, t0 + 10min));
  CHECK_FALSE(desk.outbox.claim(id, t0, t0 + 10min));
  CHECK_FALSE(desk.outbox.failed(id, "refused", t0, config));
  CHECK(desk.outbox.due(t0 + 59s, 10).empty());
  CHECK(desk.outbox.due(t0 + 60s, 10).size() == 1);
  CHECK_FALSE(desk.outbox.failed(id, "refused", t0 + 60s, config));
  CHECK(desk.outbox.due(t0 + 60s + 119s, 10).empty());  // twice as long
  CHECK(desk.outbox.due(t0 + 60s + 120s, 10).size() == 1);
  CHECK(desk.outbox.failed(id, "refused", t0 + 180s, config));
  CHECK(desk.outbox.due(t0 + 24h, 10).empty());
  CHECK(desk.outbox.queued() == 0);
  CHECK(desk.outbox.given_up() == 1);
  auto st = desk.catalog.db().prepare("SELECT count(*) FROM mail_outbox WHERE body IS NOT NULL OR recipient IS NOT NULL");
  st.step();
  CHECK(st.integer(0) == 0);
  st.reset();
}

TEST_CASE("the store queues the receipt, and a fresh link ends the old one", "[mail]") {
  Desk desk;
  const Receipt r = desk.submit("me@example.invalid");
  auto queued = desk.outbox.due(now_seconds(), 10);
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].kind == "receipt");
  CHECK(queued[0].recipient == "me@example.invalid");
  CHECK(queued[0].body.find("https://archives.example.invalid/requests/" + r.receipt + "?token=" + r.token) !=
        std::string::npos);
  desk.outbox.sent(queued[0].id);

  CHECK_FALSE(desk.requests.send_fresh_link(r.receipt, "other@example.invalid"));
  CHECK_FALSE(desk.requests.send_fresh_link("R2026-999999", "me@example.invalid"));
  CHECK(desk.outbox.queued() == 0);
  CHECK(desk.requests.token_matches(r.receipt, r.token));

  CHECK(desk.requests.send_fresh_link(r.receipt, "090-1234-5678"));
  CHECK_FALSE(desk.requests.token_matches(r.receipt, r.token));
  queued = desk.outbox.due(now_seconds(), 10);
  REQUIRE(queued.size() == 1);
  CHECK(queued[0].kind == "renew_link");
  const auto at = queued[0].body.find("?token=");
  REQUIRE(at != std::string::npos);
  CHECK(desk.requests.token_matches(r.receipt, queued[0].body.substr(at + 7, 64)));
  CHECK(desk.requests.get(r.receipt).events.back().event == "renew_link");

  // Without an e-mail address nothing can be sent, and the link stays as it was.
  const Receipt phone_only = desk.submit("");
  CHECK(desk.outbox.queued() == 1);
  CHECK_FALSE(desk.requests.send_fresh_link(phone_only.receipt, "090-1234-5678"));
  CHECK(desk.requests.token_matches(phone_only.receipt, phone_only.token));
}

TEST_CASE("purging a requester's data takes their queued mail with it", "[mail]") {
  Desk desk;
  const Receipt r = desk.submit("me@example.invalid");
  REQUIRE(desk.outbox.queued() == 1);
  desk.catalog.db().exec("UPDATE requests SET purged_at = '2030-01-01T00:00:00Z'");
  CHECK(desk.outbox.queued() == 0);
  CHECK_FALSE(desk.requests.send_fresh_link(r.receipt, "me@example.invalid"));
}
