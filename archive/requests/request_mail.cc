#include "archive/requests/request_mail.h"

#include <algorithm>
#include <cctype>

#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/base/strings.h"
#include "archive/dates/date_display.h"
#include "archive/dates/japanese_date.h"
#include "archive/requests/request_store.h"

namespace monjo::archive {

namespace {

constexpr int kMaxRetrySeconds = 3600;

// The events a requester is written to about (event codes of request_events), the
// outbox's kind and the subject's message key.
struct EventMail {
  const char* event;
  const char* kind;
  const char* subject_key;
};
const EventMail kEventMails[] = {
    {"request_correction", "correction", "mail_correction_subject"},
    {"extend", "extension", "mail_extend_subject"},
    {"special_extension", "extension", "mail_extend_subject"},
    {"notify", "decision", "mail_notify_subject"},
    {"reject", "reject", "mail_reject_subject"},
};

std::string lower_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The digits of a phone number as typed: ASCII and full-width (U+FF10–FF19) digits,
// everything else (hyphens, spaces, brackets, "+") dropped.
std::string phone_digits(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      out += static_cast<char>(c);
    } else if (c == 0xEF && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xBC) {
      const unsigned char d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x90 && d <= 0x99) out += static_cast<char>('0' + (d - 0x90));
      i += 2;
    }
  }
  return out;
}

// The one display rule of a day (archive/dates/date_display.h): 和暦 with 西暦 beside it.
std::string day_text(Lang lang, const Ymd& day) {
  return display_day(day, lang);
}

}  // namespace

MailConfig mail_config_from_ini(const std::map<std::string, std::string>& section) {
  MailConfig c;
  auto get = [&](const char* key) -> std::optional<std::string> {
    auto it = section.find(key);
    if (it == section.end()) return std::nullopt;
    return it->second;
  };
  if (auto v = get("host")) c.host = *v;
  c.enabled = !c.host.empty();
  c.port = static_cast<int>(section_number(section, "mail", "port", c.port, 1, 65535));
  c.starttls = section_flag(section, "mail", "starttls", c.starttls);
  if (auto v = get("ca_file")) c.ca_file = *v;
  if (auto v = get("sender")) c.sender = *v;
  if (auto v = get("base_url")) c.base_url = *v;
  c.timeout_seconds = static_cast<int>(section_number(section, "mail", "timeout_seconds", c.timeout_seconds, 1, 600));
  c.retry_seconds =
      static_cast<int>(section_number(section, "mail", "retry_seconds", c.retry_seconds, 1, kMaxRetrySeconds));
  c.max_attempts = static_cast<int>(section_number(section, "mail", "max_attempts", c.max_attempts, 1, 100));
  while (!c.base_url.empty() && c.base_url.back() == '/') c.base_url.pop_back();
  if (c.enabled) {
    if (!mailable_address(c.sender)) throw InputError("[mail] sender: an e-mail address is required with host");
    if (c.base_url.rfind("http://", 0) != 0 && c.base_url.rfind("https://", 0) != 0) {
      throw InputError("[mail] base_url: the site's public URL (https://…) is required with host");
    }
  }
  return c;
}

bool mailable_address(const std::string& address) {
  if (address.size() < 3 || address.size() > 254) return false;
  const size_t at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size()) return false;
  if (address.find('@', at + 1) != std::string::npos) return false;
  for (unsigned char c : address) {
    if (c <= 0x20 || c == 0x7f) return false;
    if (std::string_view("\"'(),:;<>[\\]`").find(static_cast<char>(c)) != std::string_view::npos) return false;
  }
  return true;
}

bool contact_matches(const RequesterDetails& requester, const std::string& typed_raw) {
  const std::string typed = trim_typed(typed_raw);
  if (typed.empty() || requester.purged) return false;
  if (typed.find('@') != std::string::npos) {
    return !requester.email.empty() && lower_ascii(typed) == lower_ascii(trim(requester.email));
  }
  const std::string digits = phone_digits(typed);
  return digits.size() >= 6 && !requester.phone.empty() && digits == phone_digits(requester.phone);
}

