#include "dialects/feishu/drive_bodies.hpp"

#include "dialects/feishu/errors.hpp"
#include "http/json_response.hpp"

namespace filegate::dialects::feishu {
namespace {

namespace json = boost::json;

[[noreturn]] void refuse(const http::ErrorEntry& entry) { throw http::Refusal(entry); }

}  // namespace

UploadTarget parse_upload_prepare(const std::string& body, std::uint64_t& size) {
  const auto json = http::parse_json_object(body);
  if (!json) refuse(errors::drive_params_error);
  UploadTarget target;
  auto text = [&](std::string_view key, std::string& out) {
    const json::value* v = json->if_contains(key);
    if (!v || !v->is_string()) refuse(errors::drive_params_error);
    out = std::string(v->as_string());
  };
  const json::value* size_value = json->if_contains("size");
  boost::system::error_code ec;
  const std::int64_t declared = size_value && !size_value->is_double() ? size_value->to_number<std::int64_t>(ec) : -1;
  if (!size_value || ec || declared < 0) refuse(errors::drive_params_error);
  size = static_cast<std::uint64_t>(declared);
  text("file_name", target.file_name);
  text("parent_type", target.parent_type);
  text("parent_node", target.parent_node);
  if (const json::value* extra = json->if_contains("extra"); extra && !extra->is_null()) {
    if (!extra->is_string()) refuse(errors::drive_params_error);
    target.extra = std::string(extra->as_string());
  }
  return target;
}

std::string parse_upload_finish(const std::string& body, std::uint64_t& block_num) {
  const auto json = http::parse_json_object(body);
  if (!json) refuse(errors::drive_params_error);
  const json::value* id = json->if_contains("upload_id");
  const json::value* num = json->if_contains("block_num");
  if (!id || !id->is_string() || id->as_string().empty() || !num || num->is_double()) {
    refuse(errors::drive_params_error);
  }
  boost::system::error_code ec;
  const std::int64_t n = num->to_number<std::int64_t>(ec);
  if (ec || n < 0) refuse(errors::drive_params_error);
  block_num = static_cast<std::uint64_t>(n);
  return std::string(id->as_string());
}

}  // namespace filegate::dialects::feishu
