#pragma once
// Admin commands that work on a data dir directly, also while `filegate serve` runs on it.
#include <CLI/CLI.hpp>

#include <filesystem>

namespace filegate::cli {

// Adds `app`, `import`, `ls`, `message`, `space`, `dentry`, `doc`, `grant` and `upload` to `app`;
// `data_dir` is read when a command runs.
void add_admin_commands(CLI::App& app, const std::filesystem::path& data_dir);

}  // namespace filegate::cli
