#pragma once
// Unpredictable identifiers and secrets. Keys handed to clients must not be guessable: they double as capabilities.
#include <cstddef>
#include <cstdint>
#include <string>

namespace filegate::core {

std::string random_hex(std::size_t bytes);            // lower-case hex of `bytes` random bytes
std::string random_alphanumeric(std::size_t length);  // [0-9A-Za-z]
std::string random_digits(std::size_t length);        // [0-9], first digit non-zero
std::uint64_t random_u64();

}  // namespace filegate::core
