#include "dialects/dingtalk/signed_slot.hpp"

#include "core/text.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::string_view kAuthorizationPrefix = "OSS filegate:";

// The date header is part of what is signed, so changing it breaks the signature like changing the URL does.
std::string signed_subject(std::string_view oss_date) { return "x-oss-date:" + std::string(oss_date); }

}  // namespace

SignedSlot sign_slot(const core::UrlSigner& signer, std::string_view method, std::string_view base_url,
                     std::string_view path, std::int64_t ttl_seconds) {
  SignedSlot slot;
  const std::int64_t now = signer.clock().now_s();
  slot.expires_at_s = now + ttl_seconds;
  slot.oss_date = core::text::http_date(now);
  slot.authorization =
      std::string(kAuthorizationPrefix) + signer.sign(method, path, signed_subject(slot.oss_date), slot.expires_at_s);
  slot.url = std::string(base_url) + std::string(path) + "?Expires=" + std::to_string(slot.expires_at_s);
  return slot;
}

SlotVerdict check_slot(const core::UrlSigner& signer, std::string_view method, std::string_view path,
                       const std::optional<std::string>& expires, std::string_view authorization,
                       std::string_view oss_date) {
  if (!expires || authorization.empty() || oss_date.empty()) return SlotVerdict::unsigned_request;
  if (!authorization.starts_with(kAuthorizationPrefix)) return SlotVerdict::forged;
  const auto expires_at = core::text::parse_i64(*expires);
  if (!expires_at) return SlotVerdict::forged;
  switch (signer.check(method, path, signed_subject(oss_date), *expires_at,
                       authorization.substr(kAuthorizationPrefix.size()))) {
    case core::UrlSigner::Verdict::valid:
      return SlotVerdict::valid;
    case core::UrlSigner::Verdict::expired:
      return SlotVerdict::expired;
    case core::UrlSigner::Verdict::forged:
      break;
  }
  return SlotVerdict::forged;
}

}  // namespace filegate::dialects::dingtalk
