#pragma once
// Single byte-range requests (RFC 9110 §14). Only one range per request is served: a multi-range request gets the
// full representation, which RFC 9110 §14.2 permits, so we never have to produce multipart/byteranges.
#include <cstdint>
#include <string>
#include <string_view>

namespace filegate::http {

struct ByteRange {
  std::uint64_t first;
  std::uint64_t last;  // inclusive
  std::uint64_t length() const { return last - first + 1; }
};

enum class RangeKind {
  full,           // no usable Range header: send 200 with the whole representation
  partial,        // send 206 with `range`
  unsatisfiable,  // send 416
};

struct RangeDecision {
  RangeKind kind;
  ByteRange range{};  // valid only for partial
};

// header: the Range header value (empty string = no header). size: the representation length.
// A syntactically invalid header, another unit or several ranges yield `full` (RFC 9110 §14.2: ignore the header).
RangeDecision decide_range(std::string_view header, std::uint64_t size);

// "bytes first-last/size" for a 206, and "bytes */size" for a 416.
std::string content_range_value(const ByteRange& r, std::uint64_t size);
std::string unsatisfied_range_value(std::uint64_t size);

}  // namespace filegate::http
