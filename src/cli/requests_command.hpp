#pragma once
// `filegate requests`: the request journal of a running server (docs/admin-api.md, "Request journal"), listed or
// followed over its admin API.
#include <CLI/CLI.hpp>

namespace filegate::cli {

void add_requests_command(CLI::App& app);

}  // namespace filegate::cli
