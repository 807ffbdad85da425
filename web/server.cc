#include "web/server.h"

#include <Poco/Net/IPAddress.h>
#include <Poco/Net/ServerSocket.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "archive/base/config.h"
#include "archive/base/errors.h"
#include "archive/catalog/catalog.h"
#include "archive/dates/deadline.h"
#include "archive/requests/copy_fees.h"
#include "archive/requests/reading_room.h"
#include "archive/requests/request_mail.h"
#include "archive/requests/request_store.h"
#include "archive/search/search.h"
#include "archive/search/search_cache.h"
#include "archive/staff/audit.h"
#include "archive/staff/users.h"
#include "web/http/http_server.h"
#include "web/http/text.h"
#include "web/mail/mail_sender.h"
#include "web/metrics.h"
#include "web/routes.h"
#include "web/sitemap.h"
#include "web/staff/catalog_writes.h"
#include "web/staff/services.h"

namespace monjo::web {

namespace {

// Fresh status links mailed for one receipt per hour (web/requests/check.cc).
constexpr int kCheckPerReceiptPerHour = 3;

// Public pages take no body; anything larger than this is refused (413).
constexpr size_t kMaxBodyBytes = 64 * 1024;
// The catalog upload of the staff pages (web/staff/import_pages.cc) may be as large as
// [import] max_file_mib and this much of form around the file.
constexpr size_t kUploadOverheadBytes = 64 * 1024;
const char* const kUploadPath = "/staff/import";

// Sent with every response (the CSP allows no inline script or style).
const std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
    {"X-Frame-Options", "DENY"},
};

std::mutex log_mutex;

// A request's status token is a secret: the log keeps only that one was given.
std::string without_secrets(const std::string& target) {
  std::string out = target;
  for (size_t pos = out.find("token="); pos != std::string::npos; pos = out.find("token=", pos + 1)) {
    if (pos > 0 && out[pos - 1] != '?' && out[pos - 1] != '&') continue;
    const size_t start = pos + 6;
    const size_t end = out.find('&', start);
    out.replace(start, (end == std::string::npos ? out.size() : end) - start, "REDACTED");
  }
  return out;
}

void log_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(log_mutex);
  std::cerr << line << '\n' << std::flush;
}

