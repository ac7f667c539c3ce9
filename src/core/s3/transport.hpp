#pragma once
// One HTTP exchange with the object store: libcurl easy handles, the request signed by libcurl (SigV4, with an
// UNSIGNED-PAYLOAD body so bodies stream instead of being hashed first). Blocking: run it off the event loop (the
// server's blocking pool). Handles are pooled so their connections are reused; any thread may call perform().
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/s3/config.hpp"
#include "core/s3/types.hpp"

namespace filegate::core::s3 {

struct Request {
  const char* method = "GET";        // GET HEAD PUT POST DELETE
  std::string url;                   // its query already canonical (sigv4::canonical_query)
  std::vector<std::string> headers;  // "Name: value"
  // A body of exactly body_size bytes pulled from `body` (a PUT or POST without `body` sends Content-Length: 0).
  const Reader* body = nullptr;
  std::uint64_t body_size = 0;
  std::optional<ByteRange> range;
  // Where a 2xx response body goes; without a sink (and for every error answer) the body is collected in
  // Response::body, up to a bound that XML answers stay far below.
  const Sink* sink = nullptr;
};

struct Response {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lowercase, of the final answer (not a 100 Continue)
  std::string body;
  std::uint64_t sunk = 0;  // bytes handed to the sink
};

class Transport {
 public:
  explicit Transport(const Config& config);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Any HTTP status comes back as a Response; only a failed exchange (no answer, a stalled or broken transfer)
  // throws: s3::Error with status 0 naming `operation`, or what the reader or the sink threw.
  Response perform(const char* operation, const Request& request) const;

 private:
  struct Pool;
  std::string access_key_;
  std::string secret_key_;
  std::string sigv4_provider_;  // "aws:amz:<region>:s3"
  long connect_timeout_ms_;
  long stall_timeout_s_;
  std::unique_ptr<Pool> pool_;
};

}  // namespace filegate::core::s3
