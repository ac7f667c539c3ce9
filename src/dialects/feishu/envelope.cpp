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

// RFC 6749 §5.2's error for each of the OAuth endpoint's codes.
std::string_view oauth_error(std::string_view code) {
  if (code == "20001") return "invalid_request";
  if (code == "20002") return "invalid_client";
  if (code == "20036") return "unsupported_grant_type";
  if (code == "20050") return "server_error";
  return "invalid_grant";
}

}  // namespace

http::Exchange::StringResponse success(boost::json::object data) {
  return http::json_response(200, boost::json::object{{"code", 0}, {"msg", "success"}, {"data", std::move(data)}});
}

bhttp::response<bhttp::string_body> FeishuEnvelope::render(const http::Exchange& exchange,
                                                           const http::Refusal& refusal) const {
  const http::ErrorEntry& entry = refusal.entry();
  if (entry.name.starts_with("oauth.")) {
    auto res = http::json_response(entry.status, boost::json::object{{"code", code_value(entry.code)},
                                                                     {"error", oauth_error(entry.code)},
                                                                     {"error_description", refusal.message()}});
    http::apply_headers(res, refusal);
    return res;
  }
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
