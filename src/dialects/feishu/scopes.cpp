#include "dialects/feishu/scopes.hpp"

#include <algorithm>

namespace filegate::dialects::feishu {

std::string missing_scope_message(std::string_view endpoint, const std::vector<std::string>& granted) {
  const auto needed = required_scopes(endpoint);
  if (granted.empty() || needed.empty()) return {};
  const bool allowed = std::any_of(needed.begin(), needed.end(), [&](std::string_view scope) {
    return std::find(granted.begin(), granted.end(), scope) != granted.end();
  });
  if (allowed) return {};
  std::string list;
  for (const std::string_view scope : needed) list += (list.empty() ? "" : ", ") + std::string(scope);
  return "Access denied. One of the following scopes is required: [" + list + "].";
}

}  // namespace filegate::dialects::feishu
