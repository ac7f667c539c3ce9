#include "dialects/coze/envelope.hpp"

#include "http/json_response.hpp"

namespace filegate::dialects::coze {
namespace {

unsigned http_status_for(std::int64_t code) {
  switch (code) {
    case kAuthenticationInvalid:
      return 401;
    case kNotFound:
      return 404;
    default:
      return 400;
  }
}

}  // namespace

http::Exchange::StringResponse file_success(const http::Exchange& exchange, const FileInfo& file) {
  boost::json::object data{
      {"id", file.id}, {"bytes", file.bytes}, {"file_name", file.file_name}, {"created_at", file.created_at}};
  return http::json_response(
      200, boost::json::object{
               {"code", 0}, {"msg", ""}, {"data", std::move(data)}, {"detail", {{"logid", exchange.log_id()}}}});
}

http::Exchange::StringResponse failure(const http::Exchange& exchange, std::int64_t code, std::string_view msg) {
  return http::json_response(
      http_status_for(code),
      boost::json::object{{"code", code}, {"msg", msg}, {"detail", {{"logid", exchange.log_id()}}}});
}

}  // namespace filegate::dialects::coze
