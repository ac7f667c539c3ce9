#include "dialects/coze/coze_dialect.hpp"
#include "dialects/dialect.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate::dialects {

std::span<const DialectEntry> registered_dialects() {
  static const DialectEntry all[] = {
      registry_entry<feishu::FeishuDialect>(),
      registry_entry<smh::SmhDialect>(),
      registry_entry<dingtalk::DingTalkDialect>(),
      registry_entry<coze::CozeDialect>(),
  };
  return all;
}

// What a dialect that has not implemented these yet answers.
std::string Dialect::import_file(core::StagedBlob&, const ImportRequest&) {
  throw UsageError("import into " + std::string(name()) + " is not supported yet");
}

void Dialect::apply_fixtures(FixtureTable& fixtures) {
  fixtures.fail("", "filegate takes no fixtures for " + std::string(name()) + " yet");
}

std::vector<FileHandle> Dialect::files() { return {}; }

bool Dialect::delete_file(std::string_view) { return false; }

}  // namespace filegate::dialects
