// `monjo serve [--bind 127.0.0.1] [--port 8080] [--threads N]`: the public portal
// (DESIGN §8, §9). The work is web::run_server; this file only wires the options.
#include <memory>
#include <string>

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
  cmd->add_option(
         "--threads", options->threads,
         "Worker threads = keep-alive connections served at once (0: " + std::to_string(web::kDefaultThreads) + ")")
      ->capture_default_str()
      ->check(CLI::Range(0, 1024));
  cmd->add_option("--base-url", options->base_url,
                  "Public URL of the site for sitemaps and permalinks (default: from the Host header)");
  cmd->add_option("--cache-mb", options->cache_mb, "Memory for the search-result cache in MiB (0: no cache)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65536));
  cmd->add_flag("--no-access-log", "Do not write the access log to stderr");
  cmd->add_flag("--trust-proxy", options->trust_proxy,
                "Behind a reverse proxy: client address from X-Forwarded-For, TLS from X-Forwarded-Proto");
  cmd->add_flag("--secure-cookies", options->secure_cookies,
                "Always mark the staff session cookie Secure (the site is served over HTTPS)");
  cmd->add_option("--intake-per-hour", options->intake_per_hour, "Use requests accepted per client address per hour")
      ->capture_default_str()
      ->check(CLI::Range(1, 100000));
  cmd->callback([cmd, options, &global, &run] {
    run = [cmd, options, &global] {
      options->data_dir = global.data_dir;
      options->access_log = cmd->count("--no-access-log") == 0;
      return web::run_server(*options);
    };
  });
}

}  // namespace monjo::tools
