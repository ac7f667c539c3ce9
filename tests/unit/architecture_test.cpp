// The layering of src/ (src/README.md), checked on the sources: core/ and http/ know no platform, a dialect includes
// no other dialect. A sixth dialect that copies the wrong header fails here, not in review.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Include {
  std::string file;    // relative to src/
  std::string target;  // as written between the quotes
};

std::vector<Include> project_includes() {
  const fs::path root(FILEGATE_SOURCE_DIR);
  const std::regex include_line(R"(^\s*#\s*include\s*"([^"]+)\")");
  std::vector<Include> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".hpp") continue;
    std::ifstream in(entry.path());
    std::string line;
    std::smatch m;
    while (std::getline(in, line)) {
      if (std::regex_search(line, m, include_line)) {
        out.push_back({fs::relative(entry.path(), root).generic_string(), m[1]});
      }
    }
  }
  return out;
}

// "dialects/feishu/model.hpp" → "feishu"; "" for anything not inside a dialect's folder.
std::string dialect_of(const std::string& path) {
  static const std::regex dialect_path(R"(^dialects/([^/]+)/)");
  std::smatch m;
  return std::regex_search(path, m, dialect_path) ? std::string(m[1]) : std::string();
}

TEST(Architecture, SourcesAreFound) { EXPECT_GT(project_includes().size(), 100u) << FILEGATE_SOURCE_DIR; }

TEST(Architecture, CoreAndHttpIncludeNoDialect) {
  for (const Include& inc : project_includes()) {
    if (inc.file.starts_with("core/")) {
      EXPECT_FALSE(inc.target.starts_with("dialects/") || inc.target.starts_with("http/") ||
                   inc.target.starts_with("cli/"))
          << inc.file << " includes " << inc.target;
    }
    if (inc.file.starts_with("http/")) {
      EXPECT_FALSE(inc.target.starts_with("dialects/") || inc.target.starts_with("cli/"))
          << inc.file << " includes " << inc.target;
    }
  }
}

TEST(Architecture, NoDialectIncludesAnother) {
  for (const Include& inc : project_includes()) {
    const std::string own = dialect_of(inc.file);
    const std::string other = dialect_of(inc.target);
    if (!own.empty() && !other.empty()) {
      EXPECT_EQ(own, other) << inc.file << " includes " << inc.target;
    }
  }
}

// The CLI and the control plane reach dialects only through the registry (dialect.hpp), so adding a dialect needs
// no change in either; nothing below them includes them.
TEST(Architecture, CliAndControlKnowNoDialectFolder) {
  for (const Include& inc : project_includes()) {
    if (inc.file.starts_with("cli/") || inc.file.starts_with("control/")) {
      EXPECT_EQ(dialect_of(inc.target), "") << inc.file << " includes " << inc.target;
    }
    if (inc.file.starts_with("core/") || inc.file.starts_with("http/") || inc.file.starts_with("dialects/")) {
      EXPECT_FALSE(inc.target.starts_with("control/") || inc.target.starts_with("cli/"))
          << inc.file << " includes " << inc.target;
    }
  }
}

TEST(Architecture, TheDialectPatternRecognisesFolders) {
  EXPECT_EQ(dialect_of("dialects/feishu/model.hpp"), "feishu");
  EXPECT_EQ(dialect_of("dialects/dialect.hpp"), "");
  EXPECT_EQ(dialect_of("core/store.hpp"), "");
}

}  // namespace
