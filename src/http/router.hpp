#pragma once
// Maps (method, path) to a handler. Patterns are '/'-separated: literal segments, ":name" capturing one segment,
// and a final "*name" capturing the rest of the path (for APIs whose resource is itself a path, like SMH).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "http/beast.hpp"
#include "http/exchange.hpp"

namespace filegate::http {

using Handler = std::function<awaitable<void>(Exchange&)>;

struct RouteOptions {
  using TooLargeResponse = std::function<Exchange::StringResponse(const Exchange&)>;

  RouteOptions(std::uint64_t max_body = 1 << 20, TooLargeResponse too_large_response = {})  // NOLINT: implicit
      : max_body_bytes(max_body), too_large(std::move(too_large_response)) {}

  // Largest request body this route reads. Bodies above it are refused by the parser before they reach disk.
  std::uint64_t max_body_bytes;
  // How the route's platform says "too large" when a body exceeds max_body_bytes; a plain 413 when unset.
  TooLargeResponse too_large;
};

struct RouteMatch {
  const Handler* handler = nullptr;
  const RouteOptions* options = nullptr;  // the router's own: nothing is copied per request
  std::map<std::string, std::string> params;
};

class Router {
 public:
  void add(bhttp::verb method, std::string_view pattern, Handler handler, RouteOptions options = {});
  std::optional<RouteMatch> match(bhttp::verb method, std::string_view path) const;

 private:
  struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;
    Handler handler;
    RouteOptions options;
  };
  std::vector<Route> routes_;
};

}  // namespace filegate::http
