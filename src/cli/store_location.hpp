#pragma once
// Where a store lives: the data dir (blobs and metadata unless they live elsewhere; with an S3 store, this node's
// upload stages and read cache) and, for nodes that share one store, a PostgreSQL URL and an S3 bucket.
#include <filesystem>
#include <string>

namespace filegate::cli {

struct StoreLocation {
  std::filesystem::path data_dir = "data";
  std::string metadata_url;  // empty: SQLite in the data dir (the embedded default)
  std::string blobs_url;     // empty: the data dir; s3://bucket…: an S3-compatible store (cli/blob_location.hpp)
};

}  // namespace filegate::cli