void MailOutbox::enqueue(const std::string& receipt, const std::string& kind, const std::string& recipient,
                         const std::string& subject, const std::string& body, TimePoint now) {
  auto st = db_.prepare(
      "INSERT INTO mail_outbox(receipt, kind, recipient, subject, body, created_at, next_attempt_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
  st.bind_opt(1, receipt).bind(2, kind).bind(3, recipient).bind(4, subject).bind(5, body).bind(6, iso_utc(now)).run();
  st.reset();
}

std::vector<OutboxMessage> MailOutbox::due(TimePoint now, int limit) {
  std::vector<OutboxMessage> out;
  auto st = db_.prepare(
      "SELECT id, coalesce(receipt, ''), kind, recipient, subject, body, attempts FROM mail_outbox "
      "WHERE given_up_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?");
  st.bind(1, iso_utc(now)).bind(2, limit);
  while (st.step()) {
    out.push_back(
        {st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4), st.text(5), static_cast<int>(st.integer(6))});
  }
  st.reset();
  return out;
}

bool MailOutbox::claim(int64_t id, TimePoint now, TimePoint until) {
  auto st = db_.prepare(
      "UPDATE mail_outbox SET next_attempt_at = ? WHERE id = ? AND given_up_at IS NULL AND next_attempt_at <= ?");
  st.bind(1, iso_utc(until)).bind(2, id).bind(3, iso_utc(now)).run();
  st.reset();
  return db_.changes() == 1;
}

void MailOutbox::sent(int64_t id) {
  auto st = db_.prepare("DELETE FROM mail_outbox WHERE id = ?");
  st.bind(1, id).run();
  st.reset();
}

bool MailOutbox::failed(int64_t id, const std::string& error, TimePoint now, const MailConfig& config) {
  int attempts = 0;
  {
    auto st = db_.prepare("SELECT attempts FROM mail_outbox WHERE id = ?");
    st.bind(1, id);
    if (st.step()) attempts = static_cast<int>(st.integer(0));
    st.reset();
  }
  ++attempts;
  const std::string why = error.substr(0, 300);
  if (attempts >= config.max_attempts) {
    auto st = db_.prepare(
        "UPDATE mail_outbox SET attempts = ?, last_error = ?, given_up_at = ?, recipient = NULL, subject = NULL, "
        "body = NULL WHERE id = ?");
    st.bind(1, attempts).bind(2, why).bind(3, iso_utc(now)).bind(4, id).run();
    st.reset();
    return true;
  }
  long wait = config.retry_seconds;
  for (int i = 1; i < attempts && wait < kMaxRetrySeconds; ++i) wait *= 2;
  wait = std::min<long>(wait, kMaxRetrySeconds);
  auto st = db_.prepare("UPDATE mail_outbox SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE id = ?");
  st.bind(1, attempts).bind(2, why).bind(3, iso_utc(now + std::chrono::seconds(wait))).bind(4, id).run();
  st.reset();
  return false;
}

long MailOutbox::queued() {
  auto st = db_.prepare("SELECT count(*) FROM mail_outbox WHERE given_up_at IS NULL");
  st.step();
  const long n = static_cast<long>(st.integer(0));
  st.reset();
  return n;
}

long MailOutbox::given_up() {
  auto st = db_.prepare("SELECT count(*) FROM mail_outbox WHERE given_up_at IS NOT NULL");
  st.step();
  const long n = static_cast<long>(st.integer(0));
  st.reset();
  return n;
}

std::string RequestMail::status_url(const std::string& receipt, const std::string& token) const {
  return config_.base_url + "/requests/" + receipt + "?token=" + token;
}

std::string RequestMail::check_url(Lang lang) const {
  return config_.base_url + "/requests/check" + (lang == Lang::En ? "?lang=en" : "");
}

std::optional<RequestMail::Recipient> RequestMail::recipient_of(const std::string& receipt) {
  auto st = db_.prepare("SELECT requester_email, lang FROM requests WHERE receipt = ? AND purged_at IS NULL");
  st.bind(1, receipt);
  std::optional<Recipient> out;
  if (st.step()) {
    const std::string address = trim(st.text(0));
    if (mailable_address(address)) out = Recipient{address, st.text(1) == "en" ? Lang::En : Lang::Ja};
  }
  st.reset();
  return out;
}

void RequestMail::queue(const std::string& receipt, const std::string& kind, const Recipient& to,
                        const std::string& subject, const std::vector<std::string>& paragraphs, TimePoint now) {
  const Messages& m = Messages::get(to.lang);
  std::string body;
  for (const auto& p : paragraphs) body += p + "\n\n";
  body += "-- \n" + m.t("site_name") + "\n" + m.t("mail_footer") + "\n";
  outbox_.enqueue(receipt, kind, to.address, m.t("site_name") + ": " + subject, body, now);
}

