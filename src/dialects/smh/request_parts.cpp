#include "dialects/smh/request_parts.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/path.hpp"
#include "dialects/smh/wire.hpp"
#include "http/json_response.hpp"
#include "http/request_head.hpp"

namespace filegate::dialects::smh {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

bool selector(const http::Exchange& exchange, std::string_view name) {
  const auto value = exchange.request().query(name);
  return value && *value != "0" && *value != "false";
}

std::string decoded_param(const http::Exchange& exchange, const std::string& name) {
  const std::string& raw = exchange.param(name);
  return http::percent_decode(raw).value_or(raw);
}

std::vector<std::string> request_path(const http::Exchange& exchange, bool last_is_file) {
  DecodedPath decoded = decode_path(exchange.param("path"), last_is_file);
  if (!decoded.ok()) {
    const http::ErrorEntry* entry = http::find_error(errors::api_errors, decoded.error);
    throw http::Refusal(entry ? *entry : errors::illegal_file_name);
  }
  return std::move(decoded.segments);
}

boost::json::object json_body(const std::string& body) {
  if (body.empty()) return {};
  return http::parse_json_object(body).value_or(boost::json::object{});
}

std::string conflict_strategy(const http::Exchange& exchange, std::string_view fallback,
                              const std::vector<std::string_view>& allowed) {
  const auto value = exchange.request().query("conflict_resolution_strategy");
  if (!value || value->empty()) return std::string(fallback);
  if (std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
    throw http::Refusal(errors::invalid_conflict_strategy);
  }
  return *value;
}

std::uint64_t number_param(const http::Exchange& exchange, std::string_view name, std::uint64_t fallback) {
  const auto value = exchange.request().query(name);
  if (!value || value->empty()) return fallback;
  const auto number = core::text::parse_u64(*value);
  if (!number) throw http::Refusal(errors::param_invalid, std::string(name) + " must be a non-negative integer");
  return *number;
}

Meta meta_headers(const http::Exchange& exchange) {
  constexpr std::string_view kPrefix = "x-smh-meta-";
  Meta meta;
  for (const auto& field : exchange.request().headers()) {
    std::string name = lower(field.name_string());
    if (name.size() > kPrefix.size() && name.starts_with(kPrefix)) meta[name] = std::string(field.value());
  }
  return meta;
}

bool grants_allow(std::string_view grant, Need need) {
  if (need == Need::read || grant.empty()) return true;
  std::vector<std::string_view> accepted = {"admin", "space_admin"};
  switch (need) {
    case Need::upload:
      accepted.insert(accepted.end(), {"upload_file", "upload_file_force", "begin_upload", "confirm_upload"});
      break;
    case Need::create_directory:
      accepted.emplace_back("create_directory");
      break;
    case Need::remove:
      accepted.insert(accepted.end(), {"delete_file", "delete_directory", "delete"});
      break;
    // The grants the move and copy docs name (1339/71141, 1283/75446, 1339/71148, 1339/71149).
    case Need::move_file:
      accepted.insert(accepted.end(), {"move_file", "move_file_force"});
      break;
    case Need::copy_file:
      accepted.insert(accepted.end(), {"copy_file", "copy_file_force"});
      break;
    case Need::move_directory:
      accepted.emplace_back("move_directory");
      break;
    case Need::copy_directory:
      accepted.emplace_back("copy_directory");
      break;
    // The history API's doc: set_history_latest / delete_history (or admin, space_admin).
    case Need::set_history_latest:
      accepted.emplace_back("set_history_latest");
      break;
    case Need::delete_history:
      accepted.emplace_back("delete_history");
      break;
    case Need::read:
      break;
  }
  while (!grant.empty()) {
    const std::size_t comma = grant.find(',');
    const std::string_view item = grant.substr(0, comma);
    if (std::find(accepted.begin(), accepted.end(), item) != accepted.end()) return true;
    if (comma == std::string_view::npos) break;
    grant = grant.substr(comma + 1);
  }
  return false;
}

}  // namespace filegate::dialects::smh
