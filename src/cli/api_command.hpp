#pragma once
// `filegate api METHOD PATH [JSON]`: any call of a running server's admin API (docs/admin-api.md), for what has no
// command of its own, such as a Feishu user sending a message to a bot (`filegate api POST feishu/messages '{…}'`).
#include <CLI/CLI.hpp>

namespace filegate::cli {

void add_api_command(CLI::App& app);

}  // namespace filegate::cli
