#include "dialects/feishu/event_crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/digests.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr int kIvBytes = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

std::array<unsigned char, SHA256_DIGEST_LENGTH> key_of(std::string_view encrypt_key) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> key{};
  SHA256(reinterpret_cast<const unsigned char*>(encrypt_key.data()), encrypt_key.size(), key.data());
  return key;
}

std::string base64(const std::vector<unsigned char>& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

std::vector<unsigned char> unbase64(std::string_view text) {
  if (text.size() % 4 != 0) return {};
  std::vector<unsigned char> out(3 * (text.size() / 4));
  const int written =
      EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0) return {};
  // EVP_DecodeBlock counts the padding's zero bytes in: drop one per '='.
  std::size_t size = static_cast<std::size_t>(written);
  for (auto it = text.rbegin(); it != text.rend() && *it == '=' && size > 0; ++it) --size;
  out.resize(size);
  return out;
}

}  // namespace

std::string encrypt_event(std::string_view plaintext, std::string_view encrypt_key) {
  const auto key = key_of(encrypt_key);
  std::vector<unsigned char> out(kIvBytes + plaintext.size() + kIvBytes);
  if (RAND_bytes(out.data(), kIvBytes) != 1) throw std::runtime_error("RAND_bytes failed");
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int written = 0;
  int final_bytes = 0;
  if (!context || EVP_EncryptInit_ex(context.get(), EVP_aes_256_cbc(), nullptr, key.data(), out.data()) != 1 ||
      EVP_EncryptUpdate(context.get(), out.data() + kIvBytes, &written,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), out.data() + kIvBytes + written, &final_bytes) != 1) {
    throw std::runtime_error("AES-256-CBC encryption failed");
  }
  out.resize(static_cast<std::size_t>(kIvBytes) + static_cast<std::size_t>(written) +
             static_cast<std::size_t>(final_bytes));
  return base64(out);
}

std::string decrypt_event(std::string_view base64_ciphertext, std::string_view encrypt_key) {
  const std::vector<unsigned char> sealed = unbase64(base64_ciphertext);
  if (sealed.size() < 2 * kIvBytes) return {};
  const auto key = key_of(encrypt_key);
  std::string out(sealed.size(), '\0');
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  int written = 0;
  int final_bytes = 0;
  auto* plain = reinterpret_cast<unsigned char*>(out.data());
  if (!context || EVP_DecryptInit_ex(context.get(), EVP_aes_256_cbc(), nullptr, key.data(), sealed.data()) != 1 ||
      EVP_DecryptUpdate(context.get(), plain, &written, sealed.data() + kIvBytes,
                        static_cast<int>(sealed.size() - kIvBytes)) != 1 ||
      EVP_DecryptFinal_ex(context.get(), plain + written, &final_bytes) != 1) {
    return {};
  }
  out.resize(static_cast<std::size_t>(written) + static_cast<std::size_t>(final_bytes));
  return out;
}

std::string event_signature(std::string_view timestamp, std::string_view nonce, std::string_view encrypt_key,
                            std::string_view body) {
  std::string content;
  content.reserve(timestamp.size() + nonce.size() + encrypt_key.size() + body.size());
  content.append(timestamp).append(nonce).append(encrypt_key).append(body);
  return core::sha256_hex(core::as_bytes(content));
}

}  // namespace filegate::dialects::feishu