void RequestMail::on_submit(const std::string& receipt, const std::string& token, TimePoint now) {
  if (!config_.enabled) return;
  const auto to = recipient_of(receipt);
  if (!to) return;
  const Messages& m = Messages::get(to->lang);
  long count = 0;
  {
    auto st = db_.prepare("SELECT count(*) FROM request_items WHERE receipt = ?");
    st.bind(1, receipt);
    st.step();
    count = static_cast<long>(st.integer(0));
    st.reset();
  }
  queue(
      receipt, "receipt", *to, m.format("mail_receipt_subject", {{"receipt", receipt}}),
      {m.format("mail_receipt_lead",
                {{"receipt", receipt}, {"day", day_text(to->lang, japan_day(now))}, {"count", std::to_string(count)}}),
       m.t("mail_link_lead"), status_url(receipt, token), m.t("mail_check_hint"), check_url(to->lang)},
      now);
}

void RequestMail::on_renewed_link(const std::string& receipt, const std::string& token, TimePoint now) {
  if (!config_.enabled) return;
  const auto to = recipient_of(receipt);
  if (!to) return;
  const Messages& m = Messages::get(to->lang);
  queue(receipt, "renew_link", *to, m.format("mail_renew_subject", {{"receipt", receipt}}),
        {m.format("mail_renew_lead", {{"receipt", receipt}}), m.t("mail_link_lead"), status_url(receipt, token),
         m.t("mail_renew_not_you")},
        now);
}

void RequestMail::on_event(const StoredRequest& r, const std::string& event, const DeadlineCalculator& calc,
                           TimePoint now) {
  if (!config_.enabled) return;
  const EventMail* what = nullptr;
  for (const auto& e : kEventMails) {
    if (event == e.event) what = &e;
  }
  if (!what) return;
  const auto to = recipient_of(r.receipt);
  if (!to) return;
  const Lang lang = to->lang;
  const Messages& m = Messages::get(lang);
  const Ymd today = japan_day(now);
  auto day = [&](const std::optional<Ymd>& d) { return d ? day_text(lang, *d) : std::string("-"); };
  const std::string appeal_until = day_text(lang, calc.appeal_window(today, r.decided_on).last_day);
  std::vector<std::string> paragraphs;
  const std::string kind = what->kind;
  if (kind == "correction") {
    paragraphs = {m.format("mail_correction_lead", {{"receipt", r.receipt}})};
  } else if (event == "extend") {
    paragraphs = {m.format("mail_extend_lead", {{"receipt", r.receipt}, {"deadline", day(r.deadlines.effective)}})};
  } else if (event == "special_extension") {
    paragraphs = {m.format(
        "mail_special_lead",
        {{"receipt", r.receipt}, {"deadline", day(r.deadlines.effective)}, {"rest", day(r.special_rest_date)}})};
  } else if (kind == "decision") {
    paragraphs = {m.format("mail_notify_lead", {{"receipt", r.receipt}, {"day", day_text(lang, today)}})};
    // Record ids and the kind of each decision only: a reason may describe what is withheld.
    std::string items;
    for (const auto& item : r.items) {
      if (!items.empty()) items += "\n";
      items += std::to_string(item.position) + ". " + item.decision.record_id + " — " +
               (item.decided ? m.t(decision_message_key(item.decision.decision)) : std::string("-"));
    }
    paragraphs.push_back(items);
    if (r.earliest_use) paragraphs.push_back(m.format("mail_notify_earliest_use", {{"day", day(r.earliest_use)}}));
    paragraphs.push_back(m.format("mail_appeal_until", {{"day", appeal_until}}));
  } else {  // reject
    paragraphs = {m.format("mail_reject_lead", {{"receipt", r.receipt}, {"day", day_text(lang, today)}}),
                  m.format("mail_appeal_until", {{"day", appeal_until}})};
  }
  paragraphs.push_back(m.t("mail_status_hint"));
  paragraphs.push_back(check_url(lang));
  queue(r.receipt, kind, *to, m.format(what->subject_key, {{"receipt", r.receipt}}), paragraphs, now);
}

}  // namespace monjo::archive
