#pragma once
// The request-body rules of DingTalk's upload and download calls that need no stored state. Pure functions (the
// fuzzers call them): a body the platform would refuse throws its refusal (paramError and friends, errors.hpp).
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dialects/dingtalk/model.hpp"

namespace filegate::dialects::dingtalk {

// The checks uploadInfos and multipart init share on option (storageDriver) and option.preCheckParam (name, size);
// either object may be absent (null).
void check_precheck(const boost::json::object* option, const boost::json::object* precheck);

// uploadInfos takes single-PUT uploads with the HEADER_SIGNATURE protocol only.
void check_upload_info_request(const boost::json::object& body);

// partNumbers of a multipart info query: 1 to 100 numbers, each from 1 to 10,000.
std::vector<std::int64_t> part_numbers(const boost::json::object& body);

// The version a downloadInfos/query body asks for (option.version, at least 1; nullopt: the latest), after its
// option.protocol has been checked (HEADER_SIGNATURE or absent).
std::optional<std::int64_t> requested_version(const boost::json::object& body);

// A list call's maxResults (query or body text; default 50, at most 50: larger requests get 50 and a nextToken,
// which paging clients follow); paramError when it is not a positive integer.
std::size_t page_size(const std::optional<std::string>& text);

// The ids a batch call names in `key` (dentryIds, recycleItemIds): 1 to 100 of them, as strings or numbers.
std::vector<std::string> id_list(const boost::json::object& body, std::string_view key);

// option.conflictStrategy of a move, copy or restore (absent: AUTO_RENAME); paramError when it is unknown.
ConflictStrategy conflict_strategy(const boost::json::object* option);

}  // namespace filegate::dialects::dingtalk
