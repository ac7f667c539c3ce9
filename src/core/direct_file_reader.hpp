#pragma once
// Reads a file that is not expected in the page cache (an upload part, written with O_DIRECT and read back once when
// the upload is assembled) straight into the caller's buffer where the alignment allows, and through the page cache
// where it does not. Reading a cold file through the cache costs a fresh page per 4 KiB and a copy out of it; the
// device can put the bytes where they are wanted instead.
#include <cstdint>
#include <filesystem>
#include <span>

#include "core/unique_fd.hpp"

namespace filegate::core {

class DirectFileReader {
 public:
  // Opens `path` for reading. Throws std::system_error.
  explicit DirectFileReader(const std::filesystem::path& path);

  std::uint64_t size() const { return size_; }
  // Fills `into` from `offset`; throws std::runtime_error if the file ends first, std::system_error on I/O errors.
  void read_exactly(std::span<std::byte> into, std::uint64_t offset) const;

 private:
  std::filesystem::path path_;
  UniqueFd buffered_;
  UniqueFd direct_;  // not open where the file system has no O_DIRECT
  std::uint64_t size_ = 0;
};

}  // namespace filegate::core
