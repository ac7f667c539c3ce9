#include "http/router.hpp"

#include <boost/container/small_vector.hpp>

namespace filegate::http {
namespace {

// Views into `path`; a request path rarely has more than a dozen segments, so this does not allocate.
using Segments = boost::container::small_vector<std::string_view, 16>;

Segments split_path(std::string_view path) {
  Segments segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (!segment.empty()) segments.push_back(segment);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

// Whether the pattern's literal segments equal the path's and the segment counts fit; captures are taken only
// once a route has matched.
bool matches(const std::vector<std::string>& pattern, const Segments& segments) {
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i][0] == '*') return true;
    if (i >= segments.size()) return false;
    if (pattern[i][0] != ':' && pattern[i] != segments[i]) return false;
  }
  return pattern.size() == segments.size();
}

}  // namespace

void Router::add(bhttp::verb method, std::string_view pattern, Handler handler, RouteOptions options) {
  const Segments segments = split_path(pattern);
  routes_.push_back(Route{method, {segments.begin(), segments.end()}, std::move(handler), std::move(options)});
}

std::optional<RouteMatch> Router::match(bhttp::verb method, std::string_view path) const {
  // A trailing "/" names the same resource ("/internal/" works on the real platforms too).
  const Segments segments = split_path(path);
  for (const Route& route : routes_) {
    if (route.method != method || !matches(route.segments, segments)) continue;
    RouteMatch match{&route.handler, &route.options, {}};
    for (std::size_t i = 0; i < route.segments.size(); ++i) {
      const std::string& pattern = route.segments[i];
      if (pattern[0] == ':') match.params[pattern.substr(1)] = std::string(segments[i]);
      if (pattern[0] == '*') {
        std::string rest;
        for (std::size_t j = i; j < segments.size(); ++j) (rest += j == i ? "" : "/") += segments[j];
        match.params[pattern.substr(1)] = std::move(rest);
      }
    }
    return match;
  }
  return std::nullopt;
}

}  // namespace filegate::http
