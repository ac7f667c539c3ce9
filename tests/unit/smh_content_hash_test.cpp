// SMH's instant-upload hashes (content_hash.hpp): one chunk is its SHA-256; longer content chains 1 MiB chunks; a
// stored blob read by pread gives the same as the bytes in memory.
#include <gtest/gtest.h>

#include <string>

#include "core/digests.hpp"
#include "core/text.hpp"
#include "dialects/smh/content_hash.hpp"
#include "smh_model_fixture.hpp"

namespace filegate::dialects::smh {
namespace {

std::string sha(std::string_view s) { return core::sha256_hex(core::as_bytes(s)); }

TEST(SmhContentHash, UpToOneChunkBothAreTheSha256) {
  EXPECT_EQ(content_hashes("abc").beginning, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(content_hashes("abc").full, content_hashes("abc").beginning);
  const std::string one_chunk(kHashChunkBytes, 'x');
  EXPECT_EQ(content_hashes(one_chunk).full, sha(one_chunk));
  EXPECT_EQ(content_hashes("").full, sha(""));
}

TEST(SmhContentHash, LongerContentChainsEachChunkOntoThePreviousHash) {
  const std::string first(kHashChunkBytes, 'a');
  const std::string second(kHashChunkBytes, 'b');
  const std::string third = "tail";
  const std::string h1 = sha(first);
  const std::string h2 = sha(*core::text::from_hex(h1) + second);
  const std::string h3 = sha(*core::text::from_hex(h2) + third);
  const ContentHashes hashes = content_hashes(first + second + third);
  EXPECT_EQ(hashes.beginning, h1);
  EXPECT_EQ(hashes.full, h3);
  EXPECT_NE(hashes.full, sha(first + second + third));  // not the plain SHA-256
}

class SmhStoredHash : public test_support::SmhModelFixture {};

TEST_F(SmhStoredHash, AStoredBlobHashesAsItsBytesAndIsFoundByEitherHash) {
  std::string bytes(2 * kHashChunkBytes + 7, '\0');
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 31 % 251);
  const Confirmed file = put_file({"f.bin"}, bytes, "rename");
  const auto object = store_->metadata().object(file.node.current.object_id);
  ASSERT_TRUE(object);
  const ContentHashes expected = content_hashes(bytes);
  EXPECT_EQ(content_hashes(store_->open(*object), true).full, expected.full);
  const ContentHashes beginning_only = content_hashes(store_->open(*object), false);
  EXPECT_EQ(beginning_only.beginning, expected.beginning);
  EXPECT_TRUE(beginning_only.full.empty());

  EXPECT_EQ(model_->object_with_hash(scope_, bytes.size(), expected.full, true), object->id);
  EXPECT_EQ(model_->object_with_hash(scope_, std::nullopt, expected.beginning, false), object->id);
  EXPECT_FALSE(model_->object_with_hash(scope_, bytes.size() + 1, expected.full, true));
  EXPECT_FALSE(model_->object_with_hash(scope_, bytes.size(), expected.beginning, true));
  EXPECT_FALSE(model_->object_with_hash(Scope{scope_.library_id, "other"}, bytes.size(), expected.full, true));
}

}  // namespace
}  // namespace filegate::dialects::smh
