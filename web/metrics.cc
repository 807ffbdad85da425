#include "web/metrics.h"

#include <sys/stat.h>

#include <cstdio>

#include "archive/staff/audit.h"
#include "archive/catalog/catalog.h"
#include "archive/search/search.h"
#include "archive/search/search_cache.h"
#include "archive/dates/timestamp.h"
#include "web/http/http_server.h"
#include "web/mail/mail_sender.h"
#include "web/staff/services.h"

namespace monjo::web {

namespace {

std::string label_value(const std::string& v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void sample(std::string& out, const std::string& name, const std::string& labels, double value) {
  out += name;
  if (!labels.empty()) out += "{" + labels + "}";
  out += ' ';
  out += number(value);
  out += '\n';
}

// Seconds since the Unix epoch of a file's last change, or -1.
double mtime_seconds(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return -1;
  return static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) / 1e9;
}

double epoch_seconds(std::chrono::system_clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

void RequestMetrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_[{route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  h.sum += seconds;
  ++h.count;
}

void RequestMetrics::render(std::string& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  family(out, "monjo_http_requests_total", "counter", "Requests answered, by route pattern and status.");
  for (const auto& [key, n] : counts_) {
    sample(out, "monjo_http_requests_total",
           "route=\"" + label_value(key.first) + "\",status=\"" + std::to_string(key.second) + "\"",
           static_cast<double>(n));
  }
  family(out, "monjo_http_request_duration_seconds", "histogram",
         "Time from a complete request to its answer being ready, by route pattern.");
  for (const auto& [route, h] : latency_) {
    const std::string r = "route=\"" + label_value(route) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      sample(out, "monjo_http_request_duration_seconds_bucket", r + ",le=\"" + number(kBuckets[i]) + "\"",
             static_cast<double>(h.buckets[i]));
    }
    sample(out, "monjo_http_request_duration_seconds_bucket", r + ",le=\"+Inf\"", static_cast<double>(h.count));
    sample(out, "monjo_http_request_duration_seconds_sum", r, h.sum);
    sample(out, "monjo_http_request_duration_seconds_count", r, static_cast<double>(h.count));
  }
}

bool is_loopback_address(const std::string& a) {
  return a.rfind("127.", 0) == 0 || a == "::1" || a.rfind("::ffff:127.", 0) == 0;
}

std::unique_ptr<Response> handle_metrics(const RequestContext& ctx) {
  const MetricsSources* m = ctx.services().metrics;
  if (!m) throw Unavailable("no metrics in this process");
  std::string out;
  out.reserve(16 * 1024);
  m->requests.render(out);

  if (const HttpStats* h = m->http) {
    family(out, "monjo_http_connections", "gauge",
           "Open connections by state: idle (waiting for a request), head, body (arriving), queued (waiting for "
           "or held by a worker), writing, lingering (closing).");
    for (int s = 0; s < HttpStats::kStates; ++s) {
      sample(out, "monjo_http_connections", std::string("state=\"") + HttpStats::state_name(s) + "\"",
             static_cast<double>(h->connections[s].load()));
    }
    family(out, "monjo_http_connections_accepted_total", "counter", "Connections accepted.");
    sample(out, "monjo_http_connections_accepted_total", "", static_cast<double>(h->accepted.load()));
    family(out, "monjo_http_connections_refused_total", "counter",
           "Connections answered 503 and closed at once: per_address (the address is at its cap), full (every "
           "connection busy), queue (too many requests waiting for a worker).");
    sample(out, "monjo_http_connections_refused_total", "reason=\"per_address\"",
           static_cast<double>(h->refused_per_address.load()));
    sample(out, "monjo_http_connections_refused_total", "reason=\"full\"", static_cast<double>(h->refused_full.load()));
    sample(out, "monjo_http_connections_refused_total", "reason=\"queue\"", static_cast<double>(h->queue_full.load()));
    family(out, "monjo_http_connections_evicted_total", "counter",
           "Idle or incomplete connections closed to make room for a new one.");
    sample(out, "monjo_http_connections_evicted_total", "", static_cast<double>(h->evicted.load()));
    family(out, "monjo_http_timeouts_total", "counter", "Connections closed by a timeout, by phase.");
    sample(out, "monjo_http_timeouts_total", "phase=\"header\"", static_cast<double>(h->timeout_header.load()));
    sample(out, "monjo_http_timeouts_total", "phase=\"body\"", static_cast<double>(h->timeout_body.load()));
    sample(out, "monjo_http_timeouts_total", "phase=\"idle\"", static_cast<double>(h->timeout_idle.load()));
    sample(out, "monjo_http_timeouts_total", "phase=\"write\"", static_cast<double>(h->timeout_write.load()));
    family(out, "monjo_http_refused_requests_total", "counter",
           "Requests refused before any handler ran (malformed head, framing, size limits, timeouts), by status.");
    for (const auto& [status, n] : h->refusals()) {
      sample(out, "monjo_http_refused_requests_total", "status=\"" + std::to_string(status) + "\"",
             static_cast<double>(n));
    }
    family(out, "monjo_http_queued_requests", "gauge", "Complete requests waiting for a worker.");
    sample(out, "monjo_http_queued_requests", "", static_cast<double>(h->queued.load()));
    family(out, "monjo_http_busy_workers", "gauge", "Workers running a request.");
    sample(out, "monjo_http_busy_workers", "", static_cast<double>(h->busy.load()));
  }
  if (const HttpLimits* l = m->limits) {
    family(out, "monjo_http_workers", "gauge", "Worker threads.");
    sample(out, "monjo_http_workers", "", l->workers);
    family(out, "monjo_http_max_connections", "gauge", "Open connections allowed at once.");
    sample(out, "monjo_http_max_connections", "", l->max_connections);
  }

  if (m->cache) {
    const auto s = m->cache->stats();
    family(out, "monjo_search_cache_hits_total", "counter", "Search results answered from the result cache.");
    sample(out, "monjo_search_cache_hits_total", "", static_cast<double>(s.hits));
    family(out, "monjo_search_cache_misses_total", "counter", "Searches the result cache did not hold.");
    sample(out, "monjo_search_cache_misses_total", "", static_cast<double>(s.misses));
    family(out, "monjo_search_cache_entries", "gauge", "Results held by the result cache.");
    sample(out, "monjo_search_cache_entries", "", static_cast<double>(s.entries));
    family(out, "monjo_search_cache_bytes", "gauge", "Estimated memory held by the result cache.");
    sample(out, "monjo_search_cache_bytes", "", static_cast<double>(s.bytes));
  }

  const double now = epoch_seconds(std::chrono::system_clock::now());
  if (auto* searcher = ctx.services().searcher) {
    family(out, "monjo_index_generation", "gauge", "Catalog generation of the public index being served.");
    sample(out, "monjo_index_generation", "side=\"public\"", static_cast<double>(searcher->generation()));
    family(out, "monjo_index_documents", "gauge", "Documents in the public index being served.");
    sample(out, "monjo_index_documents", "side=\"public\"", static_cast<double>(searcher->document_count()));
  }
  family(out, "monjo_index_age_seconds", "gauge", "Seconds since each index was last committed or swapped in.");
  for (const char* side : {"public", "staff"}) {
    const double t = mtime_seconds(m->data_dir + "/index/" + side + "/iamglass");
    if (t >= 0) sample(out, "monjo_index_age_seconds", std::string("side=\"") + side + "\"", now - t);
  }
  if (auto* catalog = ctx.services().catalog) {
    family(out, "monjo_catalog_generation", "gauge",
           "The catalog's generation (an index behind it is rebuilt before it is served).");
    sample(out, "monjo_catalog_generation", "", static_cast<double>(catalog->generation()));
  }
  if (ctx.services().staff && ctx.services().staff->audit) {
    archive::AuditFilter imports;
    imports.action = "catalog.import";
    auto& audit = *ctx.services().staff->audit;
    family(out, "monjo_imports_total", "counter", "Catalog imports in the audit trail.");
    sample(out, "monjo_imports_total", "", static_cast<double>(audit.count(imports)));
    const auto last = audit.list(imports, 1);
    if (!last.empty()) {
      family(out, "monjo_last_import_timestamp_seconds", "gauge", "When the last catalog import was committed.");
      sample(out, "monjo_last_import_timestamp_seconds", "",
             epoch_seconds(archive::parse_iso_utc(last.front().at)));
    }
  }
  if (const MailStats* mail = m->mail) {
    family(out, "monjo_mail_sent_total", "counter", "Messages to requesters the SMTP server took.");
    sample(out, "monjo_mail_sent_total", "", static_cast<double>(mail->sent.load()));
    family(out, "monjo_mail_failures_total", "counter", "Attempts to send a message that failed (each is retried).");
    sample(out, "monjo_mail_failures_total", "", static_cast<double>(mail->failures.load()));
    family(out, "monjo_mail_given_up_total", "counter", "Messages given up on after their last attempt.");
    sample(out, "monjo_mail_given_up_total", "", static_cast<double>(mail->given_up.load()));
    family(out, "monjo_mail_queued", "gauge", "Messages waiting in the outbox.");
    sample(out, "monjo_mail_queued", "", static_cast<double>(mail->queued.load()));
  }
  family(out, "monjo_process_start_time_seconds", "gauge", "When this server started, seconds since the epoch.");
  sample(out, "monjo_process_start_time_seconds", "", epoch_seconds(m->started));

  auto r = Response::text(std::move(out), "text/plain; version=0.0.4; charset=utf-8");
  r->header("Cache-Control", "no-store");
  return r;
}

}  // namespace monjo::web
