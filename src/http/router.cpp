#include "http/router.hpp"

#include <algorithm>

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

bool starts_with(const Segments& segments, const std::vector<std::string>& prefix) {
  return prefix.size() <= segments.size() && std::equal(prefix.begin(), prefix.end(), segments.begin());
}

// `?info`, `?info=1` and `?info=true` select; `?info=0` and `?info=false` do not (SMH's own reading).
bool selected(const RequestHead& request, const std::string& selector) {
  if (selector.empty()) return true;
  const auto value = request.query(selector);
  return value && *value != "0" && *value != "false";
}

}  // namespace

Router::Scope& Router::Scope::add(bhttp::verb method, std::string_view pattern, std::string_view endpoint,
                                  Handler handler, RouteOptions options) {
  const std::size_t question = pattern.find('?');
  const std::string selector(question == std::string_view::npos ? std::string_view() : pattern.substr(question + 1));
  const Segments segments = split_path(pattern.substr(0, question));
  const std::string_view name = router_.endpoint_names_.emplace_back(endpoint);
  Route route{method, {segments.begin(), segments.end()}, selector, name, std::move(handler), options, &envelope_};
  // Routes with a selector are tried before those without, so registration order does not decide between them.
  auto& routes = router_.routes_;
  auto position = selector.empty()
                      ? routes.end()
                      : std::find_if(routes.begin(), routes.end(), [](const Route& r) { return r.selector.empty(); });
  routes.insert(position, std::move(route));
  return *this;
}

Router::Scope Router::scope(const Envelope& envelope, const std::vector<std::string>& prefixes) {
  for (const std::string& prefix : prefixes) {
    const Segments segments = split_path(prefix);
    prefixes_.push_back(Prefix{{segments.begin(), segments.end()}, &envelope});
  }
  return Scope(*this, envelope);
}

RouteMatch Router::match(const RequestHead& request) const {
  // A trailing "/" names the same resource ("/internal/" works on the real platforms too).
  const Segments segments = split_path(request.path());
  for (const Route& route : routes_) {
    if (route.method != request.method() || !matches(route.segments, segments) || !selected(request, route.selector)) {
      continue;
    }
    RouteMatch match{&route.handler, &route.options, route.envelope, route.endpoint, {}};
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
  // The longest claiming prefix speaks for the path.
  const Prefix* best = nullptr;
  for (const Prefix& prefix : prefixes_) {
    if (starts_with(segments, prefix.segments) && (!best || prefix.segments.size() > best->segments.size())) {
      best = &prefix;
    }
  }
  return RouteMatch{nullptr, nullptr, best ? best->envelope : &filegate_envelope(), {}, {}};
}

RouteMatch Router::match(bhttp::verb method, std::string_view target) const {
  static const bhttp::fields no_fields;
  const RequestHead head(method, bhttp::to_string(method), target, no_fields, true);
  return match(head);
}

std::vector<Router::Endpoint> Router::endpoints() const {
  std::vector<Endpoint> out;
  for (const Route& route : routes_) out.push_back(Endpoint{route.endpoint, route.envelope});
  return out;
}

}  // namespace filegate::http
