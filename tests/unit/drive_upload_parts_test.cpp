// Chunked-upload bookkeeping (core::UploadParts and the block arithmetic) and the Adler-32 that Feishu Drive calls
// "checksum".
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <variant>

#include "core/random_ids.hpp"
#include "core/upload_parts.hpp"
#include "upload_parts_fixture.hpp"
#include "core/text.hpp"
#include "dialects/feishu/drive_rules.hpp"

using namespace filegate::core;
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kBlock = 4 * 1024 * 1024;

TEST(DriveBlocks, CountsBlocksWithARemainder) {
  EXPECT_EQ(block_count(0, kBlock), 0u);
  EXPECT_EQ(block_count(1, kBlock), 1u);
  EXPECT_EQ(block_count(kBlock, kBlock), 1u);
  EXPECT_EQ(block_count(kBlock + 1, kBlock), 2u);
  EXPECT_EQ(block_count(3 * kBlock + 12345, kBlock), 4u);
  EXPECT_EQ(block_count(10, 0), 0u);
}

TEST(DriveBlocks, LastBlockIsTheRemainder) {
  const std::uint64_t size = 3 * kBlock + 12345;
  EXPECT_EQ(block_length(size, kBlock, 0), kBlock);
  EXPECT_EQ(block_length(size, kBlock, 2), kBlock);
  EXPECT_EQ(block_length(size, kBlock, 3), 12345u);
  EXPECT_EQ(block_length(size, kBlock, 4), 0u);            // out of range
  EXPECT_EQ(block_length(2 * kBlock, kBlock, 1), kBlock);  // exact multiple: no short block
}

TEST(DriveBlocks, MissingBlocksIgnoresOrderDuplicatesAndStrays) {
  EXPECT_EQ(missing_blocks(4, {3, 0, 3, 9}), (std::vector<std::uint64_t>{1, 2}));
  EXPECT_TRUE(missing_blocks(3, {2, 1, 0}).empty());
  EXPECT_TRUE(missing_blocks(0, {}).empty());
  EXPECT_EQ(missing_blocks(2, {}), (std::vector<std::uint64_t>{0, 1}));
}

TEST(DriveAdler32, MatchesPublishedVectorsAndStreams) {
  EXPECT_EQ(adler32(as_bytes("Wikipedia")), 0x11E60398u);
  EXPECT_EQ(adler32(as_bytes("")), 1u);
  // Fed in pieces (as parts stream in) it equals the one-shot value.
  EXPECT_EQ(adler32(as_bytes("pedia"), adler32(as_bytes("Wiki"))), 0x11E60398u);
  // Over 5552 bytes of 0xff the sums must be reduced modulo 65521 correctly.
  const std::string ones(100'000, '\xff');
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : ones) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  EXPECT_EQ(adler32(as_bytes(ones)), (b << 16) | a);
}

// Drive's "size", "seq" and "checksum" form fields are read with core::text::parse_u64.
TEST(DriveChecksumField, ParsesDecimalsOnly) {
  const auto parse_decimal = [](std::string_view s) { return filegate::core::text::parse_u64(s); };
  EXPECT_EQ(parse_decimal("3248270248"), 3248270248u);
  EXPECT_EQ(parse_decimal("0"), 0u);
  EXPECT_FALSE(parse_decimal(""));
  EXPECT_FALSE(parse_decimal("-1"));
  EXPECT_FALSE(parse_decimal("12a"));
  EXPECT_FALSE(parse_decimal("0x10"));
}

TEST(DriveFileName, LimitsCharactersNotBytes) {
  using filegate::dialects::feishu::is_valid_file_name;
  EXPECT_TRUE(is_valid_file_name("a.png"));
  EXPECT_TRUE(is_valid_file_name(std::string(250, 'a')));
  EXPECT_FALSE(is_valid_file_name(std::string(251, 'a')));
  std::string chinese;
  for (int i = 0; i < 250; ++i) chinese += "测";  // 750 bytes, 250 characters
  EXPECT_TRUE(is_valid_file_name(chinese));
  EXPECT_FALSE(is_valid_file_name(""));
  EXPECT_FALSE(is_valid_file_name("a\nb"));
  EXPECT_FALSE(is_valid_file_name("\xff\xfe"));
}

using UploadPartsTest = filegate::test_support::UploadPartsFixture;

