#pragma once
// The path every uploaded byte takes on its way into the store: hashed (SHA-256, CRC-64/XZ, Adler-32, MD5 when an
// ETag needs it) and handed to a sink that persists it, in one pass while the bytes are still in cache.
//
// It is a pipeline over two buffers. The caller fills one (straight from the socket or file: next_buffer/commit,
// no copy); when it is full, a helper core starts hashing it, a blocking-I/O helper passes it to the sink, and the
// caller goes on to fill the other. So reading, writing and hashing overlap, and ingest runs at the pace of the
// slowest of them rather than their sum; an event loop that reads an upload never waits for the disk. Before a
// buffer is reused, its hashing and writing are joined, which also keeps the digests and the sink's bytes in order.
// The sink is called by one thread at a time, but not always the caller's.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>

#include "core/digests.hpp"
#include "core/handoff.hpp"

namespace filegate::core {

class IngestPipeline {
 public:
  using Sink = std::function<void(std::span<const std::byte>)>;

  // Buffers are this large: enough that handing one to another core pays for itself, small enough to stay in a
  // core's cache between being read and being hashed.
  static constexpr std::size_t kBufferSize = 512 * 1024;
  // Every buffer starts at a multiple of this, and every full buffer is a multiple of it long.
  static constexpr std::size_t kBufferAlignment = 4096;

  IngestPipeline(bool with_md5, Sink sink);
  ~IngestPipeline();  // waits for hashing in flight: it reads our buffers
  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Room for the next bytes (never empty); after filling some of it, say how much with commit().
  std::span<std::byte> next_buffer();
  void commit(std::size_t n);

  // For callers that already hold the bytes elsewhere: copies them in.
  void write(std::span<const std::byte> data);

  // Hands the last bytes to the sink and returns the digests of everything. Nothing may be written after it.
  Digests finish();

  // Bytes accepted so far, including those not yet handed to the sink.
  std::uint64_t size() const { return size_; }

 private:
  void flush();
  void join_lanes();

  StreamHasher hasher_;
  Sink sink_;
  // Page-aligned, so a sink may hand full buffers to the device directly (O_DIRECT).
  struct AlignedFree {
    void operator()(std::byte* p) const;
  };
  std::array<std::unique_ptr<std::byte[], AlignedFree>, 2> buffers_;
  int current_ = 0;
  std::size_t filled_ = 0;
  std::uint64_t size_ = 0;
  // The buffer last flushed, while helpers hash it (the main lane, and MD5 beside it when asked for) and hand it to
  // the sink (the write lane).
  std::optional<Handoff> main_lane_;
  std::optional<Handoff> md5_lane_;
  std::optional<Handoff> write_lane_;
};

}  // namespace filegate::core
