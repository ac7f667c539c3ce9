#include "dialects/dialect.hpp"
#include "dialects/coze/coze_dialect.hpp"
#include "dialects/dingtalk/dingtalk_dialect.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "dialects/smh/smh_dialect.hpp"

namespace filegate::dialects {

std::vector<std::unique_ptr<Dialect>> make_all_dialects(Services& services) {
  std::vector<std::unique_ptr<Dialect>> all;
  all.push_back(std::make_unique<feishu::FeishuDialect>(services));
  all.push_back(std::make_unique<smh::SmhDialect>(services));
  all.push_back(std::make_unique<dingtalk::DingTalkDialect>(services));
  all.push_back(std::make_unique<coze::CozeDialect>(services));
  return all;
}

}  // namespace filegate::dialects
