#pragma once
// One signer for the signature fuzzers, with a clock that never moves: the same input always gets the same verdict,
// which libFuzzer needs to reproduce what it finds.
#include "core/clock.hpp"
#include "core/url_signer.hpp"

namespace filegate::fuzz {

inline const core::UrlSigner& fuzz_signer() {
  static const core::ManualClock clock(1'700'000'000'000);
  static const core::UrlSigner signer("fuzz-secret-0123456789abcdef", clock);
  return signer;
}

// Issued at the clock's start, valid for an hour.
inline constexpr std::int64_t kFuzzExpiry = 1'700'000'000 + 3600;

}  // namespace filegate::fuzz
