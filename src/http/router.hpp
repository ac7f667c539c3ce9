#pragma once
// Maps a request to a handler. Patterns are '/'-separated: literal segments, ":name" capturing one segment, and a
// final "*name" capturing the rest of the path (for APIs whose resource is itself a path, like SMH). A pattern may end
// in "?selector" (SMH's `?confirm`, `?info`): the route then takes only requests carrying that query selector.
//
// Routes are added through scopes, one per wire surface of a platform: the scope's Envelope answers every refusal of
// its routes, and every unmatched request under its path prefixes, so each platform's SDK sees its own errors.
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/beast.hpp"
#include "http/envelope.hpp"
#include "http/exchange.hpp"

namespace filegate::http {

using Handler = std::function<awaitable<void>(Exchange&)>;

struct RouteOptions {
  RouteOptions(std::uint64_t max_body = 1 << 20, const ErrorEntry* too_large_error = nullptr)  // NOLINT: implicit
      : max_body_bytes(max_body), too_large(too_large_error) {}

  // Largest request body this route reads. Bodies above it are refused by the parser before they reach disk.
  std::uint64_t max_body_bytes;
  // The route's own refusal when a body exceeds max_body_bytes; the envelope's `too_large` when null.
  const ErrorEntry* too_large;
};

struct RouteMatch {
  const Handler* handler = nullptr;       // null when no route matched: the envelope answers not_found
  const RouteOptions* options = nullptr;  // the router's own: nothing is copied per request
  const Envelope* envelope = nullptr;     // never null
  std::string_view endpoint;              // the route's endpoint name, e.g. "feishu.im.file.get"
  std::map<std::string, std::string> params;
};

class Router {
 public:
  class Scope {
   public:
    // `endpoint` names the operation for catalogs, faults and logs: "<dialect>.<api>.<resource>.<verb>".
    Scope& add(bhttp::verb method, std::string_view pattern, std::string_view endpoint, Handler handler,
               RouteOptions options = {});

   private:
    friend class Router;
    Scope(Router& router, const Envelope& envelope) : router_(router), envelope_(envelope) {}
    Router& router_;
    const Envelope& envelope_;
  };

  // Routes answered by `envelope`; unmatched paths starting with one of `prefixes` (whole segments) get its not_found.
  // The envelope must outlive the router.
  Scope scope(const Envelope& envelope, const std::vector<std::string>& prefixes);

  // Every request gets an answer: its route, or the envelope that speaks for its path (filegate's own if none).
  RouteMatch match(const RequestHead& request) const;
  // The same for a method and target ("/path?query"), for tests and tools.
  RouteMatch match(bhttp::verb method, std::string_view target) const;

  // Every route's endpoint name and envelope, in registration order (for catalogs and the fault injector).
  struct Endpoint {
    std::string_view name;
    const Envelope* envelope;
  };
  std::vector<Endpoint> endpoints() const;

 private:
  struct Route {
    bhttp::verb method;
    std::vector<std::string> segments;
    std::string selector;       // empty: none
    std::string_view endpoint;  // in endpoint_names_
    Handler handler;
    RouteOptions options;
    const Envelope* envelope;
  };
  struct Prefix {
    std::vector<std::string> segments;
    const Envelope* envelope;
  };
  std::vector<Route> routes_;
  // Endpoint names live here, where adding routes never moves them: the views handed out (RouteMatch, endpoints())
  // stay valid as long as the router, which metrics and fault rules rely on.
  std::deque<std::string> endpoint_names_;
  std::vector<Prefix> prefixes_;
};

}  // namespace filegate::http
