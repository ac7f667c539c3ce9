#pragma once
// Signed URLs: a capability to fetch one object by one method until an expiry, without a bearer token.
// HMAC-SHA256 over (method, path, expiry, object id); checked in constant time; any changed byte fails closed.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/metadata_store.hpp"

namespace filegate::core {

class UrlSigner {
 public:
  UrlSigner(const std::string& secret, const Clock& clock);
  ~UrlSigner();
  UrlSigner(const UrlSigner&) = delete;
  UrlSigner& operator=(const UrlSigner&) = delete;

  // The server's signing secret, created on first start and kept in the metadata store.
  static std::string load_or_create_secret(MetadataStore& metadata);

  enum class Verdict { valid, expired, forged };

  std::string sign(std::string_view method, std::string_view path, std::string_view object_id,
                   std::int64_t expires_at_s) const;
  // Forgery is reported before expiry: an altered expiry must not read as merely "expired".
  Verdict check(std::string_view method, std::string_view path, std::string_view object_id, std::int64_t expires_at_s,
                std::string_view signature_hex) const;

  const Clock& clock() const { return clock_; }

 private:
  // HMAC-SHA256 keyed once: every signature starts from a copy of it. OpenSSL 3's one-shot HMAC() looks the
  // algorithm up and keys a fresh context on every call, which cost a fifth of a signed-URL download.
  struct KeyedMac;
  std::unique_ptr<KeyedMac> keyed_;
  const Clock& clock_;
};

}  // namespace filegate::core
