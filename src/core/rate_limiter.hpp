#pragma once
// Per-key request quotas ("50 per second and 1000 per minute per app"), as token buckets: a burst up to the limit
// is allowed, then requests are admitted at the sustained rate. A quota can instead be a calendar window ("10,000 a
// day"): all of it comes back when the day turns in the limiter's zone, as the platforms' daily quotas do.
// Thread-safe; state lives in memory only.
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"

namespace filegate::core {

struct Quota {
  std::uint32_t limit;     // requests ...
  std::int64_t window_ms;  // ... per this window
  // A window the calendar draws (windows start at whole multiples of window_ms in the limiter's zone: midnight for a
  // day) instead of a sliding one.
  bool calendar = false;
};

struct RateDecision {
  bool allowed = true;
  std::uint32_t limit = 0;         // the quota that refused (when !allowed)
  std::int64_t reset_seconds = 0;  // until that quota admits a request again
};

class RateLimiter {
 public:
  // `zone` is the offset from UTC of the calendar that calendar quotas follow (+08:00 for the platforms' own day).
  explicit RateLimiter(const Clock& clock, std::chrono::minutes zone = {}) : clock_(clock), zone_(zone) {}

  // Takes one request from every quota for `key`, or from none if any of them is exhausted.
  RateDecision admit(const std::string& key, const std::vector<Quota>& quotas);
  // Every quota full again (a test service's reset).
  void clear() {
    std::lock_guard lock(mutex_);
    buckets_.clear();
  }

 private:
  struct Bucket {
    double tokens;
    std::int64_t updated_ms;  // sliding quotas: when tokens were last refilled; calendar quotas: the window's start
  };

  // Brings `bucket` up to `now_ms` for `quota`; returns the milliseconds until it next holds a whole token.
  std::int64_t refill(Bucket& bucket, const Quota& quota, std::int64_t now_ms) const;

  const Clock& clock_;
  const std::chrono::minutes zone_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace filegate::core
