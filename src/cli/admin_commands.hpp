#pragma once
// Admin commands that work on a data dir directly, also while `filegate serve` runs on it.
#include <CLI/CLI.hpp>

#include "cli/store_location.hpp"

namespace filegate::cli {

// Adds `app`, `import`, `ls`, `message`, `space`, `dentry`, `doc`, `grant` and `upload` to `app`;
// `location` is read when a command runs.
void add_admin_commands(CLI::App& app, const StoreLocation& location);

}  // namespace filegate::cli
