// The `monjo` command (README.md): wires archive/, indexer/ and web/ together.
// Each subcommand lives in its own cmd_<name>.cc; errors are mapped to messages
// and exit codes here, in one place.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "archive/base/errors.h"
#include "archive/search/search.h"
#include "archive/base/sqlite.h"
#include "tools/monjo/commands.h"

namespace monjo::tools {
bool stderr_is_tty() {
  return isatty(STDERR_FILENO) == 1;
}
}  // namespace monjo::tools

int main(int argc, char** argv) {
  using namespace monjo;
  CLI::App app{"monjo — records archive system for a municipal archive (公文書館)"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every subcommand");
  tools::GlobalOptions global;
  const char* env = std::getenv("MONJO_DATA");
  global.data_dir = env && *env ? env : "./var";
  app.add_option("--data", global.data_dir, "Data directory (default $MONJO_DATA, else ./var)");
  tools::Runner run;
  tools::register_sample(app, global, run);
  tools::register_import(app, global, run);
  tools::register_export(app, global, run);
  tools::register_reindex(app, global, run);
  tools::register_search(app, global, run);
  tools::register_review(app, global, run);
  tools::register_user(app, global, run);
  tools::register_audit(app, global, run);
  tools::register_purge(app, global, run);
  tools::register_check(app, global, run);
  tools::register_backup(app, global, run);
  tools::register_template(app, global, run);
  tools::register_selection(app, global, run);
#ifdef MONJO_HAVE_WEB
  tools::register_serve(app, global, run);
#endif
  for (auto* sub : app.get_subcommands({})) {
    // --data is accepted after the subcommand too: `monjo import --data DIR FILE`.
    sub->add_option("--data", global.data_dir, "Data directory (default $MONJO_DATA, else ./var)");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return run ? run() : 0;
  } catch (const archive::InputError& e) {
    std::cerr << e.report() << '\n';
    if (const auto* all = dynamic_cast<const archive::InputErrors*>(&e)) {
      std::cerr << "monjo: " << all->count() << " problems; nothing was changed\n";
    }
    return 1;
  } catch (const archive::IndexDamaged& e) {
    std::cerr << "monjo: " << e.what() << "\n  " << e.problem() << '\n';
    return 1;
  } catch (const archive::NotFound& e) {
    std::cerr << "monjo: not found: " << e.what() << '\n';
    return 1;
  } catch (const archive::Error& e) {
    std::cerr << "monjo: " << e.what() << '\n';
    return 1;
  } catch (const archive::sql::Error& e) {
    std::cerr << "monjo: catalog: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "monjo: " << e.what() << '\n';
    return 1;
  }
}
