#include "core/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace filegate::core {

RateDecision RateLimiter::admit(const std::string& key, const std::vector<Quota>& quotas) {
  const std::int64_t now = clock_.now_ms();
  std::lock_guard lock(mutex_);
  std::vector<Bucket*> buckets;
  buckets.reserve(quotas.size());
  for (const Quota& q : quotas) {
    auto [it, inserted] = buckets_.try_emplace(key + "#" + std::to_string(q.limit) + "/" + std::to_string(q.window_ms),
                                               Bucket{static_cast<double>(q.limit), now});
    Bucket& b = it->second;
    const double refill = static_cast<double>(now - b.updated_ms) * q.limit / static_cast<double>(q.window_ms);
    b.tokens = std::min<double>(q.limit, b.tokens + refill);
    b.updated_ms = now;
    if (b.tokens < 1.0) {
      const double ms_to_next = (1.0 - b.tokens) * static_cast<double>(q.window_ms) / q.limit;
      return {false, q.limit, std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(ms_to_next / 1000.0)))};
    }
    buckets.push_back(&b);
  }
  for (Bucket* b : buckets) b->tokens -= 1.0;
  return {};
}

}  // namespace filegate::core
