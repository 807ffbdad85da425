// `monjo serve`: the public portal and the staff pages (docs/portal.md). The sockets are
// web/http/http_server.h's (one connection thread, requests handed to the workers once
// complete); each worker thread owns one read-only Catalog and one public Searcher,
// refreshed on every request so an import or review is picked up, and one read-write
// connection for the staff stores. Access log (combined format) and errors go to stderr.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace monjo::web {

struct ServerOptions {
  std::string data_dir;
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (printed when ready)
  // Worker threads: requests handled at once (connections are not tied to them).
  // 0: kDefaultThreads.
  int threads = 0;
  std::string base_url;  // public URL for sitemaps and permalinks; empty: from Host
  bool access_log = true;
  int max_connections = 4096;  // open at once (lowered to what the descriptor limit allows)
  int max_per_address = 64;    // open at once from one client address (a trusted proxy has no cap)
  int max_queued = 256;        // complete requests waiting for a worker
  int header_timeout_seconds = 10;  // to receive a request's head
  int body_timeout_seconds = 10;    // to receive its body after the head
  int keep_alive_seconds = 5;       // an idle connection between requests
  int write_timeout_seconds = 15;   // an answer the client does not read
  // Reverse proxies whose X-Forwarded-For (the client address) and X-Forwarded-Proto
  // (https: Secure cookies) are believed: addresses or prefixes ("127.0.0.1",
  // "::1", "10.0.0.0/8"). Empty: both headers are ignored, since a client could
  // otherwise forge them.
  std::vector<std::string> trusted_proxies;
  // Always mark the session cookie Secure (the site is only reached over HTTPS).
  bool secure_cookies = false;
  int intake_per_hour = 10;  // use requests accepted per client address per hour
  int check_per_hour = 5;    // "check my request" forms taken per client address per hour
  // Memory for the shared search-result cache (archive/search/search_cache.h), in MiB; 0: off.
  int cache_mb = 64;
  // The public index as parts searched as one (archive/search/index_parts.h):
  // "tcp://host:port" of xapian-tcpsrv, or directories. Empty: <data>/index/public.
  std::vector<std::string> shards;
  // A read replica (docs/scaling.md): the public pages from the replicated public
  // index at <data_dir>/index/public alone (xapian-replicate's layout; no catalog),
  // the writer's routes sent to monjo.conf [replica] writer (307) or refused (503).
  bool replica = false;
};

// The worker count for ServerOptions::threads 0: twice the cores, at least 4.
// Workers only compute (sockets are the connection thread's), and a few wait on
// SQLite or the disk now and then.
int default_threads();

// Who may speak for the client (ServerOptions::trusted_proxies). Throws
// archive::InputError on an entry that is not an address or prefix.
class ProxyTrust {
 public:
  explicit ProxyTrust(const std::vector<std::string>& entries);
  bool empty() const { return nets_.empty(); }
  bool trusts(const std::string& address) const;
  // The client behind a trusted peer: X-Forwarded-For read from the right, skipping
  // the trusted proxies; the peer itself when it is not trusted or names no one.
  std::string client(const std::string& peer, const std::string& forwarded_for) const;

 private:
  struct Net;
  std::vector<std::shared_ptr<const Net>> nets_;
};

// Raises the soft limit on open files to the hard one, serves until SIGTERM or
// SIGINT, then stops accepting, lets requests in flight finish (up to 10 s) and
// returns 0. Throws archive::Error when the data directory has no catalog or the
// address cannot be bound.
int run_server(const ServerOptions& options);

}  // namespace monjo::web
