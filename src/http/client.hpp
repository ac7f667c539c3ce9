#pragma once
// The little HTTP client filegate needs to call out: a small request to a plain-HTTP URL (an app's event webhook, as
// the platforms deliver events; another node's admin API), with one deadline over the whole exchange. No TLS, no
// redirects, no keep-alive: webhooks of an emulator live on the test's own machine or network, and so do its nodes.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "http/beast.hpp"

namespace filegate::http {

struct OutboundRequest {
  bhttp::verb method = bhttp::verb::post;
  std::string url;  // http://host[:port]/path?query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout{3000};
  std::size_t max_response_bytes = 64 * 1024;  // a longer answer is an error
};

struct OutboundResponse {
  unsigned status = 0;  // 0: no response (the error says why)
  std::string body;     // at most the request's max_response_bytes
  std::string error;    // "" when a response came, else what went wrong in a few words (no exception text)
  double duration_ms = 0;
};

// Sends `request`; never throws for what the network or the peer does (the response's error says it).
awaitable<OutboundResponse> send(OutboundRequest request);

// The same for callers on the blocking pool: runs on a private io_context and returns when done.
OutboundResponse send_blocking(OutboundRequest request);

// True when `url` is one send() can reach: http://, a host, optionally a port and a path.
bool is_reachable_url(std::string_view url);

}  // namespace filegate::http
