// The connection layer of `monjo serve`: one thread owns every socket (epoll,
// non-blocking), reads each request's head and body under deadlines and limits, and
// hands a request to the worker threads only once all of it has arrived; a worker's
// answer is written back by the same thread. So a client that trickles its head, says
// nothing, keeps an idle keep-alive connection or does not read its answer holds a
// socket and a few kilobytes, never a worker. Limits: header, body, idle and write
// timeouts, a cap on connections per client address, a cap on all connections (the
// longest-waiting idle or incomplete one makes room for a new one) and on requests
// waiting for a worker. Heads are parsed by web/http/http_head.h; docs/decisions.md says why
// this replaces Poco's HTTPServer, docs/portal.md lists the limits and statuses.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "web/http/http_head.h"

namespace monjo::web {

struct HttpLimits {
  // From a connection's accept (or, between keep-alive requests, the next request's
  // first byte) to the end of its head.
  std::chrono::milliseconds header_timeout{10000};
  // From the end of the head to the end of the body.
  std::chrono::milliseconds body_timeout{10000};
  // A keep-alive connection waiting for its next request.
  std::chrono::milliseconds idle_timeout{5000};
  // An answer the client does not take: this long without any progress closes it.
  std::chrono::milliseconds write_timeout{15000};
  // After an answer that closes the connection, unread input is drained this long
  // (so that the client reads the answer rather than a reset).
  std::chrono::milliseconds linger_timeout{2000};
  // At stop(): requests in flight get this long to finish.
  std::chrono::milliseconds drain_timeout{10000};
  size_t max_head_bytes = 16 * 1024;  // request line and header fields (414 or 431 beyond)
  size_t max_fields = 100;            // header fields (431 beyond)
  size_t max_body_bytes = 64 * 1024;  // Content-Length above this: 413
  // A larger limit for some requests (the staff pages' catalog upload): given the
  // head, the largest body allowed for it, or 0 for max_body_bytes. Called on the
  // connection thread, so it must be cheap. Such a body has upload_timeout to arrive.
  std::function<size_t(const RequestHead&)> upload_limit;
  std::chrono::milliseconds upload_timeout{600000};
  int max_connections = 4096;  // open connections at once
  int max_per_address = 64;    // open connections from one client address
  size_t max_queued = 256;     // complete requests waiting for a worker (503 beyond)
  int max_requests_per_connection = 10000;
  int workers = 8;
};

// A complete request, as a worker sees it.
struct HttpExchange {
  RequestHead head;
  std::string body;
  std::string peer;  // the address of the TCP peer
  std::chrono::steady_clock::time_point received;  // when the last byte of it arrived
};

// What a worker answers. Date, Server, Content-Length and Connection are added.
struct HttpAnswer {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool send_body = true;  // false for HEAD and 304 (Content-Length still says the size)
  bool close = false;     // close the connection after this answer
};

// What the connection layer counts, for /metrics. Written by its threads, read by any.
struct HttpStats {
  enum State { Idle, Head, Body, Queued, Writing, Lingering, kStates };
  static const char* state_name(int s);
  std::atomic<int64_t> connections[kStates] = {};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> refused_per_address{0};  // 503 at accept: the address is at its cap
  std::atomic<uint64_t> refused_full{0};         // 503 at accept: at max_connections and nothing to evict
  std::atomic<uint64_t> evicted{0};              // idle or incomplete connections closed to make room
  std::atomic<uint64_t> queue_full{0};           // 503: max_queued requests already waiting
  std::atomic<uint64_t> timeout_header{0}, timeout_body{0}, timeout_idle{0}, timeout_write{0};
  std::atomic<int64_t> queued{0};  // requests waiting for a worker
  std::atomic<int64_t> busy{0};    // workers running a request
  // Requests refused by the connection layer (malformed head, framing, limits), by status.
  void count_refusal(int status);
  std::map<int, uint64_t> refusals() const;

 private:
  mutable std::mutex mutex_;
  std::map<int, uint64_t> refusals_;
};

class HttpServer {
 public:
  // Runs a request on a worker thread. Exceptions become a plain 500.
  using Handler = std::function<HttpAnswer(HttpExchange&)>;
  // The answer to a request refused before any worker saw it (on the connection
  // thread; `head` is null when it could not be parsed). Exceptions become plain text.
  using Refusal = std::function<HttpAnswer(int status, const RequestHead* head, const std::string& what,
                                           const std::string& peer)>;
  // Addresses the per-address cap does not apply to (a trusted reverse proxy).
  using Exempt = std::function<bool(const std::string& peer)>;

  // `listen_fd` is a bound, listening socket; the server makes it non-blocking and
  // closes it when it stops.
  HttpServer(int listen_fd, HttpLimits limits, Handler handler, Refusal refusal, Exempt exempt);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Serves on the calling thread (the workers are its own) until stop(); then stops
  // accepting, closes idle and incomplete connections, lets requests in flight finish
  // (up to drain_timeout) and returns.
  void run();
  // From any thread.
  void stop();

  const HttpStats& stats() const;
  const HttpLimits& limits() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The status line (always HTTP/1.1 and the status's own reason phrase), the fields and
// the body of an answer, as sent.
std::string serialize_answer(const HttpAnswer& answer, bool keep_alive, bool http10);

}  // namespace monjo::web
