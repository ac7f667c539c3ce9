#pragma once
// The little HTTP client filegate needs to call out: a POST of a small body to a plain-HTTP URL (an app's event
// webhook, as the platforms deliver events), with one deadline over the whole exchange. No TLS, no redirects, no
// keep-alive: webhooks of an emulator live on the test's own machine or network.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "http/beast.hpp"

namespace filegate::http {

struct OutboundRequest {
  std::string url;  // http://host[:port]/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{3000};
};

struct OutboundResponse {
  unsigned status = 0;  // 0: no response (the error says why)
  std::string body;     // at most kMaxBodyBytes; a longer answer is an error
  std::string error;    // "" when a response came, else what went wrong in a few words (no exception text)
  double duration_ms = 0;

  static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
};

// POSTs `request`; never throws for what the network or the peer does (the response's error says it).
awaitable<OutboundResponse> post(OutboundRequest request);

// The same for callers on the blocking pool: runs on a private io_context and returns when done.
OutboundResponse post_blocking(OutboundRequest request);

// True when `url` is one post() can reach: http://, a host, optionally a port and a path.
bool is_postable_url(std::string_view url);

}  // namespace filegate::http
