#pragma once
// The signed upload/download "slots" DingTalk hands out as headerSignatureInfo. On the real platform they are OSS
// URLs plus an OSS header signature; here they are filegate URLs whose request must carry the returned headers:
//   URL      <base><path>?Expires=<unix seconds>
//   headers  x-oss-date: <RFC 1123 date the slot was issued>
//            Authorization: OSS filegate:<HMAC-SHA256 hex over method, path, x-oss-date and expiry>
// So a request without the headers, with any of them (or the URL) altered, or after the expiry is refused (403).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/url_signer.hpp"

namespace filegate::dialects::dingtalk {

struct SignedSlot {
  std::string url;
  std::string authorization;  // "" (and no oss_date) for a presigned URL of the object store, which needs no headers
  std::string oss_date;
  std::int64_t expires_at_s = 0;
};

SignedSlot sign_slot(const core::UrlSigner& signer, std::string_view method, std::string_view base_url,
                     std::string_view path, std::int64_t ttl_seconds);

enum class SlotVerdict { valid, unsigned_request, forged, expired };

// `expires` is the raw `Expires` query value; `authorization` and `oss_date` the request's headers ("" if absent).
SlotVerdict check_slot(const core::UrlSigner& signer, std::string_view method, std::string_view path,
                       const std::optional<std::string>& expires, std::string_view authorization,
                       std::string_view oss_date);

}  // namespace filegate::dialects::dingtalk
