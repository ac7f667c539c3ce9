#include "dialects/smh/upload_bodies.hpp"

#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/wire.hpp"

namespace filegate::dialects::smh {

namespace json = boost::json;

std::optional<std::string> crc64_field(const json::object& body) {
  const json::value* v = body.if_contains("crc64");
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_uint64()) return std::to_string(v->as_uint64());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return std::string("?");
}

std::vector<std::uint64_t> requested_parts(const json::object& body) {
  const json::value* range = body.if_contains("partNumberRange");
  if (!range || range->is_null()) return {1};
  const auto numbers = range->is_string() ? parse_part_number_range(range->as_string()) : std::nullopt;
  if (!numbers) {
    throw http::Refusal(errors::param_invalid,
                        "partNumberRange must look like \"1,8-10,20\" with part numbers from 1 to 10000");
  }
  return *numbers;
}

std::optional<std::uint64_t> size_field(const json::object& body) {
  const json::value* size = body.if_contains("size");
  if (!size || !size->is_string()) return std::nullopt;
  return core::text::parse_u64(size->as_string());
}

}  // namespace filegate::dialects::smh
