#include "core/handoff.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace filegate::core {

// Writes in flight at once, across all uploads; beyond that a write runs on its caller when joined.
constexpr unsigned kBlockingIoThreads = 4;

// Whether a helper has taken a handoff is told by the queue (withdraw); only its completion needs a flag.
class Helpers {
 public:
  // Leaked on purpose: helper threads may still sit in wait() while static objects are destroyed at exit.
  static Helpers& of(HelperPool pool) {
    if (pool == HelperPool::blocking_io) {
      static Helpers* io = new Helpers(kBlockingIoThreads);
      return *io;
    }
    static Helpers* compute = new Helpers(std::max(2u, std::thread::hardware_concurrency()) - 1);
    return *compute;
  }

  void offer(Handoff& handoff) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(&handoff);
    }
    wake_.notify_one();
  }

  // Takes the handoff back if no helper has started it yet.
  bool withdraw(Handoff& handoff) {
    std::lock_guard lock(mutex_);
    auto it = std::find(queue_.begin(), queue_.end(), &handoff);
    if (it == queue_.end()) return false;
    queue_.erase(it);
    return true;
  }

  // Returns once the helper that finished `handoff` has let go of it.
  void wait_until_done(Handoff& handoff) {
    while (!handoff.done_.load(std::memory_order_acquire)) handoff.done_.wait(false, std::memory_order_acquire);
    std::lock_guard lock(mutex_);
  }

 private:
  explicit Helpers(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) std::thread([this] { serve(); }).detach();
  }

  void serve() {
    for (;;) {
      Handoff* handoff = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        handoff = queue_.front();
        queue_.pop_front();
      }
      handoff->run();
      // Under the lock, so the owner cannot see `done_` and free the handoff before notify_one is through with it.
      std::lock_guard lock(mutex_);
      handoff->done_.store(true, std::memory_order_release);
      handoff->done_.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Handoff*> queue_;
};

Handoff::Handoff(std::function<void()> work, HelperPool pool) : work_(std::move(work)), pool_(pool) {
  Helpers::of(pool_).offer(*this);
}

Handoff::~Handoff() {
  if (joined_) return;
  try {
    join();
  } catch (...) {
    // The owner is unwinding from an error of its own, which is the one worth reporting.
  }
}

void Handoff::join() {
  joined_ = true;
  Helpers& helpers = Helpers::of(pool_);
  if (helpers.withdraw(*this)) {
    run();  // no helper was free: do it here, as a sequential program would have
  } else {
    helpers.wait_until_done(*this);
  }
  if (error_) std::rethrow_exception(error_);
}

void Handoff::run() noexcept {
  try {
    work_();
  } catch (...) {
    error_ = std::current_exception();
  }
}

}  // namespace filegate::core
