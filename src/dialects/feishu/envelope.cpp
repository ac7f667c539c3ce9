#include "dialects/feishu/envelope.hpp"

#include "core/text.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

// Feishu's codes are JSON numbers; the catalog keeps them as text.
boost::json::value code_value(std::string_view code) {
  if (const auto number = core::text::parse_i64(code)) return *number;
  return boost::json::string(code);
}

}  // namespace

http::Exchange::StringResponse success(boost::json::object data) {
  return http::json_response(200, boost::json::object{{"code", 0}, {"msg", "success"}, {"data", std::move(data)}});
}

bhttp::response<bhttp::string_body> FeishuEnvelope::render(const http::Exchange& exchange,
                                                           const http::Refusal& refusal) const {
  const http::ErrorEntry& entry = refusal.entry();
  boost::json::object body{{"code", code_value(entry.code)}, {"msg", refusal.message()}};
  if (entry.name.starts_with("auth.")) {
    body["data"] = boost::json::object();  // the token endpoints' flat shape
  } else {
    const std::string& log_id = exchange.log_id();
    body["error"] = boost::json::object{
        {"log_id", log_id},
        {"troubleshooter",
         "排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi&log_id=" + log_id +
             "&code=" + std::string(entry.code)}};
  }
  auto res = http::json_response(entry.status, std::move(body));
  http::apply_headers(res, refusal);
  return res;
}

void FeishuEnvelope::decorate(bhttp::fields& headers, std::string_view log_id) const {
  headers.set("X-Tt-Logid", log_id);
  headers.set("X-Request-Id", log_id);
}

}  // namespace filegate::dialects::feishu
