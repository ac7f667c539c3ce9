#include "dialects/feishu/envelope.hpp"

#include "http/json_response.hpp"

namespace filegate::dialects::feishu {

http::Exchange::StringResponse success(boost::json::object data) {
  return http::json_response(200, boost::json::object{{"code", 0}, {"msg", "success"}, {"data", std::move(data)}});
}

http::Exchange::StringResponse failure(const http::Exchange& exchange, unsigned http_status, std::int64_t code,
                                       std::string_view msg) {
  const std::string& log_id = exchange.log_id();
  std::string troubleshooter =
      "排查建议查看(Troubleshooting suggestions): https://open.feishu.cn/search?from=openapi&log_id=" + log_id +
      "&code=" + std::to_string(code);
  return http::json_response(
      http_status,
      boost::json::object{
          {"code", code}, {"msg", msg}, {"error", {{"log_id", log_id}, {"troubleshooter", troubleshooter}}}});
}

http::Exchange::StringResponse rate_limited(const http::Exchange& exchange, std::uint32_t limit,
                                            std::int64_t reset_seconds) {
  auto res = failure(exchange, 429, 99991400, "request trigger frequency limit");
  res.set("x-ogw-ratelimit-limit", std::to_string(limit));
  res.set("x-ogw-ratelimit-reset", std::to_string(reset_seconds));
  return res;
}

}  // namespace filegate::dialects::feishu
