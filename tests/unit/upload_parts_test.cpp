// core::UploadParts::complete, the one way a multipart upload ends in an object: the checks it makes before joining,
// the single commit of the object with the dialect's records and the end of the session, and what a refusal or a
// failed commit leaves behind.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <variant>

#include "core/random_ids.hpp"
#include "core/upload_parts.hpp"
#include "upload_parts_fixture.hpp"

using namespace filegate::core;
namespace fs = std::filesystem;

namespace {

using Refused = UploadParts::Refused;
using Reason = Refused::Reason;
using Parts = std::vector<UploadedPart>;

class CompleteTest : public filegate::test_support::UploadPartsFixture {
 protected:
  void SetUp() override {
    UploadPartsFixture::SetUp();
    how_.object = {"x.bin", "application/octet-stream", "test"};
  }

  std::string read(const ObjectRecord& object) const {
    const BlobReader reader = store_->open(object);
    std::string out(reader.size, '\0');
    EXPECT_EQ(::pread(reader.fd.get(), out.data(), out.size(), 0), static_cast<ssize_t>(out.size()));
    return out;
  }

  // A completion that records the object under `key` of namespace "test.file" and returns the object.
  static auto record_as(std::string key) {
    return [key](const ObjectRecord& object, const Parts&, const UploadParts::Commit& commit) {
      commit(WriteBatch().create("test.file", key, {{"object_id", object.id}}));
      return object;
    };
  }

  // A completion that must not be reached.
  static auto never() {
    return [](const ObjectRecord& object, const Parts&, const UploadParts::Commit&) {
      ADD_FAILURE() << "the parts were joined";
      return object;
    };
  }

  UploadParts::Assembly how_;
};

TEST_F(CompleteTest, CommitsTheObjectTheRecordsAndTheEndOfTheSessionTogetherThenDropsTheParts) {
  const UploadSession s = uploads_->begin("1", "app", 10, 4, 60'000);
  put(s, 2, "89");
  put(s, 0, "XXXX");
  put(s, 1, "4567");
  put(s, 0, "0123");  // re-sent: the newest copy counts, the superseded file goes too
  Parts seen;
  const auto completed =
      uploads_->complete("1", how_, [&](const ObjectRecord& object, const Parts& parts, const UploadParts::Commit& c) {
        seen = parts;
        EXPECT_FALSE(store_->metadata().object(object.id)) << "recorded before the dialect's commit";
        c(WriteBatch().create("test.file", "f", {{"object_id", object.id}}));
        return object;
      });
  ASSERT_TRUE(std::holds_alternative<ObjectRecord>(completed));
  const ObjectRecord& object = std::get<ObjectRecord>(completed);
  EXPECT_EQ(read(object), "0123456789");
  EXPECT_EQ(object.name, "x.bin");
  EXPECT_EQ(object.origin, "test");
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].seq, 0u);

  ASSERT_TRUE(store_->metadata().object(object.id));
  const auto record = store_->metadata().record("test.file", "f");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->at("object_id").as_string(), object.id);
  EXPECT_FALSE(uploads_->find("1"));
  EXPECT_TRUE(uploads_->parts(s).empty());
  EXPECT_EQ(part_files(), 0u);
  // Ended: a second completion finds nothing.
  const auto again = uploads_->complete("1", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(again));
  EXPECT_EQ(std::get<Refused>(again).reason, Reason::unknown);
}

