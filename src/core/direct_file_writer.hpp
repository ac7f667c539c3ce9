#pragma once
// Appends to a new file, bypassing the page cache (O_DIRECT) where the file system and the bytes allow it.
//
// Why: an upload's bytes are written once and, at most, read back later; copying each of them into fresh page-cache
// pages was most of the CPU an upload cost (on a VM every fresh page may be a fault on the host as well). With
// O_DIRECT the device reads them straight out of the ingest buffer, as MinIO writes its objects.
//
// O_DIRECT needs the buffer address, length and file offset aligned to the device's block (core/direct_io.hpp). The
// ingest pipeline hands over aligned full buffers and one short tail; the first write that is not aligned (the
// tail), or that the file system refuses, turns the descriptor into an ordinary buffered one for the rest of the
// file. File systems without O_DIRECT (tmpfs) get buffered writes from the start. The caller still
// fsyncs: O_DIRECT skips the page cache, not the device's write cache, and the file's size is metadata.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

#include "core/unique_fd.hpp"

namespace filegate::core {

class DirectFileWriter {
 public:
  // Creates `path` (which must not exist) with mode 0600. Throws std::system_error.
  explicit DirectFileWriter(std::filesystem::path path);

  // Writes all of `bytes` at the end of the file. Throws std::system_error.
  void append(std::span<const std::byte> bytes);
  // Flushes to stable storage and closes. Throws std::system_error.
  void sync_and_close();

  // Whether the next aligned write would bypass the page cache.
  bool direct() const { return direct_; }
  // Bytes written so far.
  std::uint64_t size() const { return offset_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void turn_buffered();

  std::filesystem::path path_;
  UniqueFd fd_;
  bool direct_ = false;
  std::size_t offset_ = 0;
};

}  // namespace filegate::core
