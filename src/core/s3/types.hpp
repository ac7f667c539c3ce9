#pragma once
// What S3 answers about objects and multipart uploads, and how bodies move in and out without being held whole.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace filegate::core::s3 {

// Fills the buffer with the next bytes of a body and returns how many it wrote (at most the buffer's size, never 0
// before the body's declared size is reached). Called on the thread that runs the request; may throw, which aborts
// the request and propagates.
using Reader = std::function<std::size_t(std::span<std::byte> buffer)>;
// Receives a response body chunk by chunk, in order; may throw, which aborts the request and propagates.
using Sink = std::function<void(std::span<const std::byte> chunk)>;

// Bytes first..last, both inclusive (HTTP's Range); no `last` means to the end.
struct ByteRange {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> last;
};

struct ObjectInfo {
  std::uint64_t size = 0;  // the whole object's, also after a ranged GET
  std::string etag;        // as S3 quotes it, with its double quotes
  std::int64_t last_modified_s = 0;
  std::string content_type;
};

struct GetResult {
  int status = 0;                    // 200, or 206 for a range
  std::uint64_t content_length = 0;  // bytes handed to the sink
  ObjectInfo object;
};

struct ObjectSummary {
  std::string key;
  std::uint64_t size = 0;
  std::string etag;
  std::int64_t last_modified_ms = 0;
};

struct ListPage {
  std::vector<ObjectSummary> objects;
  std::optional<std::string> next_continuation_token;  // set while the listing is truncated
};

struct CompletedPart {
  int number = 0;  // 1 .. 10000
  std::string etag;
};

struct MultipartUpload {
  std::string key;
  std::string upload_id;
  std::int64_t initiated_ms = 0;
};

struct MultipartUploadPage {
  std::vector<MultipartUpload> uploads;
  // Set while truncated: where the next page starts.
  std::optional<std::string> next_key_marker;
  std::optional<std::string> next_upload_id_marker;
};

}  // namespace filegate::core::s3
