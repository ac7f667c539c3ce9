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

std::string Dialect::import_file(core::StagedBlob&, const ImportRequest&) {
  throw std::runtime_error("import into " + std::string(name()) + " is not supported yet");
}

}  // namespace filegate::dialects
