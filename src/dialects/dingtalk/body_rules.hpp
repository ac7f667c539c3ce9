#pragma once
// The request-body rules of DingTalk's upload and download calls that need no stored state. Pure functions (the
// fuzzers call them): a body the platform would refuse throws its refusal (paramError and friends, errors.hpp).
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <vector>

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

}  // namespace filegate::dialects::dingtalk
