#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace filegate::core {

std::int64_t RateLimiter::refill(Bucket& bucket, const Quota& quota, std::int64_t now_ms) const {
  if (quota.calendar) {
    const std::int64_t zone_ms = std::chrono::milliseconds(zone_).count();
    // Floor division: instants before the epoch (only in tests) still fall in the right window.
    const std::int64_t local_ms = now_ms + zone_ms;
    const std::int64_t index = local_ms / quota.window_ms - (local_ms % quota.window_ms < 0 ? 1 : 0);
    const std::int64_t start = index * quota.window_ms - zone_ms;
    if (bucket.updated_ms != start) bucket = Bucket{static_cast<double>(quota.limit), start};
    return start + quota.window_ms - now_ms;
  }
  const double refilled =
      static_cast<double>(now_ms - bucket.updated_ms) * quota.limit / static_cast<double>(quota.window_ms);
  bucket.tokens = std::min<double>(quota.limit, bucket.tokens + refilled);
  bucket.updated_ms = now_ms;
  const double missing = std::max(0.0, 1.0 - bucket.tokens);
  return static_cast<std::int64_t>(std::ceil(missing * static_cast<double>(quota.window_ms) / quota.limit));
}

RateDecision RateLimiter::admit(const std::string& key, const std::vector<Quota>& quotas) {
  const std::int64_t now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  std::vector<Bucket*> buckets;
  buckets.reserve(quotas.size());
  for (const Quota& q : quotas) {
    const std::string bucket_key =
        key + "#" + std::to_string(q.limit) + "/" + std::to_string(q.window_ms) + (q.calendar ? "c" : "");
    auto [it, inserted] = buckets_.try_emplace(bucket_key, Bucket{static_cast<double>(q.limit), now});
    Bucket& b = it->second;
    const std::int64_t ms_to_next = refill(b, q, now);
    if (b.tokens < 1.0) {
      return {false, q.limit, std::max<std::int64_t>(1, (ms_to_next + 999) / 1000)};
    }
    buckets.push_back(&b);
  }
  for (Bucket* b : buckets) b->tokens -= 1.0;
  return {};
}

}  // namespace filegate::core
