// SMH's optional JSON bodies (upload start, multipart start and renew, confirm), read as the routes read them: any
// body is an object (what is not one counts as empty), partNumberRange, crc64 and size.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "check.hpp"
#include "dialects/smh/request_parts.hpp"
#include "dialects/smh/upload_bodies.hpp"
#include "dialects/smh/wire.hpp"
#include "refused.hpp"

namespace smh = filegate::dialects::smh;
using filegate::fuzz::accepted;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const boost::json::object body = smh::json_body(text);

  accepted([&] {
    const auto parts = smh::requested_parts(body);
    FUZZ_CHECK(!parts.empty() && std::is_sorted(parts.begin(), parts.end()));
    FUZZ_CHECK(parts.front() >= 1 && parts.back() <= smh::kMaxPartNumber);
  });
  if (const auto claimed = smh::crc64_field(body)) static_cast<void>(smh::parse_crc64(*claimed));
  if (const auto declared = smh::size_field(body)) FUZZ_CHECK(body.at("size").is_string());
  return 0;
}
