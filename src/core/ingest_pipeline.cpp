#include "core/ingest_pipeline.hpp"

#include <algorithm>
#include <cstring>
#include <new>
#include <stdexcept>

namespace filegate::core {
namespace {

// Below this a hand-off costs more than it saves: the bytes are hashed on the calling thread.
constexpr std::size_t kHandOffFrom = 64 * 1024;

}  // namespace

void IngestPipeline::AlignedFree::operator()(std::byte* p) const {
  ::operator delete[](p, std::align_val_t{kBufferAlignment});
}

IngestPipeline::IngestPipeline(bool with_md5, Sink sink) : hasher_(with_md5), sink_(std::move(sink)) {}

IngestPipeline::~IngestPipeline() {
  // Helpers may still be reading buffers_ (an error cut the upload short): wait for them before the buffers go.
  write_lane_.reset();
  md5_lane_.reset();
  main_lane_.reset();
}

std::span<std::byte> IngestPipeline::next_buffer() {
  auto& buffer = buffers_[current_];
  // Allocated on first use, uninitialised: a small upload touches one page of its first buffer and none of the other.
  if (!buffer) {
    buffer.reset(static_cast<std::byte*>(::operator new[](kBufferSize, std::align_val_t{kBufferAlignment})));
  }
  return {buffer.get() + filled_, kBufferSize - filled_};
}

void IngestPipeline::commit(std::size_t n) {
  if (n > kBufferSize - filled_) throw std::out_of_range("commit beyond the buffer handed out");
  filled_ += n;
  size_ += n;
  if (filled_ == kBufferSize) flush();
}

void IngestPipeline::write(std::span<const std::byte> data) {
  while (!data.empty()) {
    const std::span<std::byte> room = next_buffer();
    const std::size_t n = std::min(room.size(), data.size());
    std::memcpy(room.data(), data.data(), n);
    data = data.subspan(n);
    commit(n);
  }
}

Digests IngestPipeline::finish() {
  flush();
  join_lanes();
  return hasher_.finish();
}

void IngestPipeline::flush() {
  if (filled_ == 0) return;
  // The previous buffer's hashing and writing must end before this one's start (digests and file run in order), and
  // before that buffer is filled again, which happens right after this.
  join_lanes();
  const std::span<const std::byte> chunk(buffers_[current_].get(), filled_);
  if (chunk.size() < kHandOffFrom) {
    hasher_.update(chunk);
    sink_(chunk);
  } else if (hasher_.has_md5()) {
    // MD5, the slowest, is offered first: with one helper it gets MD5 and this thread (at the next join) the rest.
    md5_lane_.emplace([this, chunk] { hasher_.update_md5_lane(chunk); });
    main_lane_.emplace([this, chunk] { hasher_.update_main_lane(chunk); });
  } else {
    main_lane_.emplace([this, chunk] { hasher_.update(chunk); });
  }
  // The write waits for the device (O_DIRECT): on a thread of its own, while this one reads the next bytes.
  if (chunk.size() >= kHandOffFrom) write_lane_.emplace([this, chunk] { sink_(chunk); }, HelperPool::blocking_io);
  current_ ^= 1;
  filled_ = 0;
}

void IngestPipeline::join_lanes() {
  // Every lane is joined even if one throws, so no helper is left reading a buffer.
  std::exception_ptr error;
  for (auto* lane : {&main_lane_, &md5_lane_, &write_lane_}) {
    if (!*lane) continue;
    try {
      (*lane)->join();
    } catch (...) {
      if (!error) error = std::current_exception();
    }
    lane->reset();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace filegate::core
