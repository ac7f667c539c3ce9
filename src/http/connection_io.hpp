#pragma once
// The per-connection state a request's Exchange works on. Private to the HTTP layer.
#include <optional>
#include <string>

#include "http/beast.hpp"
#include "http/server.hpp"

namespace filegate::http {

struct ConnectionIo {
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> parser;
  const ServerLimits& limits;
  // The head of the response last sent on this connection, for the access log's observer (the request journal):
  // cleared for each request, refilled in the same buffer so that keeping it allocates nothing after the first.
  std::string response_head;
};

}  // namespace filegate::http
