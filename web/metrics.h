// /metrics: what `monjo serve` counts, in the Prometheus text exposition format
// (version 0.0.4): requests by route pattern and status, latency histograms by route,
// the connection layer's states, refusals and timeouts (web/http/http_server.h), the
// search-result cache, the served index (generation, documents, age) and the last
// import (from the audit trail). Reachable from loopback or by signed-in staff only
// (the route table's role column, web/routes.cc). docs/portal.md lists the metrics.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "web/http/request_context.h"
#include "web/http/response.h"

namespace monjo::archive {
class SearchResultCache;
}

namespace monjo::web {

struct HttpStats;
struct HttpLimits;
struct MailStats;

// Requests answered by the handlers, counted by the worker threads.
class RequestMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1,    2.5,   10};
  // `route` is the pattern of the route table ("/records/{id}"), never the raw path,
  // so the number of series stays bounded.
  void record(const std::string& route, int status, double seconds);
  void render(std::string& out) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    double sum = 0;
    uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> counts_;
  std::map<std::string, Histogram> latency_;
};

// What the /metrics page reads; one per server, shared by its workers.
struct MetricsSources {
  RequestMetrics requests;
  const HttpStats* http = nullptr;
  const HttpLimits* limits = nullptr;
  std::shared_ptr<archive::SearchResultCache> cache;
  const MailStats* mail = nullptr;  // with monjo.conf [mail] only
  std::string data_dir;
  std::chrono::system_clock::time_point started = std::chrono::system_clock::now();
};

// "127.0.0.1", "::1", "::ffff:127.0.0.1"…: an address on this machine's loopback.
bool is_loopback_address(const std::string& address);

std::unique_ptr<Response> handle_metrics(const RequestContext& ctx);

}  // namespace monjo::web
