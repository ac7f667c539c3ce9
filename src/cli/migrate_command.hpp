#pragma once
// `filegate migrate --from DATA_DIR --to postgresql://… --to s3://…`: moves an embedded store into the one several
// nodes share (core/store_migration.hpp does the moving; this checks the locations and reports).
#include <CLI/CLI.hpp>

namespace filegate::cli {

void add_migrate_command(CLI::App& app);

}  // namespace filegate::cli
