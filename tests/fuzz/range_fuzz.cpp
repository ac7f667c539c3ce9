// Range headers: the first 8 bytes are the representation's size, the rest the header. A partial answer always lies
// inside the representation, and its Content-Range names it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "check.hpp"
#include "http/range.hpp"

namespace http = filegate::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < sizeof(std::uint64_t)) return 0;
  std::uint64_t representation = 0;
  std::memcpy(&representation, data, sizeof representation);
  // Small sizes are where the edge cases are; keep most inputs there.
  if (data[0] & 1) representation %= 4096;
  const std::string_view header(reinterpret_cast<const char*>(data) + sizeof representation,
                                size - sizeof representation);

  const http::RangeDecision decision = http::decide_range(header, representation);
  if (decision.kind == http::RangeKind::partial) {
    FUZZ_CHECK(decision.range.first <= decision.range.last);
    FUZZ_CHECK(decision.range.last < representation);
    FUZZ_CHECK(decision.range.length() <= representation);
    const std::string value = http::content_range_value(decision.range, representation);
    FUZZ_CHECK(value.starts_with("bytes ") && value.ends_with("/" + std::to_string(representation)));
  } else if (decision.kind == http::RangeKind::unsatisfiable) {
    FUZZ_CHECK(http::unsatisfied_range_value(representation) == "bytes */" + std::to_string(representation));
  }
  if (header.empty()) FUZZ_CHECK(decision.kind == http::RangeKind::full);
  return 0;
}
