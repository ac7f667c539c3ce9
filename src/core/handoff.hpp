#pragma once
// Work handed to another core: an upload's bytes are hashed on a helper thread while the calling thread writes them
// to disk and reads the next ones from the socket, so ingest runs at the pace of the slowest stage rather than the
// sum of all. Never slower than doing the work in turn: if no helper has taken it by the time the caller needs the
// result, the caller runs it itself.
#include <atomic>
#include <exception>
#include <functional>

namespace filegate::core {

// Which helpers take the work. Computing (hashing) gets one thread per core beyond the first: more would only take
// turns on the same cores. Blocking I/O (a write that waits for the device) gets threads of its own, which sleep
// while the device works, so a waiting write never holds up hashing or the event loop.
enum class HelperPool { compute, blocking_io };

// Offers `work` to the process's helper threads of `pool` when constructed; join() returns once it has run, on a
// helper or, if none took it in time, on the calling thread. Not movable: the helpers hold its address until it is
// done.
class Handoff {
 public:
  explicit Handoff(std::function<void()> work, HelperPool pool = HelperPool::compute);
  ~Handoff();  // joins; an error that nobody joined for is dropped
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  // Rethrows what the work threw. Call at most once.
  void join();

 private:
  friend class Helpers;
  void run() noexcept;

  std::function<void()> work_;
  HelperPool pool_;
  std::exception_ptr error_;
  std::atomic<bool> done_{false};
  bool joined_ = false;
};

}  // namespace filegate::core
