#pragma once
// The parts of AWS Signature Version 4 filegate computes itself: S3's URI encoding, canonical query strings and
// presigned URLs (query-string authentication, which libcurl cannot produce). Requests the client sends are signed
// by libcurl (CURLOPT_AWS_SIGV4); Debian 12's libcurl 7.88 signs the query string exactly as written in the URL,
// so every URL the client builds carries its query already in canonical form (canonical_query), and the signature
// libcurl computes is the one S3 recomputes.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace filegate::core::s3::sigv4 {

// Every byte but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX with uppercase hex; '/' is kept when
// `keep_slash` (an object key in a path). S3 signs paths encoded once, never twice.
std::string uri_encode(std::string_view s, bool keep_slash);

struct QueryParam {
  std::string name;
  std::string value;  // "" for a bare name (`?uploads` is signed as `uploads=`)
};
// name=value pairs, both encoded, sorted by encoded name then value, joined by '&'.
std::string canonical_query(std::vector<QueryParam> params);

// "20130524T000000Z" (ISO 8601 basic format, UTC), the form of X-Amz-Date.
std::string amz_date(std::int64_t unix_s);

// S3's longest presigned URL: seven days.
inline constexpr std::int64_t kMaxPresignSeconds = 7 * 24 * 3600;

struct PresignRequest {
  std::string_view method = "GET";
  std::string_view host;  // the Host header the fetch will send: "examplebucket.s3.amazonaws.com", "127.0.0.1:7480"
  std::string_view path;  // encoded (uri_encode(..., true)), starting with '/'
  std::vector<QueryParam> extra;  // signed too, e.g. response-content-disposition
  std::string_view region;
  std::string_view access_key;
  std::string_view secret_key;
  std::int64_t now_s = 0;
  std::int64_t expires_s = 0;  // 1 .. kMaxPresignSeconds, S3's limits
};
// The query string (without '?') that authorises exactly this request until now_s + expires_s: the X-Amz-* parameters
// and `extra` in canonical order, X-Amz-Signature last. The payload is UNSIGNED-PAYLOAD, the only signed header host.
// Throws std::invalid_argument for an expiry outside S3's limits.
std::string presign_query(const PresignRequest& request);

}  // namespace filegate::core::s3::sigv4
