#include <gtest/gtest.h>

#include <string>

#include "core/digests.hpp"

using namespace filegate::core;

TEST(Crc64Xz, MatchesPublishedCheckValue) {
  // CRC-64/XZ check value from the CRC catalogue: crc("123456789").
  EXPECT_EQ(crc64_xz(as_bytes("123456789")), 11051210869376104954ull);
  EXPECT_EQ(crc64_xz(as_bytes("")), 0u);
}

TEST(Crc64Xz, ContinuesAcrossSplitInput) {
  const std::string text = "The quick brown fox jumps over the lazy dog";
  const std::uint64_t whole = crc64_xz(as_bytes(text));
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    std::uint64_t first = crc64_xz(as_bytes(std::string_view(text).substr(0, cut)));
    EXPECT_EQ(crc64_xz(as_bytes(std::string_view(text).substr(cut)), first), whole) << "cut at " << cut;
  }
}

TEST(Adler32, MatchesKnownVectors) {
  EXPECT_EQ(adler32(as_bytes("Wikipedia")), 0x11E60398u);
  EXPECT_EQ(adler32(as_bytes("")), 1u);
  EXPECT_EQ(adler32(as_bytes("123456789")), 0x091E01DEu);
}

TEST(Sha256, MatchesKnownVectors) {
  EXPECT_EQ(sha256_hex(as_bytes("")), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex(as_bytes("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(StreamHasher, ComputesEveryDigestInOnePass) {
  StreamHasher hasher(/*with_md5=*/true);
  hasher.update(as_bytes("1234"));
  hasher.update(as_bytes("56789"));
  const Digests d = hasher.finish();
  EXPECT_EQ(d.size, 9u);
  EXPECT_EQ(d.crc64, 11051210869376104954ull);
  EXPECT_EQ(d.adler32, 0x091E01DEu);
  EXPECT_EQ(d.sha256_hex, "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225");
  EXPECT_EQ(d.md5_hex, "25f9e794323b453885f5181f1b624d0b");
}

TEST(StreamHasher, LeavesMd5EmptyUnlessAsked) {
  StreamHasher hasher;
  hasher.update(as_bytes("abc"));
  EXPECT_TRUE(hasher.finish().md5_hex.empty());
}
