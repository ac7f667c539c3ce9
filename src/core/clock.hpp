#pragma once
// Time is injected everywhere expiry matters, so tests (and a future "time travel" fault) can move it.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace filegate::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now_ms() const = 0;  // milliseconds since the Unix epoch
  std::int64_t now_s() const { return now_ms() / 1000; }
};

class SystemClock final : public Clock {
 public:
  std::int64_t now_ms() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// A clock that only moves when told to: for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  std::int64_t now_ms() const override { return now_.load(); }
  void advance_ms(std::int64_t ms) { now_ += ms; }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace filegate::core
