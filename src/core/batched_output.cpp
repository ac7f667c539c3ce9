#include "core/batched_output.hpp"

namespace filegate::core {
namespace {
// A batch this large is written without waiting for the delay; four of them waiting make the caller write.
constexpr std::size_t batch_bytes = 64 * 1024;
constexpr std::size_t caller_writes_at = 4 * batch_bytes;
}  // namespace

BatchedOutput::BatchedOutput(std::FILE* out, std::chrono::milliseconds delay)
    : out_(out), delay_(delay), flusher_([this](const std::stop_token& stop) { flusher_loop(stop); }) {
  buffer_.reserve(batch_bytes);
}

BatchedOutput::~BatchedOutput() {
  flusher_.request_stop();
  flusher_.join();
  flush();
}

void BatchedOutput::append(std::string_view text) {
  bool was_empty = false;
  bool caller_writes = false;
  {
    const std::lock_guard lock(buffer_mutex_);
    was_empty = buffer_.empty();
    buffer_.append(text);
    caller_writes = buffer_.size() >= caller_writes_at;
    // Only the first text of a batch and a full batch wake the flusher: one notification per batch, not per line.
    if (was_empty || buffer_.size() >= batch_bytes) pending_.notify_one();
  }
  if (caller_writes) write_pending();
}

void BatchedOutput::flush() {
  write_pending();
  const std::lock_guard lock(write_mutex_);
  std::fflush(out_);
}

void BatchedOutput::write_pending() {
  const std::lock_guard write_lock(write_mutex_);
  std::string batch;
  {
    const std::lock_guard lock(buffer_mutex_);
    batch.swap(buffer_);
    buffer_.reserve(batch_bytes);
  }
  if (batch.empty()) return;
  std::fwrite(batch.data(), 1, batch.size(), out_);
  std::fflush(out_);
}

void BatchedOutput::flusher_loop(const std::stop_token& stop) {
  std::unique_lock lock(buffer_mutex_);
  while (!stop.stop_requested()) {
    pending_.wait(lock, stop, [this] { return !buffer_.empty(); });
    if (stop.stop_requested()) return;
    // The first text of a batch has arrived: let more gather for `delay`, unless a full batch is already here.
    pending_.wait_for(lock, stop, delay_, [this] { return buffer_.size() >= batch_bytes; });
    lock.unlock();
    write_pending();
    lock.lock();
  }
}

}  // namespace filegate::core
