// SMH's per-directory grants (the nearest grant on a path or above it decides; users without one, and requests
// without a user, are free) and space quotas (every version of every tree file counts; the recycle bin does not).
#include <gtest/gtest.h>

#include "dialects/smh/directory_grants.hpp"
#include "http/refusal.hpp"
#include "smh_model_fixture.hpp"

namespace filegate::dialects::smh {
namespace {

using Access = Model::DirectoryAccess;

class SmhDirectoryGrants : public test_support::SmhModelFixture {};

TEST_F(SmhDirectoryGrants, TheNearestGrantOnThePathOrAboveItDecides) {
  model_->set_directory_access(scope_, "alice", {"a"}, Access::read_only);
  model_->set_directory_access(scope_, "alice", {"a", "open"}, Access::full);
  model_->set_directory_access(scope_, "alice", {"a", "open", "closed"}, Access::none);
  EXPECT_EQ(model_->directory_access(scope_, "alice", {"a", "f.txt"}), Access::read_only);
  EXPECT_EQ(model_->directory_access(scope_, "alice", {"a"}), Access::read_only);
  EXPECT_EQ(model_->directory_access(scope_, "alice", {"a", "open", "f.txt"}), Access::full);
  EXPECT_EQ(model_->directory_access(scope_, "alice", {"a", "open", "closed", "x", "y"}), Access::none);
  EXPECT_EQ(model_->directory_access(scope_, "alice", {"ab", "f.txt"}), Access::full);  // a name, not a prefix
  EXPECT_EQ(model_->directory_access(scope_, "alice", {}), Access::full);
  EXPECT_EQ(model_->directory_access(scope_, "bob", {"a", "f.txt"}), Access::full);
  EXPECT_EQ(model_->directory_access(scope_, "", {"a", "f.txt"}), Access::full);
  EXPECT_EQ(model_->directory_access(Scope{scope_.library_id, "other"}, "alice", {"a"}), Access::full);
}

TEST_F(SmhDirectoryGrants, ReadOnlyRefusesWritesAndNoAccessRefusesReadsWithTheirCodes) {
  model_->set_directory_access(scope_, "alice", {"ro"}, Access::read_only);
  model_->set_directory_access(scope_, "alice", {"no"}, Access::none);
  const auto code = [&](const std::vector<std::string>& path, bool write) -> std::string {
    try {
      require_directory_access(*model_, scope_, "alice", path, write);
      return "allowed";
    } catch (const http::Refusal& refusal) {
      return std::string(refusal.entry().code);
    }
  };
  EXPECT_EQ(code({"ro", "f"}, false), "allowed");
  EXPECT_EQ(code({"ro", "f"}, true), "WriteForbidden");
  EXPECT_EQ(code({"no", "f"}, false), "ReadForbidden");
  EXPECT_EQ(code({"no", "f"}, true), "WriteForbidden");
  EXPECT_EQ(code({"free", "f"}, true), "allowed");
}

class SmhQuota : public test_support::SmhModelFixture {};

TEST_F(SmhQuota, EveryVersionCountsTheRecycleBinDoesNotAndTheLimitIsInclusive) {
  EXPECT_FALSE(model_->quota(scope_));
  EXPECT_NO_THROW(model_->require_quota(scope_, 1ull << 40));  // no quota: unlimited
  model_->set_quota(scope_, 10);
  EXPECT_EQ(model_->quota(scope_), 10u);
  put_file({"a.txt"}, "1234", "rename");
  put_file({"a.txt"}, "12345", "overwrite");  // a second version: 9 bytes in all
  EXPECT_EQ(model_->used_bytes(scope_), 9u);
  EXPECT_NO_THROW(model_->require_quota(scope_, 1));
  EXPECT_THROW(model_->require_quota(scope_, 2), http::Refusal);
  EXPECT_THROW(put_file({"b.txt"}, "xy", "rename"), http::Refusal);  // the confirm refuses
  EXPECT_FALSE(model_->node(scope_, {"b.txt"}));

  model_->remove(scope_, {"a.txt"}, /*permanent=*/false);
  EXPECT_EQ(model_->used_bytes(scope_), 0u);
  model_->set_quota(scope_, std::nullopt);
  EXPECT_FALSE(model_->quota(scope_));
}

}  // namespace
}  // namespace filegate::dialects::smh
