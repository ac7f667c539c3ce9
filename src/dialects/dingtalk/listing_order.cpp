#include "dialects/dingtalk/listing_order.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace filegate::dialects::dingtalk {

std::string modified_order_key(const Dentry& dentry) {
  return fmt::format("{:020}/{:0>20}", std::max<std::int64_t>(dentry.modified_ms, 0), dentry.id);
}

std::vector<std::pair<std::string, Dentry>> modified_order_page(std::vector<Dentry> dentries, bool descending,
                                                                const std::string& after_key, std::size_t count) {
  std::vector<std::pair<std::string, Dentry>> keyed;
  keyed.reserve(dentries.size());
  for (Dentry& dentry : dentries) {
    std::string key = modified_order_key(dentry);
    const bool past = after_key.empty() || (descending ? key < after_key : key > after_key);
    if (past) keyed.emplace_back(std::move(key), std::move(dentry));
  }
  const auto by_key = [descending](const auto& a, const auto& b) {
    return descending ? a.first > b.first : a.first < b.first;
  };
  const std::size_t kept = std::min(count, keyed.size());
  std::partial_sort(keyed.begin(), keyed.begin() + static_cast<std::ptrdiff_t>(kept), keyed.end(), by_key);
  keyed.resize(kept);
  return keyed;
}

}  // namespace filegate::dialects::dingtalk
