// `monjo sample --volumes N [--seed S] --out FILE`.
#include <fstream>
#include <iostream>

#include "archive/base/errors.h"
#include "tools/monjo/commands.h"
#include "tools/monjo/sample.h"

namespace monjo::tools {

void register_sample(CLI::App& app, GlobalOptions&, Runner& run) {
  auto* cmd = app.add_subcommand("sample", "Write a realistic sample collection in the catalog XML format");
  auto options = std::make_shared<SampleOptions>();
  auto out = std::make_shared<std::string>();
  cmd->add_option("--volumes", options->volumes, "Number of volumes (簿冊), default 1700")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--seed", options->seed, "Random seed (same seed, same file)");
  cmd->add_option("--out", *out, "Output file (- for stdout)")->required();
  cmd->callback([&run, options, out] {
    run = [options, out] {
      SampleStats stats;
      if (*out == "-") {
        stats = write_sample(std::cout, *options);
      } else {
        std::ofstream file(*out, std::ios::binary);
        if (!file) throw archive::Error("cannot write " + *out);
        stats = write_sample(file, *options);
        file.close();
        if (!file) throw archive::Error("error writing " + *out);
      }
      std::cerr << "sample: " << stats.fonds << " fonds, " << stats.series << " series, " << stats.volumes
                << " volumes, " << stats.items << " items\n";
      return 0;
    };
  });
}

}  // namespace monjo::tools
