#pragma once
// `filegate fault add|list|rm`: the fault rules of a running server (docs/faults.md), over its admin API.
#include <CLI/CLI.hpp>

namespace filegate::cli {

void add_fault_command(CLI::App& app);

}  // namespace filegate::cli
