// `monjo serve [--bind 127.0.0.1] [--port 8080] [--threads N] …`: the public portal
// (README.md; docs/portal.md). The work is web::run_server; this file only wires the options.
#include <memory>
#include <string>

#include "archive/search/index_parts.h"
#include "tools/monjo/commands.h"
#include "web/server.h"

namespace monjo::tools {

void register_serve(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto options = std::make_shared<web::ServerOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the public portal over HTTP");
  cmd->add_option("--bind", options->bind, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", options->port, "Port to listen on (0: any free port, printed when ready)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", options->threads,
                  "Worker threads: requests handled at once (0: twice the cores, at least 4; now " +
                      std::to_string(web::default_threads()) + ")")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--max-connections", options->max_connections,
                  "Connections open at once (lowered to what the open-files limit allows)")
      ->capture_default_str()
      ->check(CLI::Range(16, 1000000));
  cmd->add_option("--max-per-address", options->max_per_address,
                  "Connections open at once from one client address (a trusted proxy has no cap)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--max-queued", options->max_queued, "Complete requests waiting for a worker (503 beyond)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--header-timeout", options->header_timeout_seconds, "Seconds to receive a request's head")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--body-timeout", options->body_timeout_seconds, "Seconds to receive a body after its head")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--keep-alive", options->keep_alive_seconds, "Seconds an idle connection is kept between requests")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--write-timeout", options->write_timeout_seconds,
                  "Seconds without progress after which an unread answer is dropped")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--base-url", options->base_url,
                  "Public URL of the site for sitemaps and permalinks (default: from the Host header)");
  cmd->add_option("--cache-mb", options->cache_mb, "Memory for the search-result cache in MiB (0: no cache)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  cmd->add_option("--shard", options->shards,
                  "Search the public index as these parts (tcp://host:port of xapian-tcpsrv, or directories; "
                  "docs/scaling.md)")
      ->check([](const std::string& url) {
        return archive::valid_part_url(url) ? std::string() : "not tcp://host:port or a directory: " + url;
      })
      ->allow_extra_args(false);  // one part per --shard: the words after it are the query
  cmd->add_flag("--no-access-log", "Do not write the access log to stderr");
  cmd->add_option("--trust-proxy", options->trusted_proxies,
                  "Reverse proxies (addresses or prefixes, comma-separated: 127.0.0.1,::1) whose X-Forwarded-For "
                  "gives the client address and whose X-Forwarded-Proto: https marks cookies Secure")
      ->delimiter(',');
  cmd->add_flag("--secure-cookies", options->secure_cookies,
                "Always mark the staff session cookie Secure (the site is served over HTTPS)");
  cmd->add_option("--intake-per-hour", options->intake_per_hour, "Use requests accepted per client address per hour")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--check-per-hour", options->check_per_hour,
                  "\"Check my request\" forms taken per client address per hour (each may mail a fresh link)")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->add_flag("--replica", options->replica,
                "Serve the public pages from the replicated public index alone (docs/scaling.md): no catalog; "
                "staff pages and use requests go to monjo.conf [replica] writer");
  cmd->callback([cmd, options, &global, &run] {
    run = [cmd, options, &global] {
      options->data_dir = global.data_dir;
      options->access_log = cmd->count("--no-access-log") == 0;
      return web::run_server(*options);
    };
  });
}

}  // namespace monjo::tools
