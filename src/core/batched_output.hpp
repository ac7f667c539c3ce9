#pragma once
// Text from many threads delivered to one FILE* in batches. Callers only copy into a buffer; one flusher thread
// writes what has gathered at most `delay` after it arrived, so a busy server makes one write() per batch rather
// than one per line, and an idle one still shows its last line within `delay`.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace filegate::core {

class BatchedOutput {
 public:
  BatchedOutput(std::FILE* out, std::chrono::milliseconds delay);
  // Writes what is still buffered.
  ~BatchedOutput();
  BatchedOutput(const BatchedOutput&) = delete;
  BatchedOutput& operator=(const BatchedOutput&) = delete;

  // Buffers `text`, whole: batches never split it. When the buffer is far ahead of the flusher (a full batch
  // waiting), the caller writes it itself, so memory stays bounded however slow the output is.
  void append(std::string_view text);
  // Writes everything appended so far, and fflush()es `out`, before it returns.
  void flush();

 private:
  void flusher_loop(const std::stop_token& stop);
  void write_pending();

  std::FILE* out_;
  const std::chrono::milliseconds delay_;
  // Held while a batch is written, so batches reach `out_` in the order they were taken from the buffer.
  std::mutex write_mutex_;
  std::mutex buffer_mutex_;
  std::condition_variable_any pending_;
  std::string buffer_;
  std::jthread flusher_;
};

}  // namespace filegate::core
