#include "core/ingest_pipeline.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

using filegate::core::as_bytes;
using filegate::core::Digests;
using filegate::core::IngestPipeline;
using filegate::core::StreamHasher;

namespace {

// Several buffers' worth and an odd tail, so full buffers, hand-offs and a short last buffer all happen.
std::string sample_bytes(char first) {
  std::string s(3 * IngestPipeline::kBufferSize + 4321, '\0');
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<char>((i * 2654435761u) >> 13);
  s[0] = first;
  return s;
}

Digests one_pass_digests(const std::string& bytes, bool with_md5) {
  StreamHasher hasher(with_md5);
  hasher.update(as_bytes(bytes));
  return hasher.finish();
}

void expect_same_digests(const Digests& got, const Digests& expected) {
  EXPECT_EQ(got.size, expected.size);
  EXPECT_EQ(got.sha256_hex, expected.sha256_hex);
  EXPECT_EQ(got.crc64, expected.crc64);
  EXPECT_EQ(got.adler32, expected.adler32);
  EXPECT_EQ(got.md5_hex, expected.md5_hex);
}

}  // namespace

TEST(IngestPipeline, FilledInPlaceTheSinkGetsEveryByteInOrderAndTheDigestsMatchOnePass) {
  for (const bool with_md5 : {false, true}) {
    const std::string input = sample_bytes(with_md5 ? 'm' : 'n');
    std::string sunk;
    IngestPipeline pipeline(with_md5, [&](std::span<const std::byte> b) {
      sunk.append(reinterpret_cast<const char*>(b.data()), b.size());
    });
    // Uneven fills, as socket reads come: 1 byte, then 70,001, then whatever room is left, over and over.
    std::size_t at = 0;
    for (std::size_t round = 0; at < input.size(); ++round) {
      const std::span<std::byte> room = pipeline.next_buffer();
      ASSERT_FALSE(room.empty());
      const std::size_t want = round % 3 == 0 ? 1 : round % 3 == 1 ? 70001 : room.size();
      const std::size_t n = std::min({want, room.size(), input.size() - at});
      std::memcpy(room.data(), input.data() + at, n);
      pipeline.commit(n);
      at += n;
      EXPECT_EQ(pipeline.size(), at);
    }
    const Digests digests = pipeline.finish();
    EXPECT_TRUE(sunk == input) << "with_md5=" << with_md5;
    expect_same_digests(digests, one_pass_digests(input, with_md5));
  }
}

TEST(IngestPipeline, CopiedInWritesGiveTheSameResult) {
  const std::string input = sample_bytes('c');
  std::string sunk;
  IngestPipeline pipeline(
      true, [&](std::span<const std::byte> b) { sunk.append(reinterpret_cast<const char*>(b.data()), b.size()); });
  for (std::size_t at = 0; at < input.size(); at += 300 * 1024) {
    pipeline.write(as_bytes(std::string_view(input).substr(at, 300 * 1024)));
  }
  const Digests digests = pipeline.finish();
  EXPECT_TRUE(sunk == input);
  expect_same_digests(digests, one_pass_digests(input, true));
}

TEST(IngestPipeline, SmallInputsReachTheSinkOnlyWhenFinished) {
  std::string sunk;
  IngestPipeline pipeline(
      false, [&](std::span<const std::byte> b) { sunk.append(reinterpret_cast<const char*>(b.data()), b.size()); });
  pipeline.write(as_bytes("hello "));
  pipeline.write(as_bytes("world"));
  EXPECT_EQ(pipeline.size(), 11u);
  EXPECT_TRUE(sunk.empty()) << "buffered until a buffer fills or the stream ends";
  const Digests digests = pipeline.finish();
  EXPECT_EQ(sunk, "hello world");
  expect_same_digests(digests, one_pass_digests("hello world", false));
}

TEST(IngestPipeline, CommittingMoreThanTheRoomGivenIsRefused) {
  IngestPipeline pipeline(false, [](std::span<const std::byte>) {});
  const std::size_t room = pipeline.next_buffer().size();
  EXPECT_THROW(pipeline.commit(room + 1), std::out_of_range);
}

// A failing disk write surfaces to the uploader, and dropping the pipeline afterwards waits for hashing in flight
// instead of freeing buffers under a helper (AddressSanitizer or a crash would show it).
TEST(IngestPipeline, ASinkErrorPropagatesAndTheRestUnwindsCleanly) {
  const std::string input = sample_bytes('e');
  auto pipeline =
      std::make_unique<IngestPipeline>(true, [](std::span<const std::byte>) { throw std::runtime_error("disk full"); });
  EXPECT_THROW(pipeline->write(as_bytes(input)), std::runtime_error);
  pipeline.reset();
}
