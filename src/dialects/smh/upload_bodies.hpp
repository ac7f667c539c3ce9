#pragma once
// The optional JSON bodies of SMH's upload start, multipart start, renew and confirm (parsed by request_parts.hpp's
// json_body), read without stored state. Pure functions (the fuzzers call them).
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace filegate::dialects::smh {

// `crc64` from a confirm body, as a string or (leniently) a number; "?" (never a crc64) for any other type.
std::optional<std::string> crc64_field(const boost::json::object& body);

// The part numbers a multipart start or renew asks for: partNumberRange, or part 1 when the body names none. Throws
// 400 ParamInvalid for a range parse_part_number_range refuses.
std::vector<std::uint64_t> requested_parts(const boost::json::object& body);

// `size` of an upload start, when it is a decimal string (the Java SDK's form); nullopt otherwise.
std::optional<std::uint64_t> size_field(const boost::json::object& body);

}  // namespace filegate::dialects::smh
