#include "core/fork_join.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

namespace filegate::core {
namespace {

// Whether a helper has taken the job is told by the queue (withdraw); only its completion needs a flag.
struct Job {
  const std::function<void()>* work;
  std::exception_ptr error;
  std::atomic<bool> done{false};
};

class Helpers {
 public:
  // Leaked on purpose: helper threads may still sit in wait() while static objects are destroyed at exit.
  static Helpers& instance() {
    static Helpers* helpers = new Helpers(std::max(2u, std::thread::hardware_concurrency()) - 1);
    return *helpers;
  }

  void offer(Job& job) {
    {
      std::lock_guard lock(mutex_);
      queue_.push_back(&job);
    }
    wake_.notify_one();
  }

  // Returns once the helper that finished `job` has let go of it.
  void release(Job&) { std::lock_guard lock(mutex_); }

  // Takes the job back if no helper has started it yet.
  bool withdraw(Job& job) {
    std::lock_guard lock(mutex_);
    auto it = std::find(queue_.begin(), queue_.end(), &job);
    if (it == queue_.end()) return false;
    queue_.erase(it);
    return true;
  }

 private:
  explicit Helpers(unsigned threads) {
    for (unsigned i = 0; i < threads; ++i) std::thread([this] { serve(); }).detach();
  }

  void serve() {
    for (;;) {
      Job* job = nullptr;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [this] { return !queue_.empty(); });
        job = queue_.front();
        queue_.pop_front();
      }
      try {
        (*job->work)();
      } catch (...) {
        job->error = std::current_exception();
      }
      // Under the lock, so the owner cannot see `done` and free the job before notify_one is through with it.
      std::lock_guard lock(mutex_);
      job->done.store(true, std::memory_order_release);
      job->done.notify_one();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job*> queue_;
};

}  // namespace

void fork_join(const std::function<void()>& here, const std::function<void()>& elsewhere) {
  Helpers& helpers = Helpers::instance();
  Job job{&elsewhere, nullptr};
  helpers.offer(job);
  std::exception_ptr here_error;
  try {
    here();
  } catch (...) {
    here_error = std::current_exception();
  }
  if (helpers.withdraw(job)) {
    try {
      elsewhere();  // nobody was free: do it ourselves (after `here`, as a sequential program would)
    } catch (...) {
      job.error = std::current_exception();
    }
  } else {
    while (!job.done.load(std::memory_order_acquire)) job.done.wait(false, std::memory_order_acquire);
    helpers.release(job);
  }
  if (here_error) std::rethrow_exception(here_error);
  if (job.error) std::rethrow_exception(job.error);
}

}  // namespace filegate::core
