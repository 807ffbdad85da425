// Mail to requesters (docs/requests.md, "Mail"): what monjo.conf's [mail] says, the
// messages themselves (plain text in the language the request was made in, from the
// message catalogs) and the outbox they wait in. RequestStore calls RequestMail inside
// the transaction of the change a message tells of — the receipt, a request for
// correction, an extension, a notified decision or a rejection, a renewed status link —
// so a message is queued exactly when the change is committed; `monjo serve` sends
// the outbox after the commit (web/mail/mail_sender.h). A mail server that is down
// delays the mail and never the request.
//
// What a message may hold: the receipt number, days, the record ids and the kind of
// each decision, and — only in the receipt and the renewed-link message, to the
// requester's own address — the status link. Never a decision's reasons, a correction's
// or extension's wording (staff text that may describe withheld content; the printed
// notices carry it), a title, or anything the requester typed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "archive/base/messages.h"
#include "archive/base/sqlite.h"
#include "archive/dates/deadline.h"
#include "archive/dates/timestamp.h"

namespace monjo::archive {

struct StoredRequest;
struct RequesterDetails;

// monjo.conf [mail]. Without `host` there is no mail, and the pages say to keep the link.
struct MailConfig {
  bool enabled = false;
  std::string host;
  int port = 25;
  bool starttls = false;  // refuse to send unless the server takes STARTTLS
  std::string ca_file;    // certificates to verify the server by (default: the system's)
  std::string sender;     // the From address, required with host
  // The site's public URL for the links in a message, required with host: never taken
  // from a request's Host header, which a client chooses (a link in a mail to
  // someone else would point wherever it said).
  std::string base_url;
  int timeout_seconds = 30;  // connecting and each SMTP reply
  int retry_seconds = 60;    // the first retry; each further one waits twice as long, at most an hour
  int max_attempts = 10;     // then the message is given up on (counted in /metrics)
};
// Reads the section; throws InputError naming the key on a bad value or a missing
// sender / base_url when host is set.
MailConfig mail_config_from_ini(const std::map<std::string, std::string>& section);

// An address the outbox will send to: one '@', no spaces, control characters, quotes,
// brackets, commas or semicolons (a second recipient or a header cannot be slipped in).
bool mailable_address(const std::string& address);

// Whether `typed` is the e-mail address (case-insensitive) or the phone number (its
// digits, full-width ones included, at least 6) given with the request.
bool contact_matches(const RequesterDetails& requester, const std::string& typed);

struct OutboxMessage {
  int64_t id = 0;
  std::string receipt;
  std::string kind;
  std::string recipient;
  std::string subject;
  std::string body;
  int attempts = 0;
};

// The table mail_outbox (schema/catalog.sql, migration 10).
class MailOutbox {
 public:
  explicit MailOutbox(sql::Database& db) : db_(db) {}
  void enqueue(const std::string& receipt, const std::string& kind, const std::string& recipient,
               const std::string& subject, const std::string& body, TimePoint now);
  // Messages whose next attempt is due, oldest first.
  std::vector<OutboxMessage> due(TimePoint now, int limit);
  // Takes a due message for one attempt: it is not due again before `until` (another
  // sender, or this one after a crash mid-send). False when someone else has it.
  bool claim(int64_t id, TimePoint now, TimePoint until);
  // Sent: the row goes (its body may hold a status link).
  void sent(int64_t id);
  // One failed attempt: the next waits `retry_seconds` × 2^(attempts−1), at most an
  // hour; after `max_attempts` the message is given up on, its recipient, subject and
  // body cleared. Returns true when it was given up on.
  bool failed(int64_t id, const std::string& error, TimePoint now, const MailConfig& config);
  long queued();
  long given_up();

 private:
  sql::Database& db_;
};

// Writes the messages and queues them; called by RequestStore within its transactions.
class RequestMail {
 public:
  RequestMail(sql::Database& db, MailConfig config) : db_(db), outbox_(db), config_(std::move(config)) {}
  const MailConfig& config() const { return config_; }

  // The receipt with the status link, to the e-mail address given (if any).
  void on_submit(const std::string& receipt, const std::string& token, TimePoint now);
  // A fresh status link (the old one no longer works).
  void on_renewed_link(const std::string& receipt, const std::string& token, TimePoint now);
  // After an event or extension of `r` (event code as in request_events): a message for
  // request_correction, extend, special_extension, notify and reject; nothing otherwise.
  void on_event(const StoredRequest& r, const std::string& event, const DeadlineCalculator& calc, TimePoint now);

  // The status link and the page that sends a fresh one, as a message gives them.
  std::string status_url(const std::string& receipt, const std::string& token) const;
  std::string check_url(Lang lang) const;

 private:
  struct Recipient {
    std::string address;
    Lang lang = Lang::Ja;
  };
  std::optional<Recipient> recipient_of(const std::string& receipt);
  void queue(const std::string& receipt, const std::string& kind, const Recipient& to, const std::string& subject,
             const std::vector<std::string>& paragraphs, TimePoint now);

  sql::Database& db_;
  MailOutbox outbox_;
  MailConfig config_;
};

}  // namespace monjo::archive
