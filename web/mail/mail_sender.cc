#include "web/mail/mail_sender.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <memory>
#include <stdexcept>

#include "archive/base/sqlite.h"
#include "archive/dates/timestamp.h"

namespace monjo::web {

namespace {

// How often the outbox is looked at: messages are queued by any process that changes a
// request (the workers, the command line), so the sender asks the table rather than
// waiting to be told. One indexed read a second.
constexpr std::chrono::seconds kPollInterval{1};
// Messages taken per pass, and how long one is kept from a second sender (another
// `monjo serve` on the same data, or a retry after a crash in mid-send).
constexpr int kBatch = 20;
constexpr std::chrono::minutes kLease{10};

// Poco's SMTP session with STARTTLS over a socket connected with a timeout: Poco's
// SecureSMTPClientSession verifies the certificate against a host name only when it
// made the connection itself, without a connect timeout. This does what its
// startTLS does, with the configured host name.
class Session : public Poco::Net::SMTPClientSession {
 public:
  using SMTPClientSession::SMTPClientSession;
  void start_tls(const std::string& host, Poco::Net::Context::Ptr context) {
    std::string response;
    const int status = sendCommand("STARTTLS", response);
    if (!isPositiveCompletion(status)) throw std::runtime_error("the server refused STARTTLS: " + response);
    socket() = Poco::Net::SecureStreamSocket::attach(socket(), host, context);
  }
};

}  // namespace

void send_smtp(const archive::MailConfig& config, const archive::OutboxMessage& message) {
  using namespace Poco::Net;
  try {
    const Poco::Timespan timeout(config.timeout_seconds, 0);
    StreamSocket socket;
    socket.connect(SocketAddress(config.host, static_cast<Poco::UInt16>(config.port)), timeout);
    Session session(socket);
    session.setTimeout(timeout);
    session.login();  // EHLO
    if (config.starttls) {
      session.start_tls(config.host, SSLManager::instance().defaultClientContext());
      session.login();  // EHLO again, now over TLS
    }
    MailMessage mail;
    mail.setSender(config.sender);
    mail.addRecipient(MailRecipient(MailRecipient::PRIMARY_RECIPIENT, message.recipient));
    mail.setSubject(MailMessage::encodeWord(message.subject, "UTF-8"));
    mail.setContentType("text/plain; charset=UTF-8");
    mail.setContent(message.body, MailMessage::ENCODING_QUOTED_PRINTABLE);
    mail.set("Auto-Submitted", "auto-generated");  // RFC 3834: no auto-replies
    session.sendMessage(mail);
    session.close();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error(e.displayText());
  }
}

MailSender::MailSender(std::string catalog_path, archive::MailConfig config, MailStats& stats, Log log)
    : catalog_path_(std::move(catalog_path)), config_(std::move(config)), stats_(stats), log_(std::move(log)) {
  if (config_.starttls) {
    // OpenSSL's setup, and a certificate that does not verify is refused outright
    // (Poco would otherwise look for a handler in an application configuration).
    using Poco::Net::Context;
    Poco::Net::initializeSSL();
    Context::Ptr context = new Context(Context::TLS_CLIENT_USE, "", "", config_.ca_file, Context::VERIFY_RELAXED, 9,
                                       config_.ca_file.empty());
    Poco::Net::SSLManager::instance().initializeClient(nullptr, new Poco::Net::RejectCertificateHandler(false),
                                                       context);
  }
  thread_ = std::thread([this] { run(); });
}

MailSender::~MailSender() {
  stop();
  if (config_.starttls) Poco::Net::uninitializeSSL();
}

void MailSender::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void MailSender::run() {
  std::unique_ptr<archive::sql::Database> db;
  for (;;) {
    try {
      if (!db) db = std::make_unique<archive::sql::Database>(catalog_path_, archive::sql::Database::Mode::ReadWrite);
      archive::MailOutbox outbox(*db);
      pass(outbox);
    } catch (const std::exception& e) {
      log_(std::string("monjo serve: mail outbox: ") + e.what());
      db.reset();
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (wake_.wait_for(lock, kPollInterval, [this] { return stopping_; })) return;
  }
}

void MailSender::pass(archive::MailOutbox& outbox) {
  for (;;) {
    const auto now = archive::now_seconds();
    const auto due = outbox.due(now, kBatch);
    for (const auto& message : due) {
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) return;
      }
      if (!outbox.claim(message.id, now, now + kLease)) continue;
      try {
        send_smtp(config_, message);
        outbox.sent(message.id);
        ++stats_.sent;
      } catch (const std::exception& e) {
        ++stats_.failures;
        const bool gave_up = outbox.failed(message.id, e.what(), archive::now_seconds(), config_);
        if (gave_up) ++stats_.given_up;
        // The receipt and kind only: the address is the requester's personal data.
        log_("monjo serve: mail " + message.kind + " for " + message.receipt + " failed (attempt " +
             std::to_string(message.attempts + 1) + (gave_up ? ", given up" : "") + "): " + e.what());
      }
    }
    stats_.queued = outbox.queued();
    if (static_cast<int>(due.size()) < kBatch) return;
  }
}

}  // namespace monjo::web
