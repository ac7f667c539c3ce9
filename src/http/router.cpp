#include "http/router.hpp"

namespace filegate::http {
namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (!segment.empty()) segments.emplace_back(segment);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

}  // namespace

void Router::add(bhttp::verb method, std::string_view pattern, Handler handler, RouteOptions options) {
  routes_.push_back(Route{method, split_path(pattern), std::move(handler), options});
}

std::optional<RouteMatch> Router::match(bhttp::verb method, std::string_view path) const {
  // A trailing "/" names the same resource ("/internal/" works on the real platforms too).
  const std::vector<std::string> segments = split_path(path);
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    std::map<std::string, std::string> params;
    bool matched = true;
    std::size_t i = 0;
    for (; i < route.segments.size(); ++i) {
      const std::string& pattern = route.segments[i];
      if (pattern[0] == '*') {
        std::string rest;
        for (std::size_t j = i; j < segments.size(); ++j) rest += (j == i ? "" : "/") + segments[j];
        params[pattern.substr(1)] = rest;
        i = segments.size();
        break;
      }
      if (i >= segments.size()) {
        matched = false;
        break;
      }
      if (pattern[0] == ':') {
        params[pattern.substr(1)] = segments[i];
      } else if (pattern != segments[i]) {
        matched = false;
        break;
      }
    }
    if (matched && i == segments.size()) return RouteMatch{&route.handler, route.options, std::move(params)};
  }
  return std::nullopt;
}

}  // namespace filegate::http
