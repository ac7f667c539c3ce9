#pragma once
// Where an S3-compatible object store is and how to reach it, and the URL of an object in it.
#include <chrono>
#include <string>
#include <string_view>

namespace filegate::core::s3 {

struct Config {
  std::string endpoint;  // "http://127.0.0.1:7480", "https://s3.eu-west-1.amazonaws.com": scheme, host, port only
  std::string region = "us-east-1";
  std::string bucket;
  bool path_style = true;  // http://host/bucket/key; false: virtual-hosted, http://bucket.host/key
  std::string access_key;
  std::string secret_key;  // from the caller; never logged, never in an exception's text
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::seconds stall_timeout{60};  // a transfer that moves no byte for this long fails
};

// An object's address under a Config: the request goes to origin + path, with Host: host.
struct Location {
  std::string origin;  // "http://127.0.0.1:7480", "https://bucket.s3.amazonaws.com"
  std::string host;    // authority, with the port when the endpoint names one
  std::string path;    // encoded once: "/bucket/a%20b/c.txt" (path style) or "/a%20b/c.txt"; key "" is the bucket
};

// Throws std::invalid_argument when the endpoint is not http(s)://host[:port][/] or the bucket is empty.
void validate(const Config& config);
Location locate(const Config& config, std::string_view key);

}  // namespace filegate::core::s3
