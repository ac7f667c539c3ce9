#pragma once
// The whole metadata as one SQLite file in the embedded store's schema, whatever the back end: a test service's reset
// point, the metadata of an export. The SQLite back end copies itself with VACUUM INTO; the others write their
// records and objects through this writer.
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/metadata_store.hpp"

namespace filegate::core {

class SqliteCopyWriter {
 public:
  // Starts a new file at `file`, replacing one that is there; nothing is visible there before finish().
  explicit SqliteCopyWriter(const std::filesystem::path& file);
  ~SqliteCopyWriter();
  SqliteCopyWriter(const SqliteCopyWriter&) = delete;
  SqliteCopyWriter& operator=(const SqliteCopyWriter&) = delete;

  void add_object(const ObjectRecord& object);
  void add_record(std::string_view ns, std::string_view key, std::string_view json_value);
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace filegate::core
