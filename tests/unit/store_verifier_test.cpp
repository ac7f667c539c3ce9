#include "core/store_verifier.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <vector>

#include "upload_parts_fixture.hpp"

namespace {
using namespace filegate::core;
namespace fs = std::filesystem;

class StoreVerifierTest : public filegate::test_support::UploadPartsFixture {
 protected:
  ObjectRecord store_object(std::string_view bytes) {
    auto staged = stage_bytes(*store_, bytes);
    return store_->commit_object(*staged, {"f.txt", "text/plain", "test"}, [](const ObjectRecord& o) {
      return WriteBatch().put("test.file", o.id, {{"object_id", o.id}});
    });
  }
  fs::path blob_path(const ObjectRecord& o) const {
    const std::string& sha = o.digests.sha256_hex;
    return dir_ / "blobs" / sha.substr(0, 2) / sha.substr(2, 2) / sha;
  }
  std::vector<StoreProblem> verify(VerifyReport* report = nullptr) {
    std::vector<StoreProblem> problems;
    const VerifyReport r = verify_store(*store_, [&](const StoreProblem& p) { problems.push_back(p); });
    if (report) *report = r;
    return problems;
  }
};

TEST_F(StoreVerifierTest, AnIntactStoreHasNoProblem) {
  store_object("first");
  store_object("second, longer");
  VerifyReport report;
  EXPECT_TRUE(verify(&report).empty());
  EXPECT_EQ(report.blobs, 2U);
  EXPECT_EQ(report.objects, 2U);
  EXPECT_EQ(report.bytes, std::string_view("firstsecond, longer").size());
}

TEST_F(StoreVerifierTest, AFlippedByteIsFoundAndQuarantineTakesTheBlobOutOfReach) {
  const ObjectRecord o = store_object("bytes that will rot");
  const ObjectRecord intact = store_object("intact bytes");
  {
    std::fstream f(blob_path(o), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('X');
  }
  std::vector<StoreProblem> problems = verify();
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].blob, o.digests.sha256_hex);
  EXPECT_TRUE(problems[0].object.empty());
  EXPECT_NE(problems[0].problem.find("not to its address"), std::string::npos) << problems[0].problem;

  EXPECT_TRUE(store_->blobs().quarantine_blob(o.digests.sha256_hex));
  EXPECT_TRUE(fs::exists(dir_ / "quarantine" / o.digests.sha256_hex));
  EXPECT_THROW(store_->open(o), std::exception) << "never the damaged bytes";
  EXPECT_NO_THROW(store_->open(intact));
  problems = verify();
  ASSERT_EQ(problems.size(), 1U);
  EXPECT_EQ(problems[0].object, o.id);
  EXPECT_NE(problems[0].problem.find("not stored"), std::string::npos) << problems[0].problem;
  EXPECT_FALSE(store_->blobs().quarantine_blob(o.digests.sha256_hex)) << "already gone";
}

TEST_F(StoreVerifierTest, ATruncatedBlobIsFoundAsDamagedAndOfAnotherSize) {
  const ObjectRecord o = store_object("bytes that will be cut short");
  fs::resize_file(blob_path(o), 5);
  const std::vector<StoreProblem> problems = verify();
  ASSERT_EQ(problems.size(), 2U);
  EXPECT_TRUE(problems[0].object.empty()) << "the blob's own damage first";
  EXPECT_EQ(problems[1].object, o.id);
  EXPECT_NE(problems[1].problem.find("holds 5 bytes"), std::string::npos) << problems[1].problem;
}

}  // namespace
