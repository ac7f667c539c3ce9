// DingTalk's JSON request bodies, read as the routes read them (an empty body is {}; one that is not an object is
// refused): the upload checks, partNumbers, option.version of a download, and the typed field readers under them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "check.hpp"
#include "dialects/dingtalk/body_fields.hpp"
#include "dialects/dingtalk/body_rules.hpp"
#include "http/json_response.hpp"
#include "refused.hpp"

namespace dingtalk = filegate::dialects::dingtalk;
using filegate::fuzz::accepted;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto parsed = filegate::http::parse_json_object(input);
  if (!parsed) return 0;
  const boost::json::object& body = *parsed;
  const auto* option = dingtalk::object_field(body, "option");
  const auto* precheck = option ? dingtalk::object_field(*option, "preCheckParam") : nullptr;

  accepted([&] { dingtalk::check_precheck(option, precheck); });
  accepted([&] { dingtalk::check_upload_info_request(body); });
  accepted([&] {
    const auto numbers = dingtalk::part_numbers(body);
    FUZZ_CHECK(!numbers.empty() && numbers.size() <= 100);
    for (const std::int64_t n : numbers) FUZZ_CHECK(n >= 1 && n <= 10'000);
  });
  accepted([&] {
    const auto version = dingtalk::requested_version(body);
    FUZZ_CHECK(!version || *version >= 1);
  });

  for (const auto* object : {&body, option, precheck}) {
    for (const std::string_view key : {"size", "version", "name", "uploadKey", "parentId"}) {
      bool valid = true;
      const auto value = dingtalk::integer_field(object, key, valid);
      FUZZ_CHECK(!(value && !valid));
      // An integer given as a string never has more digits than the string.
      if (value && object->at(key).is_string())
        FUZZ_CHECK(std::to_string(*value).size() <= object->at(key).as_string().size());
      static_cast<void>(dingtalk::string_field(object, key));
      static_cast<void>(dingtalk::bool_field(object, key));
    }
  }
  return 0;
}