std::string clf_time() {
  char buf[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::strftime(buf, sizeof buf, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  return buf;
}

struct Shared {
  ServerOptions options;
  ProxyTrust proxies{{}};
  uint64_t id = 0;  // tells apart servers run one after another in one process (tests)
  SitemapCache sitemap;
  // monjo.conf's ordinance, calendar and restriction periods, read once at start.
  archive::OrdinanceConfig ordinance;
  archive::CalendarConfig calendar;
  archive::RestrictionPeriodTable periods;
  archive::ReadingRoomConfig reading_room;  // [reading_room]
  archive::CopyFeeTable copy_fees;          // [copy_fees]
  std::unique_ptr<RateLimiter> intake_limit;
  // "Check my request" (web/requests/check.cc): per client address and per receipt typed.
  std::unique_ptr<RateLimiter> check_limit;
  std::unique_ptr<RateLimiter> check_receipt_limit;
  // monjo.conf [mail]: the outbox's sender runs while the server does (web/mail/mail_sender.h).
  archive::MailConfig mail;
  MailStats mail_stats;
  uint64_t max_import_bytes = 0;  // monjo.conf [import] max_file_mib
  // Results shared by every worker's Searcher, keyed by index revision and request.
  std::shared_ptr<archive::SearchResultCache> search_cache;
  MetricsSources metrics;
  std::vector<archive::FederatedArchive> federation;  // monjo.conf [federation]
  std::string writer_url;                             // monjo.conf [replica] writer, without a trailing slash
};

// The staff stores of one worker, on its own read-write connection.
struct StaffStores {
  archive::sql::Database db;
  archive::AuditTrail audit;
  archive::UserStore users;
  archive::RequestStore requests;
  archive::ReadingRoom reading_room;
  archive::RequestMail mail;
  StaffServices services;
  StaffStores(const Shared& shared)
      : db(shared.options.data_dir + "/catalog.sqlite", archive::sql::Database::Mode::ReadWrite),
        audit(db),
        users(db, audit),
        requests(db, audit, archive::DeadlineCalculator(shared.ordinance, archive::ArchiveCalendar(shared.calendar)),
                 shared.periods),
        reading_room(db, audit, requests, shared.reading_room),
        mail(db, shared.mail) {
    requests.set_mail(&mail);
    services.audit = &audit;
    services.users = &users;
    services.requests = &requests;
    services.periods = &shared.periods;
    services.reading_room = &reading_room;
    services.copy_fees = &shared.copy_fees;
    services.intake_limit = shared.intake_limit.get();
    services.check_limit = shared.check_limit.get();
    services.check_receipt_limit = shared.check_receipt_limit.get();
    services.data_dir = shared.options.data_dir;
    services.max_import_bytes = shared.max_import_bytes;
  }
};

// What one worker thread owns. Xapian and SQLite handles are not shared across
// threads (one Xapian::Database per thread).
struct Worker {
  uint64_t server_id = 0;
  std::unique_ptr<archive::Catalog> catalog;
  std::unique_ptr<archive::Searcher> searcher;
  std::unique_ptr<StaffStores> staff;
  std::chrono::steady_clock::time_point next_searcher_try{};
  // The staff index, for /staff/search: opened on the first staff search, then kept
  // fresh like the public one.
  std::unique_ptr<archive::Searcher> staff_searcher;
  std::chrono::steady_clock::time_point next_staff_searcher_try{};
};

// Keeps a worker's Searcher of one side open and fresh; with no index yet, tries to
// open it again now and then, not on every request.
void keep_searcher(const Shared& shared, archive::IndexSide side, std::unique_ptr<archive::Searcher>& searcher,
                   std::chrono::steady_clock::time_point& next_try) {
  const auto now = std::chrono::steady_clock::now();
  if (searcher) {
    try {
      searcher->refresh();
    } catch (const std::exception& e) {
      log_line(std::string("monjo serve: search index refresh failed: ") + e.what());
      searcher.reset();
    }
  }
  if (!searcher && now >= next_try) {
    try {
      const bool pub = side == archive::IndexSide::Public;
      const auto& parts = shared.options.shards;
      if (pub && !shared.federation.empty()) {
        searcher = std::make_unique<archive::Searcher>(
            archive::federation_parts(shared.federation, shared.options.data_dir), side, shared.options.data_dir);
        std::vector<std::string> keys;
        for (const auto& a : shared.federation) keys.push_back(a.key);
        searcher->set_part_labels(std::move(keys));
      } else if (pub && !parts.empty()) {
        searcher = std::make_unique<archive::Searcher>(parts, side, shared.options.data_dir);
      } else {
        searcher = std::make_unique<archive::Searcher>(shared.options.data_dir, side);
      }
      searcher->set_result_cache(shared.search_cache);
    } catch (const std::exception& e) {
      next_try = now + std::chrono::seconds(2);
    }
  }
}

Worker& worker_for(const Shared& shared) {
  thread_local Worker worker;
  if (worker.server_id != shared.id) {
    worker = Worker{};
    worker.server_id = shared.id;
  }
  // A replica has the replicated public index and nothing else (docs/scaling.md).
  if (!worker.catalog && !shared.options.replica) {
    worker.catalog = std::make_unique<archive::Catalog>(shared.options.data_dir + "/catalog.sqlite",
                                                        archive::Catalog::Mode::ReadOnly);
  }
  if (!worker.staff && !shared.options.replica) worker.staff = std::make_unique<StaffStores>(shared);
  keep_searcher(shared, archive::IndexSide::Public, worker.searcher, worker.next_searcher_try);
  return worker;
}

// The worker's staff Searcher, opened when a staff search first asks for it.
archive::Searcher* staff_searcher_of(const Shared& shared, Worker& worker, const std::string& target) {
  if (target.rfind("/staff/search", 0) != 0) return nullptr;
  keep_searcher(shared, archive::IndexSide::Staff, worker.staff_searcher, worker.next_staff_searcher_try);
  return worker.staff_searcher.get();
}

// Header fields by lower-case name; a repeated field's values joined as RFC 9110 §5.3
// allows (the Cookie field with "; ").
std::map<std::string, std::string> header_map(const RequestHead& head) {
  std::map<std::string, std::string> out;
  for (const auto& [name, value] : head.fields) {
    auto [it, fresh] = out.emplace(name, value);
    if (!fresh) it->second += (name == "cookie" ? "; " : ", ") + value;
  }
  return out;
}

struct Client {
  std::string ip;
  bool secure = false;
};

// The client's address and whether it came over TLS: the peer's own unless the peer
// is a trusted proxy, whose X-Forwarded-For and X-Forwarded-Proto are believed.
Client client_of(const Shared& shared, const std::string& peer, const std::map<std::string, std::string>& headers) {
  Client c{peer, shared.options.secure_cookies};
  if (!shared.proxies.empty() && shared.proxies.trusts(peer)) {
    auto xff = headers.find("x-forwarded-for");
    if (xff != headers.end()) c.ip = shared.proxies.client(peer, xff->second);
    auto proto = headers.find("x-forwarded-proto");
    if (proto != headers.end() && proto->second == "https") c.secure = true;
  }
  return c;
}

HttpAnswer to_answer(const Response& r, const std::string& method) {
  HttpAnswer a;
  a.status = r.status;
  a.headers.emplace_back("Content-Type", r.content_type);
  for (const auto& [name, value] : kSecurityHeaders) a.headers.emplace_back(name, value);
  for (const auto& h : r.headers) a.headers.push_back(h);
  a.body = r.body;
  a.send_body = method != "HEAD" && r.status != 304;
  return a;
}

void access_log(const Shared& shared, const std::string& client, const std::string& request_line, int status,
                size_t bytes, const std::map<std::string, std::string>& headers) {
  if (!shared.options.access_log) return;
  // Combined Log Format: host ident user [time] "request" status bytes "referer" "agent"
  auto get = [&](const char* name) {
    auto it = headers.find(name);
    return it == headers.end() || it->second.empty() ? std::string("-") : it->second;
  };
  log_line(client + " - - [" + clf_time() + "] \"" + request_line + "\" " + std::to_string(status) + " " +
           std::to_string(bytes) + " \"" + log_safe(get("referer"), 500) + "\" \"" + log_safe(get("user-agent"), 500) +
           "\"");
}

std::string request_line(const RequestHead& head) {
  return log_safe(head.method, 16) + " " + log_safe(without_secrets(head.target), 2000) +
         (head.minor_version == 0 ? " HTTP/1.0" : " HTTP/1.1");
}

// A path safe to build an error page's context from.
std::string error_path(const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  return valid_utf8(path) && path.size() < 256 ? path : "/";
}

// One request on a worker thread.
HttpAnswer serve_request(Shared& shared, HttpExchange& ex) {
  const RequestHead& head = ex.head;
  const std::map<std::string, std::string> headers = header_map(head);
  const std::string& target = head.target;
  const std::string& method = head.method;
  std::unique_ptr<Response> r;
  std::string error_detail;
  std::string route;

  Services services;
  services.sitemap = &shared.sitemap;
  services.base_url = shared.options.base_url;
  services.metrics = &shared.metrics;
  services.federation = &shared.federation;
  services.replica = shared.options.replica;
  services.writer_url = shared.writer_url;
  try {
    Worker& w = worker_for(shared);
    services.catalog = w.catalog.get();
    services.searcher = w.searcher.get();
    if (!shared.options.replica) {
      services.staff_searcher = staff_searcher_of(shared, w, target);
      services.staff = &w.staff->services;
    }
  } catch (const std::exception& e) {
    error_detail = e.what();
  }

  const Client client = client_of(shared, ex.peer, headers);
  try {
    RequestContext ctx(method, target, headers, services);
    ctx.set_client(client.ip, client.secure);
    if (method == "POST") {
      auto type = headers.find("content-type");
      ctx.set_body(type == headers.end() ? std::string() : type->second, std::move(ex.body));
    }
    r = dispatch(ctx, &error_detail);
    route = ctx.route();
  } catch (const archive::InputError&) {
    // Malformed escapes or invalid UTF-8 in the query: answered without echoing it.
    try {
      RequestContext ctx(method, error_path(target), headers, services);
      r = error_response(ctx, 400, "error_bad_request");
    } catch (...) {
      r = Response::text("400 Bad Request\n", "text/plain; charset=utf-8", 400);
    }
  } catch (const std::exception& e) {
    error_detail = e.what();
    r = Response::text("500 Internal Server Error\n", "text/plain; charset=utf-8", 500);
  }
  if (!error_detail.empty()) {
    log_line("monjo serve: " + method + " " + log_safe(without_secrets(target), 300) + ": " + error_detail);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - ex.received).count();
  shared.metrics.requests.record(route.empty() ? "unmatched" : route, r->status, seconds);
  access_log(shared, client.ip, request_line(head), r->status, r->body.size(), headers);
  return to_answer(*r, method);
}

// A request the connection layer refused (on its thread). A body too large for a
// form, or a server too busy, is answered with the site's page (or the API's JSON);
// a malformed request gets plain text in both languages and what was wrong.
HttpAnswer refusal_answer(const Shared& shared, int status, const RequestHead* head, const std::string& what,
                          const std::string& peer) {
  const std::map<std::string, std::string> headers = head ? header_map(*head) : std::map<std::string, std::string>{};
  const Client client = client_of(shared, peer, headers);
  std::unique_ptr<Response> r;
  if (status == 413 || status == 503) {
    RequestContext ctx(head ? head->method : "GET", head ? error_path(head->target) : "/", headers, Services{});
    r = error_response(ctx, status, status == 413 ? "error_too_large" : "error_busy");
  } else {
    const char* key = status == 408 ? "error_timeout" : "error_protocol";
    r = Response::text(std::to_string(status) + " " + reason_phrase(status) + "\n" + Messages::get(Lang::Ja).t(key) +
                           "\n" + Messages::get(Lang::En).t(key) + "\n(" + what + ")\n",
                       "text/plain; charset=utf-8", status);
  }
  if (status == 503) r->header("Retry-After", "5");
  access_log(shared, client.ip, head ? request_line(*head) : "-", status, r->body.size(), headers);
  return to_answer(*r, head ? head->method : "GET");
}

std::atomic<uint64_t> next_server_id{1};

// Open files: the soft limit raised to the hard one (each connection is a descriptor).
rlim_t raise_open_files_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return 1024;
  if (lim.rlim_cur < lim.rlim_max) {
    rlimit want = lim;
    want.rlim_cur = lim.rlim_max == RLIM_INFINITY ? std::max<rlim_t>(lim.rlim_cur, 1 << 20) : lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &want) == 0) lim = want;
  }
  return lim.rlim_cur;
}

}  // namespace

