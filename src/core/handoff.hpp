#pragma once
// Work handed to another core: an upload's bytes are hashed on a helper thread while the calling thread writes them
// to disk and reads the next ones from the socket, so ingest runs at the pace of the slowest stage rather than the
// sum of all. Never slower than doing the work in turn: if no helper has taken it by the time the caller needs the
// result, the caller runs it itself.
#include <atomic>
#include <exception>
#include <functional>

namespace filegate::core {

// Offers `work` to the process's helper threads (one per core beyond the first) when constructed; join() returns
// once it has run, on a helper or, if none took it in time, on the calling thread. Not movable: the helpers hold its
// address until it is done.
class Handoff {
 public:
  explicit Handoff(std::function<void()> work);
  ~Handoff();  // joins; an error that nobody joined for is dropped
  Handoff(const Handoff&) = delete;
  Handoff& operator=(const Handoff&) = delete;

  // Rethrows what the work threw. Call at most once.
  void join();

 private:
  friend class Helpers;
  void run() noexcept;

  std::function<void()> work_;
  std::exception_ptr error_;
  std::atomic<bool> done_{false};
  bool joined_ = false;
};

}  // namespace filegate::core