TEST_F(UploadPartsTest, PartsOutOfOrderAndResentAssembleInOrder) {
  const UploadSession s = uploads_->begin("42", "app", 10, 4, 60'000, {{"file_name", "x.bin"}});
  put(s, 2, "89");
  put(s, 0, "XXXX");  // wrong copy first ...
  put(s, 1, "4567");
  put(s, 0, "0123");  // ... then re-sent: the newest copy counts
  const auto parts = uploads_->parts(s);
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].seq, 0u);
  EXPECT_EQ(parts[0].digests.adler32, adler32(as_bytes("0123")));
  EXPECT_EQ(parts[2].digests.size, 2u);

  UploadParts::Assembly how;
  how.object = {"x.bin", "application/octet-stream", "test"};
  const auto completed = uploads_->complete(
      "42", how, [](const ObjectRecord& o, const std::vector<UploadedPart>&, const UploadParts::Commit& commit) {
        commit({});
        return o;
      });
  ASSERT_TRUE(std::holds_alternative<ObjectRecord>(completed));
  const ObjectRecord& object = std::get<ObjectRecord>(completed);
  EXPECT_EQ(object.digests.size, 10u);
  EXPECT_EQ(object.digests.sha256_hex, sha256_hex(as_bytes("0123456789")));
  BlobReader reader = store_->open(object);
  std::string out(reader.size, '\0');
  ASSERT_EQ(::pread(reader.fd.get(), out.data(), out.size(), 0), 10);
  EXPECT_EQ(out, "0123456789");

  EXPECT_FALSE(uploads_->find("42"));  // the session ended with the commit
  EXPECT_TRUE(uploads_->parts(s).empty());
  EXPECT_EQ(part_files(), 0u);  // superseded copies included
}

TEST_F(UploadPartsTest, SessionsSurviveReopeningTheStore) {
  const UploadSession s = uploads_->begin("7", "app", 8, 4, 60'000);
  put(s, 1, "bbbb");
  uploads_.reset();
  store_.reset();
  store_ = Store::open_embedded(dir_, clock_);
  EXPECT_EQ(store_->blobs().remove_orphaned_stages(), 0u);  // kept parts are not stray stages
  uploads_ = std::make_unique<UploadParts>(*store_, "test.upload");
  const auto found = uploads_->find("7");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->owner, "app");
  EXPECT_EQ(found->total_size, 8u);
  EXPECT_EQ(found->block_size, 4u);
  put(*found, 0, "aaaa");
  const auto completed = uploads_->complete(
      "7", {}, [](const ObjectRecord& o, const std::vector<UploadedPart>&, const UploadParts::Commit& commit) {
        commit({});
        return o.digests.sha256_hex;
      });
  ASSERT_TRUE(std::holds_alternative<std::string>(completed));
  EXPECT_EQ(std::get<std::string>(completed), sha256_hex(as_bytes("aaaabbbb")));
}

TEST_F(UploadPartsTest, DuplicateIdIsRefused) {
  uploads_->begin("1", "app", 1, 4, 60'000);
  EXPECT_THROW(uploads_->begin("1", "other", 1, 4, 60'000), RecordExists);
}

TEST_F(UploadPartsTest, ExpiryAndSweep) {
  const UploadSession s = uploads_->begin("9", "app", 4, 4, 1'000);
  put(s, 0, "abcd");
  EXPECT_FALSE(uploads_->expired(s));
  clock_.advance_ms(1'000);
  EXPECT_TRUE(uploads_->expired(*uploads_->find("9")));

  // The sweep frees the parts but keeps the session, so it can still be reported as expired.
  EXPECT_EQ(uploads_->sweep_expired(10'000, 0), 1u);
  EXPECT_EQ(part_files(), 0u);
  EXPECT_TRUE(uploads_->parts(s).empty());
  ASSERT_TRUE(uploads_->find("9"));
  EXPECT_EQ(uploads_->sweep_expired(10'000, 0), 0u);  // nothing more to do

  clock_.advance_ms(10'000);
  EXPECT_EQ(uploads_->sweep_expired(10'000, 0), 1u);
  EXPECT_FALSE(uploads_->find("9"));
}

TEST_F(UploadPartsTest, ExpireNowAndOneFinishAtATime) {
  const UploadSession s = uploads_->begin("5", "app", 4, 4, 60'000);
  {
    auto first = uploads_->claim_finish("5");
    EXPECT_TRUE(first);
    EXPECT_FALSE(uploads_->claim_finish("5"));
  }
  EXPECT_TRUE(uploads_->claim_finish("5"));  // released with the guard
  uploads_->expire_now(s);
  EXPECT_TRUE(uploads_->expired(*uploads_->find("5")));
}

TEST_F(UploadPartsTest, PartNamesCannotEscapeTheirDirectory) {
  auto staged = store_->stage();
  EXPECT_THROW(store_->blobs().keep_part(*staged, "..", "x"), std::invalid_argument);
  EXPECT_THROW(store_->blobs().keep_part(*staged, "u1", "a/b"), std::invalid_argument);
}

}  // namespace
