#pragma once
// Per-key request quotas ("50 per second and 1000 per minute per app"), as token buckets: a burst up to the limit
// is allowed, then requests are admitted at the sustained rate. Thread-safe; state lives in memory only.
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
};

struct RateDecision {
  bool allowed = true;
  std::uint32_t limit = 0;         // the quota that refused (when !allowed)
  std::int64_t reset_seconds = 0;  // until that quota admits a request again
};

class RateLimiter {
 public:
  explicit RateLimiter(const Clock& clock) : clock_(clock) {}

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
    std::int64_t updated_ms;
  };

  const Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace filegate::core