struct ProxyTrust::Net {
  Poco::Net::IPAddress address;
  Poco::Net::IPAddress mask;
};

ProxyTrust::ProxyTrust(const std::vector<std::string>& entries) {
  for (const auto& entry : entries) {
    const std::string text = trim(entry);
    if (text.empty()) continue;
    const size_t slash = text.find('/');
    Poco::Net::IPAddress address;
    if (!Poco::Net::IPAddress::tryParse(text.substr(0, slash), address)) {
      throw archive::InputError("--trust-proxy: \"" + text + "\" is not an IP address or prefix");
    }
    const unsigned full = address.family() == Poco::Net::IPAddress::IPv4 ? 32 : 128;
    unsigned bits = full;
    if (slash != std::string::npos) {
      const std::string b = text.substr(slash + 1);
      if (b.empty() || b.size() > 3 || b.find_first_not_of("0123456789") != std::string::npos || std::stoul(b) > full) {
        throw archive::InputError("--trust-proxy: \"" + text + "\" has a bad prefix length");
      }
      bits = static_cast<unsigned>(std::stoul(b));
    }
    auto net = std::make_shared<Net>();
    net->mask = Poco::Net::IPAddress(bits, address.family());
    net->address = address & net->mask;
    nets_.push_back(std::move(net));
  }
}

