#pragma once
// Content digests computed while bytes stream in: every checksum a dialect may have to quote back to a client.
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace filegate::core {

struct Digests {
  std::uint64_t size = 0;
  std::string sha256_hex;     // content address of the blob
  std::uint64_t crc64 = 0;    // CRC-64/XZ (a.k.a. CRC-64/ECMA reflected), as COS and SMH quote it
  std::uint32_t adler32 = 1;  // what Feishu Drive calls "checksum"
  std::string md5_hex;        // empty unless requested: only ETags that imitate OSS/COS need it
};

// Stand-alone checksum helpers, usable on any buffer (and in tests against published check values).
std::uint64_t crc64_xz(std::span<const std::byte> data, std::uint64_t previous = 0);
std::uint32_t adler32(std::span<const std::byte> data, std::uint32_t previous = 1);
std::string sha256_hex(std::span<const std::byte> data);
std::string to_hex(std::span<const unsigned char> bytes);

inline std::span<const std::byte> as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}

// Feeds every digest in one pass, so each byte is hashed while it is still in cache.
class StreamHasher {
 public:
  explicit StreamHasher(bool with_md5 = false);
  ~StreamHasher();
  StreamHasher(const StreamHasher&) = delete;
  StreamHasher& operator=(const StreamHasher&) = delete;

  void update(std::span<const std::byte> data);

  // The same work split in two lanes with disjoint state, which two threads may run at once on the same chunk:
  // MD5 is the slowest digest by far, so uploads that need it hash it beside the others instead of after them.
  bool has_md5() const;
  void update_md5_lane(std::span<const std::byte> data);
  void update_main_lane(std::span<const std::byte> data);  // everything but MD5
  Digests finish();

 private:
  struct Contexts;
  std::unique_ptr<Contexts> contexts_;
  Digests running_;
};

}  // namespace filegate::core
