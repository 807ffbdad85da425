// The outbox's sender in `monjo serve` (docs/requests.md, "Mail"): one thread with its
// own connection to catalog.sqlite takes the messages that are due from the outbox
// (archive/requests/request_mail.h), which the requests' own transactions filled, and
// sends each through the SMTP server of monjo.conf [mail] with Poco's SMTP client
// (STARTTLS when asked for, and then never in clear). A sent message's row goes; a
// failure is logged by receipt and kind (never the address), counted, and retried later
// with a growing wait, so a mail server that is down never holds up a request.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "archive/requests/request_mail.h"

namespace monjo::web {

// What /metrics shows of the mail (web/metrics.cc).
struct MailStats {
  std::atomic<uint64_t> sent{0};
  std::atomic<uint64_t> failures{0};  // failed attempts
  std::atomic<uint64_t> given_up{0};  // messages given up on by this server
  std::atomic<long> queued{0};        // in the outbox after the last pass
};

// Sends one message; throws std::runtime_error with the reason when it was not taken.
// With STARTTLS, MailSender has set up the TLS context (the certificates of [mail] ca_file).
void send_smtp(const archive::MailConfig& config, const archive::OutboxMessage& message);

class MailSender {
 public:
  using Log = std::function<void(const std::string&)>;
  MailSender(std::string catalog_path, archive::MailConfig config, MailStats& stats, Log log);
  ~MailSender();  // stops and joins
  MailSender(const MailSender&) = delete;
  MailSender& operator=(const MailSender&) = delete;

  void stop();

 private:
  void run();
  void pass(archive::MailOutbox& outbox);

  std::string catalog_path_;
  archive::MailConfig config_;
  MailStats& stats_;
  Log log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace monjo::web
