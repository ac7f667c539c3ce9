#pragma once
// The TOML config file, read with filegate's precedence: command-line flags, then FILEGATE_* environment variables,
// then the file. CLI11 applies a config file before the environment (so the file would beat the environment); here a
// key whose option's environment variable is set is dropped from the file instead. A key that names no option is an
// error naming the key, and the file is read only when given: `--config FILE` or FILEGATE_CONFIG.
#include <CLI/CLI.hpp>

namespace filegate::cli {

// Adds `--config` to `app` and makes its file obey the rules above. Call before the options are parsed; `app` must
// outlive the parse.
void add_config_file_option(CLI::App& app);

}  // namespace filegate::cli
