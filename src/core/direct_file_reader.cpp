#include "core/direct_file_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <string>
#include <system_error>

#include "core/direct_io.hpp"
#include "core/errno_error.hpp"

namespace filegate::core {
namespace {

void pread_exactly(int fd, std::span<std::byte> into, std::uint64_t offset, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < into.size()) {
    const ssize_t n = ::pread(fd, into.data() + done, into.size() - done, static_cast<off_t>(offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("read " + path.string());
    if (n == 0) throw std::runtime_error(path.string() + " is shorter than expected");
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

DirectFileReader::DirectFileReader(const std::filesystem::path& path) : path_(path) {
  buffered_ = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!buffered_) throw_errno("open " + path.string());
  struct stat st {};
  if (::fstat(buffered_.get(), &st) != 0) throw_errno("stat " + path.string());
  size_ = static_cast<std::uint64_t>(st.st_size);
  direct_ = UniqueFd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT));  // may fail: buffered reads only
}

void DirectFileReader::read_exactly(std::span<std::byte> into, std::uint64_t offset) const {
  if (offset + into.size() > size_) throw std::runtime_error(path_.string() + " is shorter than expected");
  const bool direct = direct_ && direct_io_aligned(into.data(), into.size(), offset);
  // A direct read the device refuses (a larger block than kDirectIoAlignment) reads nothing: the cache path then serves
  // it.
  if (direct) {
    try {
      pread_exactly(direct_.get(), into, offset, path_);
      return;
    } catch (const std::system_error& e) {
      if (e.code().value() != EINVAL) throw;
    }
  }
  pread_exactly(buffered_.get(), into, offset, path_);
}

}  // namespace filegate::core
