#pragma once
// What O_DIRECT asks of a transfer: the buffer's address, its length and the file offset all on a device block
// boundary. One place for the reader, the writer and the buffers handed to them.
#include <cstddef>
#include <cstdint>

namespace filegate::core {

// Covers every common logical block size (512 B and 4 KiB); a device that wants more refuses with EINVAL, and the
// readers and writers then go through the page cache.
inline constexpr std::size_t kDirectIoAlignment = 4096;

inline bool direct_io_aligned(const void* data, std::size_t size, std::uint64_t offset) {
  return reinterpret_cast<std::uintptr_t>(data) % kDirectIoAlignment == 0 && size % kDirectIoAlignment == 0 &&
         offset % kDirectIoAlignment == 0;
}

}  // namespace filegate::core
