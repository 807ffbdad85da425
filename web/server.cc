#include "web/server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <pthread.h>
#include <atomic>
#include <chrono>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "archive/audit.h"
#include "archive/catalog.h"
#include "archive/config.h"
#include "archive/deadline.h"
#include "archive/errors.h"
#include "archive/request_store.h"
#include "archive/search.h"
#include "archive/search_cache.h"
#include "archive/users.h"
#include "web/catalog_writes.h"
#include "web/routes.h"
#include "web/sitemap.h"
#include "web/staff_services.h"
#include "web/text.h"

namespace monjo::web {

namespace {

// Public pages take no body; anything larger than this is refused (413).
constexpr std::streamsize kMaxBodyBytes = 64 * 1024;

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
  uint64_t id = 0;  // tells apart servers run one after another in one process (tests)
  SitemapCache sitemap;
  // monjo.conf's ordinance, calendar and restriction periods, read once at start.
  archive::OrdinanceConfig ordinance;
  archive::CalendarConfig calendar;
  archive::RestrictionPeriodTable periods;
  std::unique_ptr<RateLimiter> intake_limit;
  // Results shared by every worker's Searcher, keyed by index revision and request.
  std::shared_ptr<archive::SearchResultCache> search_cache;
};

// The staff stores of one worker, on its own read-write connection.
struct StaffStores {
  archive::sql::Database db;
  archive::AuditTrail audit;
  archive::UserStore users;
  archive::RequestStore requests;
  StaffServices services;
  StaffStores(const Shared& shared)
      : db(shared.options.data_dir + "/catalog.sqlite", archive::sql::Database::Mode::ReadWrite),
        audit(db),
        users(db, audit),
        requests(db, audit, archive::DeadlineCalculator(shared.ordinance, archive::ArchiveCalendar(shared.calendar)),
                 shared.periods) {
    services.audit = &audit;
    services.users = &users;
    services.requests = &requests;
    services.periods = &shared.periods;
    services.intake_limit = shared.intake_limit.get();
    services.data_dir = shared.options.data_dir;
  }
};

// What one worker thread owns. Xapian and SQLite handles are not shared across
// threads (STYLE: one Xapian::Database per thread).
struct Worker {
  uint64_t server_id = 0;
  std::unique_ptr<archive::Catalog> catalog;
  std::unique_ptr<archive::Searcher> searcher;
  std::unique_ptr<StaffStores> staff;
  std::chrono::steady_clock::time_point next_searcher_try{};
};

Worker& worker_for(const Shared& shared) {
  thread_local Worker worker;
  if (worker.server_id != shared.id) {
    worker = Worker{};
    worker.server_id = shared.id;
  }
  if (!worker.catalog) {
    worker.catalog = std::make_unique<archive::Catalog>(shared.options.data_dir + "/catalog.sqlite",
                                                        archive::Catalog::Mode::ReadOnly);
  }
  if (!worker.staff) worker.staff = std::make_unique<StaffStores>(shared);
  const auto now = std::chrono::steady_clock::now();
  if (worker.searcher) {
    try {
      worker.searcher->refresh();
    } catch (const std::exception& e) {
      log_line(std::string("monjo serve: search index refresh failed: ") + e.what());
      worker.searcher.reset();
    }
  }
  // No index yet (nothing imported): try again now and then, not on every request.
  if (!worker.searcher && now >= worker.next_searcher_try) {
    try {
      worker.searcher = std::make_unique<archive::Searcher>(shared.options.data_dir, archive::IndexSide::Public);
      worker.searcher->set_result_cache(shared.search_cache);
    } catch (const std::exception& e) {
      worker.next_searcher_try = now + std::chrono::seconds(2);
    }
  }
  return worker;
}

class PortalHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit PortalHandler(Shared& shared) : shared_(shared) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    std::unique_ptr<Response> r;
    std::string error_detail;
    std::map<std::string, std::string> headers;
    for (const auto& [name, value] : request) {
      std::string lower;
      for (const char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      headers[lower] = value;
    }
    const std::string target = request.getURI();
    const std::string method = request.getMethod();

    Services services;
    services.sitemap = &shared_.sitemap;
    services.base_url = shared_.options.base_url;
    try {
      Worker& w = worker_for(shared_);
      services.catalog = w.catalog.get();
      services.searcher = w.searcher.get();
      services.staff = &w.staff->services;
    } catch (const std::exception& e) {
      error_detail = e.what();
    }

    std::string client_ip = request.clientAddress().host().toString();
    bool secure = shared_.options.secure_cookies;
    if (shared_.options.trust_proxy) {
      // The proxy appends the address it saw: the last entry is the one it vouches for.
      const std::string forwarded = request.get("X-Forwarded-For", "");
      const std::string last =
          trim(forwarded.substr(forwarded.rfind(',') == std::string::npos ? 0 : forwarded.rfind(',') + 1));
      if (!last.empty() && last.size() <= 45) client_ip = last;
      if (request.get("X-Forwarded-Proto", "") == "https") secure = true;
    }

    const bool has_body =
        request.getChunkedTransferEncoding() || (request.hasContentLength() && request.getContentLength64() > 0);
    if (has_body && (request.getChunkedTransferEncoding() || request.getContentLength64() > kMaxBodyBytes)) {
      RequestContext ctx(method, "/", headers, services);
      r = error_response(ctx, 413, "error_too_large");
      response.setKeepAlive(false);
    } else {
      std::string body;
      if (has_body) {
        // Only POST handlers read it (forms and the request API); others drain it.
        body.resize(static_cast<size_t>(request.getContentLength64()));
        request.stream().read(body.data(), static_cast<std::streamsize>(body.size()));
        body.resize(static_cast<size_t>(request.stream().gcount()));
      }
      try {
        RequestContext ctx(method, target, headers, services);
        ctx.set_client(client_ip, secure);
        if (method == "POST") ctx.set_body(request.getContentType(), std::move(body));
        r = dispatch(ctx, &error_detail);
      } catch (const archive::InputError&) {
        // Malformed escapes or invalid UTF-8 in the query: answered without echoing it.
        const std::string path = target.substr(0, target.find('?'));
        RequestContext ctx(method, valid_utf8(path) && path.size() < 256 ? path : "/", headers, services);
        r = error_response(ctx, 400, "error_bad_request");
      }
    }
    if (!error_detail.empty()) {
      log_line("monjo serve: " + method + " " + log_safe(without_secrets(target), 300) + ": " + error_detail);
    }

    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r->status));
    response.setContentType(r->content_type);
    for (const auto& [name, value] : kSecurityHeaders) response.set(name, value);
    for (const auto& [name, value] : r->headers) {
      if (name == "Set-Cookie")
        response.add(name, value);  // one header per cookie
      else
        response.set(name, value);
    }
    response.setContentLength64(static_cast<Poco::Int64>(r->body.size()));
    std::ostream& out = response.send();
    if (method != "HEAD" && r->status != 304) out.write(r->body.data(), static_cast<std::streamsize>(r->body.size()));

    if (shared_.options.access_log) {
      // Combined Log Format: host ident user [time] "request" status bytes "referer" "agent"
      log_line(request.clientAddress().host().toString() + " - - [" + clf_time() + "] \"" + log_safe(method, 16) + " " +
               log_safe(without_secrets(target), 2000) + " " + log_safe(request.getVersion(), 16) + "\" " +
               std::to_string(r->status) + " " + std::to_string(r->body.size()) + " \"" +
               log_safe(request.get("Referer", "-"), 500) + "\" \"" + log_safe(request.get("User-Agent", "-"), 500) +
               "\"");
    }
  }

 private:
  Shared& shared_;
};

class PortalHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit PortalHandlerFactory(Shared& shared) : shared_(shared) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new PortalHandler(shared_);
  }

 private:
  Shared& shared_;
};

std::atomic<uint64_t> next_server_id{1};

}  // namespace

int run_server(const ServerOptions& options) {
  namespace fs = std::filesystem;
  const std::string catalog_path = options.data_dir + "/catalog.sqlite";
  if (!fs::exists(catalog_path)) {
    throw archive::Error("no catalog in " + options.data_dir + " (run `monjo import FILE` first)");
  }
  // Fail now, not on the first request, if the catalog cannot be read; opened
  // read-write once so that the staff tables of later migrations exist.
  { archive::Catalog probe(catalog_path, archive::Catalog::Mode::ReadWrite); }
  repair_indexes_if_behind(options.data_dir);

  Shared shared;
  shared.options = options;
  shared.id = next_server_id++;
  const archive::Config config = archive::Config::load(options.data_dir);
  shared.ordinance = archive::ordinance_config_from_ini(config.section("ordinance"));
  shared.calendar = archive::calendar_config_from_ini(config.section("ordinance"));
  shared.periods = archive::restriction_periods_from_ini(config.section("restriction_periods"));
  shared.intake_limit = std::make_unique<RateLimiter>(options.intake_per_hour, std::chrono::hours(1));

  if (options.cache_mb > 0) {
    shared.search_cache = std::make_shared<archive::SearchResultCache>(static_cast<size_t>(options.cache_mb) << 20);
  }

  // A worker thread is held by each keep-alive connection for as long as it stays
  // open (Poco's HTTPServer), idle or not: with fewer threads than connections the
  // rest wait in the queue until one closes (wrk at 32 connections saw 1.6 s waits
  // and timeouts with 4). CPU use is bounded by the cores anyway.
  const int threads = options.threads > 0 ? options.threads : kDefaultThreads;

  // Block the signals before any thread starts so that only sigwait() sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Poco::Net::ServerSocket socket;
  try {
    socket.bind(Poco::Net::SocketAddress(options.bind, static_cast<Poco::UInt16>(options.port)), true);
    socket.listen(options.max_queued);
  } catch (const Poco::Exception& e) {
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
    throw archive::Error("cannot listen on " + options.bind + ":" + std::to_string(options.port) + ": " +
                         e.displayText());
  }

  auto* params = new Poco::Net::HTTPServerParams;  // owned by the server (AutoPtr)
  params->setMaxThreads(threads);
  params->setMaxQueued(options.max_queued);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(options.keep_alive_seconds, 0));
  params->setMaxKeepAliveRequests(10000);
  params->setTimeout(Poco::Timespan(options.timeout_seconds, 0));
  params->setServerName("monjo");

  Poco::ThreadPool pool(2, threads);
  Poco::Net::HTTPServer server(new PortalHandlerFactory(shared), pool, socket, params);
  server.start();

  const auto address = socket.address();
  log_line("monjo serving http://" + address.host().toString() + ":" + std::to_string(address.port()));

  int sig = 0;
  sigwait(&signals, &sig);
  log_line(std::string("monjo serve: ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ", shutting down");

  server.stopAll(false);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server.currentConnections() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  pool.joinAll();
  pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
  log_line("monjo serve: stopped");
  return 0;
}

}  // namespace monjo::web
