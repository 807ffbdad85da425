// `monjo user add|list|passwd|disable`: staff accounts from the command line. The
// password is read from stdin (one line), so it never appears in the process list
// or the shell history; on a terminal it is asked for without echo.
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "archive/staff/audit.h"
#include "archive/catalog/catalog.h"
#include "archive/base/errors.h"
#include "archive/staff/roles.h"
#include "archive/staff/users.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/data_dir.h"

namespace monjo::tools {

namespace {

std::string read_password(const std::string& prompt) {
  bool tty = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << '\n';
  }
  if (!got) throw archive::InputError("no password on stdin (one line is expected)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

struct Staff {
  archive::Catalog catalog;
  archive::AuditTrail audit;
  archive::UserStore users;
  explicit Staff(const std::string& data_dir, archive::Catalog::Mode mode = archive::Catalog::Mode::ReadWrite)
      : catalog(catalog_path(data_dir), mode), audit(catalog.db()), users(catalog.db(), audit) {}
};

}  // namespace

void register_user(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("user", "Manage staff accounts (password from stdin)");
  cmd->require_subcommand(1);

  auto* add = cmd->add_subcommand("add", "Create a staff account; the password is read from stdin");
  auto name = std::make_shared<std::string>();
  auto role = std::make_shared<std::string>();
  add->add_option("NAME", *name, "Account name ([A-Za-z0-9._-], at most 64)")->required();
  add->add_option("--role", *role, "archivist | officer | supervisor | admin")->required();
  add->callback([&global, &run, name, role] {
    run = [&global, name, role] {
      auto parsed = archive::staff_role_from_name(*role);
      if (!parsed) {
        throw archive::InputError("--role \"" + *role +
                                  "\" is not a staff role (archivist, officer, supervisor, admin)");
      }
      std::string password = read_password("password for " + *name + ": ");
      ensure_data_dir(global.data_dir);
      Staff staff(global.data_dir);
      staff.users.create_user(*name, *parsed, password, cli_actor());
      std::cout << "created " << *name << " (" << archive::role_name(*parsed) << ")\n";
      return 0;
    };
  });

  auto* list = cmd->add_subcommand("list", "List staff accounts");
  list->callback([&global, &run] {
    run = [&global] {
      require_catalog(global.data_dir);
      Staff staff(global.data_dir, archive::Catalog::Mode::ReadOnly);
      for (const auto& u : staff.users.list()) {
        std::cout << u.name << '\t' << archive::role_name(u.role) << '\t' << (u.active ? "active" : "disabled") << '\t'
                  << u.created_at << '\n';
      }
      return 0;
    };
  });

  auto* passwd = cmd->add_subcommand("passwd", "Set an account's password (read from stdin); ends its sessions");
  auto passwd_name = std::make_shared<std::string>();
  passwd->add_option("NAME", *passwd_name, "Account name")->required();
  passwd->callback([&global, &run, passwd_name] {
    run = [&global, passwd_name] {
      require_catalog(global.data_dir);
      Staff staff(global.data_dir);
      if (!staff.users.find(*passwd_name)) throw archive::NotFound("no staff account \"" + *passwd_name + "\"");
      std::string password = read_password("new password for " + *passwd_name + ": ");
      staff.users.set_password(*passwd_name, password, cli_actor());
      std::cout << "password changed for " << *passwd_name << "\n";
      return 0;
    };
  });

  auto* disable = cmd->add_subcommand("disable", "Disable an account and end its sessions");
  auto disable_name = std::make_shared<std::string>();
  disable->add_option("NAME", *disable_name, "Account name")->required();
  disable->callback([&global, &run, disable_name] {
    run = [&global, disable_name] {
      require_catalog(global.data_dir);
      Staff staff(global.data_dir);
      staff.users.deactivate(*disable_name, cli_actor());
      std::cout << "disabled " << *disable_name << "\n";
      return 0;
    };
  });
  // --data after the nested subcommand too: `monjo user add --data DIR`.
  for (auto* sub : cmd->get_subcommands({})) {
    sub->add_option("--data", global.data_dir, "Data directory (default $MONJO_DATA, else ./var)");
  }
}

}  // namespace monjo::tools
