#pragma once
// The whole state of a store as one tar file: `metadata.sqlite3` (a copy of every record and object, in the embedded
// store's schema) and `blobs/<sha256>` for every blob an object refers to. What GET /_filegate/api/v1/export sends and
// POST …/import restores, so a test's state can be kept, compared or carried to another data dir.
#include <filesystem>
#include <stdexcept>

#include "dialects/dialect.hpp"

namespace filegate::control {

// An archive that cannot be imported (not a tar, an unknown entry, a blob whose bytes do not match its name, an object
// whose blob is missing). Nothing of it has been applied.
class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes the archive of `store` to `archive` (a new file); `scratch_dir` holds the metadata copy meanwhile.
void write_state_archive(core::Store& store, const std::filesystem::path& archive,
                         const std::filesystem::path& scratch_dir);

// Replaces the whole state with the archive's (read from the open descriptor `archive_fd`): its blobs are stored
// (each checked against its SHA-256), then its records and objects replace the store's; see restore_state.
void read_state_archive(dialects::Services& services, int archive_fd, const std::filesystem::path& scratch_dir);

}  // namespace filegate::control
