// The `monjo` command: one file per subcommand (cmd_<name>.cc), each adding itself
// to the CLI11 app through a register function listed in main.cc. Shared options
// (--data) and the error-to-exit-code mapping live in main.cc.
#pragma once

#include <CLI/CLI.hpp>

#include <fstream>
#include <functional>
#include <string>

namespace monjo::tools {

struct GlobalOptions {
  std::string data_dir;  // --data DIR, default $MONJO_DATA, else ./var
};

// Each register_* adds a subcommand whose callback runs the work and returns an exit
// code via the `run` it sets. Errors are thrown (archive::InputError → "file:line:
// message", exit 1; other archive errors → message, exit 1).
using Runner = std::function<int()>;

void register_sample(CLI::App& app, GlobalOptions& global, Runner& run);
void register_import(CLI::App& app, GlobalOptions& global, Runner& run);
void register_reindex(CLI::App& app, GlobalOptions& global, Runner& run);
void register_search(CLI::App& app, GlobalOptions& global, Runner& run);
void register_serve(CLI::App& app, GlobalOptions& global, Runner& run);
void register_user(CLI::App& app, GlobalOptions& global, Runner& run);
void register_review(CLI::App& app, GlobalOptions& global, Runner& run);
void register_export(CLI::App& app, GlobalOptions& global, Runner& run);
void register_audit(CLI::App& app, GlobalOptions& global, Runner& run);
void register_purge(CLI::App& app, GlobalOptions& global, Runner& run);
void register_check(CLI::App& app, GlobalOptions& global, Runner& run);
void register_backup(CLI::App& app, GlobalOptions& global, Runner& run);
void register_template(CLI::App& app, GlobalOptions& global, Runner& run);
void register_selection(CLI::App& app, GlobalOptions& global, Runner& run);

// Where `monjo export` and `monjo template` write: `path` ("" or "-": stdout, opened
// into `file` otherwise). Binary output (XLSX) is refused on a terminal.
std::ostream& output_to(const std::string& path, bool binary, std::ofstream& file);

// True when stderr is a terminal (progress display).
bool stderr_is_tty();

}  // namespace monjo::tools
