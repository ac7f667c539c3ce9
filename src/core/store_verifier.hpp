#pragma once
// `filegate verify`: every blob re-hashed against its address, and every object's blob present with the object's
// size. A damaged blob can then be quarantined (moved aside, out of every download's reach): its objects answer the
// platform's internal error from then on instead of wrong bytes.
#include <cstdint>
#include <functional>
#include <string>

#include "core/store.hpp"

namespace filegate::core {

struct StoreProblem {
  std::string blob;     // the SHA-256 address concerned
  std::string object;   // the object whose blob is missing or of another size; empty for a blob's own damage
  std::string problem;  // what is wrong, for the user
};

struct VerifyReport {
  std::uint64_t blobs = 0;  // blobs re-hashed
  std::uint64_t bytes = 0;
  std::uint64_t objects = 0;  // objects checked
  std::uint64_t problems = 0;
};

// Reads every byte of every blob (it blocks: a command-line tool's work). `found` hears each problem as it is found.
VerifyReport verify_store(Store& store, const std::function<void(const StoreProblem&)>& found);

}  // namespace filegate::core
