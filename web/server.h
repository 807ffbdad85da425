// `monjo serve`: the public portal and the staff pages over Poco::Net::HTTPServer
// (DESIGN §9). A worker pool sized to the machine; each worker thread owns one
// read-only Catalog and one public Searcher, refreshed on every request so an import
// or review is picked up, and one read-write connection for the staff stores.
// Access log (combined format) and errors go to stderr.
#pragma once

#include <string>

namespace monjo::web {

struct ServerOptions {
  std::string data_dir;
  std::string bind = "127.0.0.1";
  int port = 8080;  // 0: pick a free port (printed when ready)
  // Poco keeps a worker thread per open keep-alive connection, so this bounds the
  // connections served at once, not the CPU used. 0: kDefaultThreads.
  int threads = 0;
  std::string base_url;  // public URL for sitemaps and permalinks; empty: from Host
  bool access_log = true;
  int max_queued = 256;      // connections waiting for a worker
  int timeout_seconds = 15;  // socket read/write timeout (slow clients)
  int keep_alive_seconds = 5;
  // Behind a reverse proxy: take the client address from X-Forwarded-For (its last
  // entry) and TLS from X-Forwarded-Proto: https. Off by default, since a client
  // could otherwise forge both.
  bool trust_proxy = false;
  // Always mark the session cookie Secure (the site is only reached over HTTPS).
  bool secure_cookies = false;
  int intake_per_hour = 10;  // use requests accepted per client address per hour
  // Memory for the shared search-result cache (archive/search_cache.h), in MiB; 0: off.
  int cache_mb = 64;
};

// Enough threads for 64 keep-alive connections at once (browsers open up to 6 each).
constexpr int kDefaultThreads = 64;

// Serves until SIGTERM or SIGINT, then stops accepting, lets requests in flight
// finish (up to 10 s) and returns 0. Throws archive::Error when the data directory
// has no catalog or the address cannot be bound.
int run_server(const ServerOptions& options);

}  // namespace monjo::web
