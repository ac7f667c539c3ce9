#include "core/random_ids.hpp"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

#include "core/digests.hpp"

namespace filegate::core {
namespace {

std::vector<unsigned char> random_bytes(std::size_t n) {
  std::vector<unsigned char> out(n);
  if (n != 0 && RAND_bytes(out.data(), static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
  return out;
}

// Maps random bytes onto an alphabet without modulo bias by rejecting the bytes above the largest multiple.
std::string random_from_alphabet(std::string_view alphabet, std::size_t length) {
  const unsigned limit = 256 - (256 % alphabet.size());
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    for (unsigned char b : random_bytes(length - out.size() + 8)) {
      if (b < limit && out.size() < length) out.push_back(alphabet[b % alphabet.size()]);
    }
  }
  return out;
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  auto raw = random_bytes(bytes);
  return to_hex(raw);
}

std::string random_alphanumeric(std::size_t length) {
  return random_from_alphabet("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", length);
}

std::string random_digits(std::size_t length) {
  if (length == 0) return {};
  return random_from_alphabet("123456789", 1) + random_from_alphabet("0123456789", length - 1);
}

std::uint64_t random_u64() {
  auto raw = random_bytes(8);
  std::uint64_t v = 0;
  for (unsigned char b : raw) v = (v << 8) | b;
  return v;
}

}  // namespace filegate::core
