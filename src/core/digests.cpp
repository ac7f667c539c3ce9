#include "core/digests.hpp"

#include <isa-l/crc64.h>
#include <isa-l/igzip_lib.h>
#include <openssl/evp.h>

#include <stdexcept>

namespace filegate::core {
namespace {

const unsigned char* bytes_of(std::span<const std::byte> data) {
  return reinterpret_cast<const unsigned char*>(data.data());
}

struct EvpContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  explicit EvpContext(const EVP_MD* md) {
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, md, nullptr) != 1) throw std::runtime_error("EVP_DigestInit failed");
  }
  ~EvpContext() { EVP_MD_CTX_free(ctx); }
  EvpContext(const EvpContext&) = delete;
  EvpContext& operator=(const EvpContext&) = delete;

  void update(std::span<const std::byte> data) { EVP_DigestUpdate(ctx, data.data(), data.size()); }
  std::string hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx, out, &len);
    return to_hex({out, len});
  }
};

}  // namespace

// ISA-L inverts the CRC on entry and exit, so seed 0 starts a fresh CRC-64/XZ and the previous result continues one.
std::uint64_t crc64_xz(std::span<const std::byte> data, std::uint64_t previous) {
  return crc64_ecma_refl(previous, bytes_of(data), data.size());
}

std::uint32_t adler32(std::span<const std::byte> data, std::uint32_t previous) {
  return isal_adler32(previous, bytes_of(data), data.size());
}

std::string to_hex(std::span<const unsigned char> bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xf]);
  }
  return out;
}

std::string sha256_hex(std::span<const std::byte> data) {
  EvpContext sha(EVP_sha256());
  sha.update(data);
  return sha.hex();
}

struct StreamHasher::Contexts {
  EvpContext sha256{EVP_sha256()};
  std::unique_ptr<EvpContext> md5;
};

StreamHasher::StreamHasher(bool with_md5) : contexts_(std::make_unique<Contexts>()) {
  if (with_md5) contexts_->md5 = std::make_unique<EvpContext>(EVP_md5());
}

StreamHasher::~StreamHasher() = default;

void StreamHasher::update(std::span<const std::byte> data) {
  update_main_lane(data);
  update_md5_lane(data);
}

bool StreamHasher::has_md5() const { return contexts_->md5 != nullptr; }

void StreamHasher::update_md5_lane(std::span<const std::byte> data) {
  if (contexts_->md5) contexts_->md5->update(data);
}

void StreamHasher::update_main_lane(std::span<const std::byte> data) {
  contexts_->sha256.update(data);
  running_.crc64 = crc64_xz(data, running_.crc64);
  running_.adler32 = adler32(data, running_.adler32);
  running_.size += data.size();
}

Digests StreamHasher::finish() {
  Digests result = running_;
  result.sha256_hex = contexts_->sha256.hex();
  if (contexts_->md5) result.md5_hex = contexts_->md5->hex();
  return result;
}

}  // namespace filegate::core
