#pragma once
// SMH's instant-upload hashes, as the SMH JS SDK computes them (utils/hash.ts; the wire notes are silent):
// beginningHash is the SHA-256 (lower-case hex) of the first 1 MiB; fullHash chains 1 MiB chunks,
// h1 = SHA-256(chunk 1), h(n+1) = SHA-256(h(n) as 32 raw bytes, then chunk n+1), and is the last h. A file of at most
// 1 MiB has both equal to its SHA-256.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/blob_store.hpp"

namespace filegate::dialects::smh {

inline constexpr std::size_t kHashChunkBytes = 1024 * 1024;

struct ContentHashes {
  std::string beginning;
  std::string full;
};

ContentHashes content_hashes(std::string_view bytes);
// Reads the blob (pread, chunk by chunk); `full` false stops after the first chunk and leaves `full` empty.
ContentHashes content_hashes(const core::BlobReader& blob, bool full);

}  // namespace filegate::dialects::smh
