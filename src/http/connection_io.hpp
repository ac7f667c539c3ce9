#pragma once
// The per-connection state a request's Exchange works on. Private to the HTTP layer.
#include <optional>

#include "http/beast.hpp"
#include "http/server.hpp"

namespace filegate::http {

struct ConnectionIo {
  beast::tcp_stream stream;
  beast::flat_buffer buffer;
  std::optional<bhttp::request_parser<bhttp::buffer_body>> parser;
  const ServerLimits& limits;
};

}  // namespace filegate::http