TEST_F(CompleteTest, MissingBlocksAreRefusedByTheirSeqs) {
  const UploadSession s = uploads_->begin("2", "app", 18, 4, 60'000);  // blocks 0..4, the last 2 bytes
  put(s, 0, "aaaa");
  put(s, 2, "cccc");
  const auto completed = uploads_->complete("2", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  const Refused& refused = std::get<Refused>(completed);
  EXPECT_EQ(refused.reason, Reason::missing_parts);
  EXPECT_EQ(refused.missing, (std::vector<std::uint64_t>{1, 3, 4}));
  EXPECT_EQ(uploads_->parts(s).size(), 2u);  // nothing changed
  EXPECT_EQ(part_files(), 2u);
}

TEST_F(CompleteTest, ABlockOfTheWrongLengthIsRefused) {
  const UploadSession s = uploads_->begin("3", "app", 10, 4, 60'000);
  put(s, 0, "0123");
  put(s, 1, "456");  // one short
  put(s, 2, "89");
  const auto completed = uploads_->complete("3", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  const Refused& refused = std::get<Refused>(completed);
  EXPECT_EQ(refused.reason, Reason::size_mismatch);
  ASSERT_TRUE(refused.seq);
  EXPECT_EQ(*refused.seq, 1u);
  EXPECT_EQ(refused.expected_size, 4u);
  EXPECT_EQ(refused.actual_size, 3u);
  EXPECT_TRUE(uploads_->find("3"));
}

TEST_F(CompleteTest, FreeSizedPartsNeedOneAtLeastNoGapsAndTheDeclaredTotal) {
  const UploadSession s = uploads_->begin("4", "user", 0, 0, 60'000);
  how_.first_seq = 1;
  auto completed = uploads_->complete("4", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  EXPECT_EQ(std::get<Refused>(completed).reason, Reason::no_parts);

  put(s, 1, "one-");
  put(s, 3, "three-");
  put(s, 5, "five");
  completed = uploads_->complete("4", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  EXPECT_EQ(std::get<Refused>(completed).reason, Reason::missing_parts);
  EXPECT_EQ(std::get<Refused>(completed).missing, (std::vector<std::uint64_t>{2, 4}));

  put(s, 2, "two-");
  put(s, 4, "four-");
  how_.total_size = 100;
  completed = uploads_->complete("4", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  EXPECT_EQ(std::get<Refused>(completed).reason, Reason::size_mismatch);
  EXPECT_FALSE(std::get<Refused>(completed).seq);
  EXPECT_EQ(std::get<Refused>(completed).expected_size, 100u);
  EXPECT_EQ(std::get<Refused>(completed).actual_size, 23u);

  how_.total_size = 23;
  const auto done = uploads_->complete("4", how_, record_as("f4"));
  ASSERT_TRUE(std::holds_alternative<ObjectRecord>(done));
  EXPECT_EQ(read(std::get<ObjectRecord>(done)), "one-two-three-four-five");
}

TEST_F(CompleteTest, GapsAllowedJoinsWhateverArrivedInOrder) {
  const UploadSession s = uploads_->begin("5", "user", 0, 0, 60'000);
  put(s, 7, "seven");
  put(s, 2, "two-");
  how_.gaps_allowed = true;
  const auto done = uploads_->complete("5", how_, record_as("f5"));
  ASSERT_TRUE(std::holds_alternative<ObjectRecord>(done));
  EXPECT_EQ(read(std::get<ObjectRecord>(done)), "two-seven");
}

TEST_F(CompleteTest, ASecondConcurrentCompletionIsRefusedAsBusy) {
  const UploadSession s = uploads_->begin("6", "app", 4, 4, 60'000);
  put(s, 0, "abcd");
  // The second arrives while the first is between joining and committing.
  const auto first =
      uploads_->complete("6", how_, [&](const ObjectRecord& object, const Parts&, const UploadParts::Commit& commit) {
        const auto second = uploads_->complete("6", how_, never());
        const Refused* refused = std::get_if<Refused>(&second);
        EXPECT_TRUE(refused && refused->reason == Reason::busy);
        commit({});
        return object;
      });
  EXPECT_TRUE(std::holds_alternative<ObjectRecord>(first));
}

TEST_F(CompleteTest, AClaimHeldByTheCallerSpansTheCompletion) {
  const UploadSession s = uploads_->begin("7", "app", 4, 4, 60'000);
  put(s, 0, "abcd");
  const auto claim = uploads_->claim_finish("7");
  ASSERT_TRUE(claim);
  const auto elsewhere = uploads_->complete("7", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(elsewhere));
  EXPECT_EQ(std::get<Refused>(elsewhere).reason, Reason::busy);
  const auto done = uploads_->complete(claim, how_, record_as("f7"));
  EXPECT_TRUE(std::holds_alternative<ObjectRecord>(done));
  EXPECT_FALSE(uploads_->claim_finish("7")) << "still held by the caller";
}

TEST_F(CompleteTest, AFailedCommitLeavesTheSessionAndItsPartsAsTheyWere) {
  const UploadSession s = uploads_->begin("8", "app", 8, 4, 60'000);
  put(s, 0, "abcd");
  put(s, 1, "efgh");
  store_->metadata().commit(WriteBatch().create("test.file", "taken", {{"object_id", "someone else's"}}));

  std::string object_id;
  EXPECT_THROW(uploads_->complete("8", how_,
                                  [&](const ObjectRecord& object, const Parts&, const UploadParts::Commit& commit) {
                                    object_id = object.id;
                                    commit(WriteBatch().create("test.file", "taken", {{"object_id", object.id}}));
                                    return object;
                                  }),
               RecordExists);
  ASSERT_FALSE(object_id.empty());
  EXPECT_FALSE(store_->metadata().object(object_id)) << "the object was recorded without its records";
  EXPECT_EQ(store_->metadata().record("test.file", "taken")->at("object_id").as_string(), "someone else's");
  ASSERT_TRUE(uploads_->find("8"));
  EXPECT_EQ(uploads_->parts(s).size(), 2u);
  EXPECT_EQ(part_files(), 2u);

  // The claim went with the failure: a retry completes.
  const auto done = uploads_->complete("8", how_, record_as("free"));
  ASSERT_TRUE(std::holds_alternative<ObjectRecord>(done));
  EXPECT_EQ(read(std::get<ObjectRecord>(done)), "abcdefgh");
}

TEST_F(CompleteTest, ACommitRefusedWithRecordExistsMayBeRetriedWithOtherWrites) {
  const UploadSession s = uploads_->begin("9", "app", 4, 4, 60'000);
  put(s, 0, "abcd");
  store_->metadata().commit(WriteBatch().create("test.file", "name", {}));
  const auto done =
      uploads_->complete("9", how_, [&](const ObjectRecord& object, const Parts&, const UploadParts::Commit& commit) {
        try {
          commit(WriteBatch().create("test.file", "name", {{"object_id", object.id}}));
        } catch (const RecordExists&) {
          commit(WriteBatch().create("test.file", "name (1)", {{"object_id", object.id}}));
        }
        return object;
      });
  ASSERT_TRUE(std::holds_alternative<ObjectRecord>(done));
  EXPECT_TRUE(store_->metadata().object(std::get<ObjectRecord>(done).id));
  EXPECT_TRUE(store_->metadata().record("test.file", "name (1)"));
  EXPECT_FALSE(uploads_->find("9"));
  EXPECT_EQ(part_files(), 0u);
}

TEST_F(CompleteTest, ACompletionThatDoesNotCommitEndsNothing) {
  const UploadSession s = uploads_->begin("10", "app", 4, 4, 60'000);
  put(s, 0, "abcd");
  const auto done = uploads_->complete("10", how_, [](const ObjectRecord&, const Parts&, const UploadParts::Commit&) {
    return std::string("existing");
  });
  ASSERT_TRUE(std::holds_alternative<std::string>(done));
  ASSERT_TRUE(uploads_->find("10"));
  EXPECT_EQ(uploads_->parts(s).size(), 1u);
  EXPECT_EQ(part_files(), 1u);
}

TEST_F(CompleteTest, ExpiredAndUnknownSessionsAreRefused) {
  const UploadSession s = uploads_->begin("11", "app", 4, 4, 1'000);
  put(s, 0, "abcd");
  clock_.advance_ms(1'000);
  auto completed = uploads_->complete("11", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  EXPECT_EQ(std::get<Refused>(completed).reason, Reason::expired);
  completed = uploads_->complete("nope", how_, never());
  ASSERT_TRUE(std::holds_alternative<Refused>(completed));
  EXPECT_EQ(std::get<Refused>(completed).reason, Reason::unknown);
}

TEST_F(CompleteTest, PartsCarryTheTimeTheirNewestCopyWasKept) {
  const UploadSession s = uploads_->begin("12", "app", 8, 4, 60'000);
  const std::int64_t start = clock_.now_ms();
  put(s, 0, "abcd");
  clock_.advance_ms(5'000);
  put(s, 1, "efgh");
  clock_.advance_ms(5'000);
  put(s, 0, "ABCD");  // re-sent
  auto parts = uploads_->parts(s);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].modified_at_ms, start + 10'000);
  EXPECT_EQ(parts[1].modified_at_ms, start + 5'000);

  // Kept in the part's record, so it survives a restart.
  uploads_.reset();
  store_.reset();
  store_ = Store::open_embedded(dir_, clock_);
  uploads_ = std::make_unique<UploadParts>(*store_, "test.upload");
  parts = uploads_->parts(*uploads_->find("12"));
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].modified_at_ms, start + 5'000);
}

}  // namespace
