#include "dialects/dingtalk/body_rules.hpp"

#include <algorithm>

#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/errors.hpp"
#include "dialects/dingtalk/naming.hpp"
#include "http/refusal.hpp"

namespace filegate::dialects::dingtalk {
namespace {

constexpr std::int64_t kMaxPartNumber = 10'000;  // OSS's limit on parts per upload
constexpr std::size_t kMaxPartsPerQuery = 100;
constexpr std::int64_t kDefaultPageSize = 50;
constexpr std::int64_t kMaxPageSize = 50;
constexpr std::size_t kMaxBatch = 100;

}  // namespace

// The checks uploadInfos and multipart init share on option.preCheckParam.
void check_precheck(const boost::json::object* option, const boost::json::object* precheck) {
  const std::string driver = string_field(option, "storageDriver");
  if (!driver.empty() && driver != "DINGTALK") {
    throw http::Refusal(errors::param_invalid, "storageDriver " + driver + " is not supported");
  }
  const std::string name = string_field(precheck, "name");
  if (precheck && precheck->contains("name") && !is_valid_name(name)) {
    throw http::Refusal(errors::param_invalid, "preCheckParam.name is invalid");
  }
  bool valid = true;
  const auto size = integer_field(precheck, "size", valid);
  if (!valid || (size && *size < 0)) throw http::Refusal(errors::param_invalid, "preCheckParam.size is invalid");
}

// uploadInfos takes single-PUT uploads with the HEADER_SIGNATURE protocol only.
void check_upload_info_request(const boost::json::object& body) {
  const std::string protocol = string_field(&body, "protocol");
  if (protocol.empty()) throw http::Refusal(errors::param_invalid, "protocol is required");
  if (protocol != "HEADER_SIGNATURE") throw http::Refusal(errors::upload_protocol_not_supported);
  if (bool_field(&body, "multipart")) {
    throw http::Refusal(
        errors::param_invalid,
        "multipart uploads start with POST /v1.0/storage/spaces/{spaceId}/files/multiPartUploadInfos/init");
  }
}

// partNumbers of a multipart info query: 1 to 100 numbers, each from 1 to 10,000.
std::vector<std::int64_t> part_numbers(const boost::json::object& body) {
  std::vector<std::int64_t> numbers;
  bool valid = true;
  if (const auto* list = body.if_contains("partNumbers"); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      if (!item.is_int64() || item.as_int64() < 1 || item.as_int64() > kMaxPartNumber) {
        valid = false;
      } else {
        numbers.push_back(item.as_int64());
      }
    }
  }
  if (!valid || numbers.empty() || numbers.size() > kMaxPartsPerQuery) {
    throw http::Refusal(errors::param_invalid, "partNumbers must list 1 to 100 numbers from 1 to 10000");
  }
  return numbers;
}

std::size_t page_size(const std::optional<std::string>& text) {
  if (!text || text->empty()) return kDefaultPageSize;
  const auto n = core::text::parse_i64(*text);
  if (!n || *n < 1) throw http::Refusal(errors::param_invalid, "maxResults must be a positive integer");
  return static_cast<std::size_t>(std::min(*n, kMaxPageSize));
}

std::vector<std::string> id_list(const boost::json::object& body, std::string_view key) {
  std::vector<std::string> ids;
  bool valid = true;
  if (const auto* list = body.if_contains(key); list && list->is_array()) {
    for (const auto& item : list->as_array()) {
      boost::json::object one;
      one["id"] = item;
      std::string id = string_field(&one, "id");
      if (id.empty()) valid = false;
      ids.push_back(std::move(id));
    }
  }
  if (!valid || ids.empty() || ids.size() > kMaxBatch) {
    throw http::Refusal(errors::param_invalid, std::string(key) + " must list 1 to 100 ids");
  }
  return ids;
}

ConflictStrategy conflict_strategy(const boost::json::object* option) {
  const auto strategy = parse_conflict_strategy(string_field(option, "conflictStrategy"));
  if (!strategy) throw http::Refusal(errors::param_invalid, "option.conflictStrategy is invalid");
  return *strategy;
}

std::optional<std::int64_t> requested_version(const boost::json::object& body) {
  const auto* option = object_field(body, "option");
  bool version_valid = true;
  const auto requested = integer_field(option, "version", version_valid);
  const std::string protocol = string_field(option, "protocol");
  if (!version_valid || (requested && *requested < 1)) {
    throw http::Refusal(errors::param_invalid, "option.version is invalid");
  }
  if (!protocol.empty() && protocol != "HEADER_SIGNATURE") {
    throw http::Refusal(errors::download_protocol_not_supported);
  }
  return requested;
}

}  // namespace filegate::dialects::dingtalk