bool ProxyTrust::trusts(const std::string& text) const {
  Poco::Net::IPAddress address;
  if (!Poco::Net::IPAddress::tryParse(text, address)) return false;
  for (const auto& net : nets_) {
    if (net->address.family() == address.family() && (address & net->mask) == net->address) return true;
  }
  return false;
}

std::string ProxyTrust::client(const std::string& peer, const std::string& forwarded_for) const {
  if (!trusts(peer)) return peer;
  std::string client = peer;
  size_t end = forwarded_for.size();
  for (;;) {
    const size_t comma = forwarded_for.rfind(',', end == 0 ? 0 : end - 1);
    const size_t start = comma == std::string::npos || end == 0 ? 0 : comma + 1;
    const std::string entry = trim(forwarded_for.substr(start, end - start));
    Poco::Net::IPAddress address;
    if (entry.empty() || entry.size() > 45 || !Poco::Net::IPAddress::tryParse(entry, address)) break;
    client = address.toString();
    if (!trusts(client)) break;  // the first address no proxy of ours stands for
    if (start == 0) break;
    end = start - 1;
  }
  return client;
}

int default_threads() {
  return std::max(4, 2 * static_cast<int>(std::thread::hardware_concurrency()));
}

int run_server(const ServerOptions& options) {
  namespace fs = std::filesystem;
  const std::string catalog_path = options.data_dir + "/catalog.sqlite";
  if (options.replica) {
    // The replicated index is all a replica has: it follows the writer's revisions
    // (docs/scaling.md) and never repairs or writes anything.
    if (fs::exists(catalog_path)) {
      throw archive::Error(options.data_dir +
                           " holds a catalog: a replica serves the replicated public index alone (docs/scaling.md)");
    }
  } else {
    if (!fs::exists(catalog_path)) {
      throw archive::Error("no catalog in " + options.data_dir + " (run `monjo import FILE` first)");
    }
    // Fail now, not on the first request, if the catalog cannot be read; opened
    // read-write once so that the staff tables of later migrations exist.
    { archive::Catalog probe(catalog_path, archive::Catalog::Mode::ReadWrite); }
    repair_indexes_if_behind(options.data_dir);
  }

  Shared shared;
  shared.options = options;
  shared.proxies = ProxyTrust(options.trusted_proxies);
  shared.id = next_server_id++;
  const archive::Config config = archive::Config::load(options.data_dir);
  shared.ordinance = archive::ordinance_config_from_ini(config.section("ordinance"));
  shared.calendar = archive::calendar_config_from_ini(config.section("ordinance"));
  shared.periods = archive::restriction_periods_from_ini(config.section("restriction_periods"));
  shared.reading_room = archive::reading_room_config_from_ini(config.section("reading_room"));
  shared.copy_fees = archive::copy_fees_from_ini(config.section("copy_fees"));
  shared.federation = archive::federation_of(config);
  if (!shared.federation.empty() && !options.shards.empty()) {
    throw archive::InputError("--shard and monjo.conf [federation] do not go together (docs/scaling.md)");
  }
  shared.intake_limit = std::make_unique<RateLimiter>(options.intake_per_hour, std::chrono::hours(1));
  shared.check_limit = std::make_unique<RateLimiter>(options.check_per_hour, std::chrono::hours(1));
  // However many addresses ask, one request's mailbox gets at most this many fresh links an hour.
  shared.check_receipt_limit = std::make_unique<RateLimiter>(kCheckPerReceiptPerHour, std::chrono::hours(1));
  shared.mail = archive::mail_config_from_ini(config.section("mail"));
  if (options.replica) {
    shared.mail.enabled = false;  // the writer sends the mail
    shared.writer_url = config.get_or("replica", "writer", "");
    while (!shared.writer_url.empty() && shared.writer_url.back() == '/') shared.writer_url.pop_back();
    if (!shared.writer_url.empty() && shared.writer_url.rfind("http://", 0) != 0 &&
        shared.writer_url.rfind("https://", 0) != 0) {
      throw archive::InputError("monjo.conf [replica] writer: \"" + shared.writer_url +
                                "\" is not an http:// or https:// URL");
    }
  }

  shared.max_import_bytes = static_cast<uint64_t>(std::max(1L, config.get_long("import", "max_file_mib", 256))) << 20;
  if (options.cache_mb > 0) {
    shared.search_cache = std::make_shared<archive::SearchResultCache>(static_cast<size_t>(options.cache_mb) << 20);
  }
  shared.metrics.cache = shared.search_cache;
  shared.metrics.mail = shared.mail.enabled ? &shared.mail_stats : nullptr;
  shared.metrics.data_dir = options.data_dir;

  HttpLimits limits;
  limits.workers = options.threads > 0 ? options.threads : default_threads();
  limits.header_timeout = std::chrono::seconds(options.header_timeout_seconds);
  limits.body_timeout = std::chrono::seconds(options.body_timeout_seconds);
  limits.idle_timeout = std::chrono::seconds(options.keep_alive_seconds);
  limits.write_timeout = std::chrono::seconds(options.write_timeout_seconds);
  limits.max_body_bytes = kMaxBodyBytes;
  limits.max_per_address = options.max_per_address;
  // Only the catalog upload, and only with a session cookie, may send more: the
  // session itself is checked by the router once the body is in (a forged cookie
  // costs its sender the upload and gets a redirect to the login).
  limits.upload_limit = [&shared](const RequestHead& head) -> size_t {
    if (head.method != "POST" || head.target.substr(0, head.target.find('?')) != kUploadPath) return 0;
    if (head.field("cookie").find(std::string(kSessionCookie) + "=") == std::string::npos) return 0;
    return shared.max_import_bytes + kUploadOverheadBytes;
  };
  limits.max_queued = static_cast<size_t>(std::max(1, options.max_queued));
  // Each connection is a descriptor; the workers' SQLite and Xapian files need some too.
  const rlim_t files = raise_open_files_limit();
  const long reserve = 64 + 16L * limits.workers;
  const long room = static_cast<long>(std::min<rlim_t>(files, 1 << 24)) - reserve;
  limits.max_connections = static_cast<int>(std::max(16L, std::min<long>(options.max_connections, room)));
  if (limits.max_connections < options.max_connections) {
    log_line("monjo serve: the open-files limit (" + std::to_string(files) + ") allows " +
             std::to_string(limits.max_connections) + " connections, not " + std::to_string(options.max_connections));
  }

  // Block the signals before any thread starts so that only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Poco::Net::ServerSocket socket;
  int listen_fd = -1;
  try {
    socket.bind(Poco::Net::SocketAddress(options.bind, static_cast<Poco::UInt16>(options.port)), true);
    socket.listen(std::max(options.max_queued, 1024));
    listen_fd = ::dup(socket.impl()->sockfd());  // the server's own; Poco closes its copy
    if (listen_fd < 0) throw archive::Error("dup failed");
  } catch (const Poco::Exception& e) {
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
    throw archive::Error("cannot listen on " + options.bind + ":" + std::to_string(options.port) + ": " +
                         e.displayText());
  }
  const auto address = socket.address();
  socket.close();

  HttpServer server(
      listen_fd, limits, [&shared](HttpExchange& ex) { return serve_request(shared, ex); },
      [&shared](int status, const RequestHead* head, const std::string& what, const std::string& peer) {
        return refusal_answer(shared, status, head, what, peer);
      },
      [&shared](const std::string& peer) { return shared.proxies.trusts(peer); });
  shared.metrics.http = &server.stats();
  shared.metrics.limits = &server.limits();

  std::thread loop([&server] {
    try {
      server.run();
    } catch (const std::exception& e) {
      log_line(std::string("monjo serve: the connection thread failed: ") + e.what());
      kill(getpid(), SIGTERM);
    }
  });
  std::unique_ptr<MailSender> mail_sender;
  if (shared.mail.enabled) {
    mail_sender = std::make_unique<MailSender>(catalog_path, shared.mail, shared.mail_stats, log_line);
  }
  log_line("monjo serving http://" + address.host().toString() + ":" + std::to_string(address.port()));

  int sig = 0;
  sigwait(&signals, &sig);
  log_line(std::string("monjo serve: ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ", shutting down");
  server.stop();
  loop.join();
  if (mail_sender) mail_sender->stop();
  pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
  log_line("monjo serve: stopped");
  return 0;
}

}  // namespace monjo::web
