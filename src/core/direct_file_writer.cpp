#include "core/direct_file_writer.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>
#include <system_error>

#include "core/direct_io.hpp"
#include "core/errno_error.hpp"

namespace filegate::core {
namespace {

constexpr int kCreateFlags = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC;

}  // namespace

DirectFileWriter::DirectFileWriter(std::filesystem::path path) : path_(std::move(path)) {
  fd_ = UniqueFd(::open(path_.c_str(), kCreateFlags | O_DIRECT, 0600));
  direct_ = static_cast<bool>(fd_);
  // EINVAL: the file system has no O_DIRECT. Did the failed open create the file? Not on Linux (the flag is checked
  // before the inode is made), so O_EXCL can be asked for again.
  if (!fd_ && errno == EINVAL) fd_ = UniqueFd(::open(path_.c_str(), kCreateFlags, 0600));
  if (!fd_) throw_errno("create " + path_.string());
}

void DirectFileWriter::turn_buffered() {
  const int flags = ::fcntl(fd_.get(), F_GETFL);
  if (flags < 0 || ::fcntl(fd_.get(), F_SETFL, flags & ~O_DIRECT) != 0) throw_errno("fcntl " + path_.string());
  direct_ = false;
}

void DirectFileWriter::append(std::span<const std::byte> bytes) {
  if (direct_ && !direct_io_aligned(bytes.data(), bytes.size(), offset_)) turn_buffered();
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_.get(), bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      // The device wants a larger alignment than kDirectIoAlignment: nothing was written, so the same bytes go
      // buffered.
      if (errno == EINVAL && direct_) {
        turn_buffered();
        continue;
      }
      throw_errno("write " + path_.string());
    }
    bytes = bytes.subspan(static_cast<std::size_t>(n));
    offset_ += static_cast<std::size_t>(n);
    // A short direct write leaves the rest unaligned: the next round goes buffered.
    if (direct_ && !direct_io_aligned(bytes.data(), bytes.size(), offset_)) turn_buffered();
  }
}

void DirectFileWriter::sync_and_close() {
  if (::fsync(fd_.get()) != 0) throw_errno("fsync " + path_.string());
  fd_.reset();
}

}  // namespace filegate::core
