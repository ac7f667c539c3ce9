#pragma once
// Where a store lives: the data dir (blobs, and the metadata unless it lives elsewhere) and, for nodes that share
// their metadata, a PostgreSQL URL.
#include <filesystem>
#include <string>

namespace filegate::cli {

struct StoreLocation {
  std::filesystem::path data_dir = "data";
  std::string metadata_url;  // empty: SQLite in the data dir (the embedded default)
};

}  // namespace filegate::cli
