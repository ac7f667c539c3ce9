// examples/fixtures.toml, which docs/fixtures.md points users at, applies to every dialect, twice to the same state.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "control/fixtures.hpp"
#include "control/store_state.hpp"
#include "dialect_fixture.hpp"

namespace filegate {
namespace {

TEST(ExampleFixturesTest, TheExampleFileAppliesToEveryDialectTwiceToTheSameState) {
  const auto entries = dialects::registered_dialects();
  test_support::DialectHarness harness(entries.front());
  std::vector<std::unique_ptr<dialects::Dialect>> others;
  std::vector<dialects::Dialect*> all = {harness.dialect.get()};
  for (const auto& entry : entries.subspan(1)) all.push_back(others.emplace_back(entry.make(harness.services)).get());

  const auto document = control::FixturesDocument::from_file(std::filesystem::path(FILEGATE_SOURCE_DIR) / ".." /
                                                             "examples" / "fixtures.toml");
  document.apply(all);
  const auto first = control::list_objects(*harness.store, all);
  document.apply(all);
  EXPECT_EQ(control::list_objects(*harness.store, all), first);

  std::set<std::string> with_files;
  for (const auto& object : first) {
    for (const auto& handle : object.as_object().at("handles").as_array()) {
      with_files.insert(std::string(handle.as_object().at("dialect").as_string()));
    }
  }
  EXPECT_EQ(with_files, (std::set<std::string>{"coze", "dingtalk", "feishu", "smh"}));
}

}  // namespace
}  // namespace filegate
