#include "core/url_signer.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "core/digests.hpp"
#include "core/random_ids.hpp"

namespace filegate::core {
namespace {

// Length-prefixing each field makes the message unambiguous: ("a/b", "c") and ("a", "b/c") sign differently.
void append_field(std::string& message, std::string_view field) {
  message += std::to_string(field.size());
  message += ':';
  message += field;
}

}  // namespace

struct UrlSigner::KeyedMac {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;

  explicit KeyedMac(const std::string& secret) {
    mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    ctx = mac ? EVP_MAC_CTX_new(mac) : nullptr;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    if (ctx == nullptr ||
        EVP_MAC_init(ctx, reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), params) != 1) {
      throw std::runtime_error("HMAC-SHA256 is not available");
    }
  }
  ~KeyedMac() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
};

UrlSigner::UrlSigner(const std::string& secret, const Clock& clock)
    : keyed_(std::make_unique<KeyedMac>(secret)), clock_(clock) {}

UrlSigner::~UrlSigner() = default;

std::string UrlSigner::load_or_create_secret(MetadataStore& metadata) {
  constexpr std::string_view ns = "core.secret";
  constexpr std::string_view key = "url_signing";
  if (auto existing = metadata.record(ns, key)) return std::string(existing->at("hex").as_string());
  try {
    metadata.commit(WriteBatch().create(ns, key, {{"hex", random_hex(32)}}));
  } catch (const RecordExists&) {
    // Another process created it first; use theirs.
  }
  return std::string(metadata.record(ns, key)->at("hex").as_string());
}

std::string UrlSigner::sign(std::string_view method, std::string_view path, std::string_view object_id,
                            std::int64_t expires_at_s) const {
  std::string message;
  append_field(message, method);
  append_field(message, path);
  append_field(message, std::to_string(expires_at_s));
  append_field(message, object_id);
  // A copy per signature: the keyed context is shared by every thread and never written after construction.
  std::unique_ptr<EVP_MAC_CTX, decltype(&EVP_MAC_CTX_free)> ctx(EVP_MAC_CTX_dup(keyed_->ctx), &EVP_MAC_CTX_free);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t length = 0;
  if (!ctx || EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), mac.data(), &length, mac.size()) != 1) {
    throw std::runtime_error("HMAC failed");
  }
  return to_hex({mac.data(), length});
}

UrlSigner::Verdict UrlSigner::check(std::string_view method, std::string_view path, std::string_view object_id,
                                    std::int64_t expires_at_s, std::string_view signature_hex) const {
  const std::string expected = sign(method, path, object_id, expires_at_s);
  if (signature_hex.size() != expected.size() ||
      CRYPTO_memcmp(expected.data(), signature_hex.data(), expected.size()) != 0) {
    return Verdict::forged;
  }
  return clock_.now_s() < expires_at_s ? Verdict::valid : Verdict::expired;
}

}  // namespace filegate::core
