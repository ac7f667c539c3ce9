#include "dialects/smh/content_hash.hpp"

#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <vector>

#include "core/digests.hpp"
#include "core/text.hpp"

namespace filegate::dialects::smh {
namespace {

// The chain over chunks fed one at a time.
class ChainedHash {
 public:
  void add(std::string_view chunk) {
    std::string input = core::text::from_hex(last_).value_or("");
    input.append(chunk);
    last_ = core::sha256_hex(core::as_bytes(input));
    if (beginning_.empty()) beginning_ = last_;
  }
  ContentHashes finish() {
    if (beginning_.empty()) add({});  // an empty file: the SHA-256 of nothing
    return {beginning_, last_};
  }

 private:
  std::string last_;
  std::string beginning_;
};

}  // namespace

ContentHashes content_hashes(std::string_view bytes) {
  ChainedHash chain;
  for (std::size_t at = 0; at < bytes.size(); at += kHashChunkBytes) chain.add(bytes.substr(at, kHashChunkBytes));
  return chain.finish();
}

ContentHashes content_hashes(const core::BlobReader& blob, bool full) {
  ChainedHash chain;
  std::vector<char> buffer(kHashChunkBytes);
  for (std::uint64_t at = 0; at < blob.size;) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kHashChunkBytes, blob.size - at));
    std::size_t got = 0;
    while (got < want) {
      const ssize_t n = ::pread(blob.fd.get(), buffer.data() + got, want - got, static_cast<off_t>(at + got));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) throw std::runtime_error("reading a stored blob failed");
      got += static_cast<std::size_t>(n);
    }
    chain.add(std::string_view(buffer.data(), want));
    at += want;
    if (!full) {
      ContentHashes hashes = chain.finish();
      hashes.full.clear();
      return hashes;
    }
  }
  return chain.finish();
}

}  // namespace filegate::dialects::smh
