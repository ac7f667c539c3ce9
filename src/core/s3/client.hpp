#pragma once
// A client of one bucket of an S3-compatible object store (AWS S3, Ceph's RADOS Gateway, MinIO, COS and OSS in their
// S3 modes): objects in and out as streams, multipart uploads, listings, presigned GET URLs.
//
// Every call is blocking (libcurl easy handles): the server runs them on its blocking pool
// (http::run_blocking), never on an event loop. A Client is safe to share between threads; connections are reused.
// Failures throw s3::Error (HTTP status and S3's error code); what a Reader or Sink throws passes through unchanged.
#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/s3/config.hpp"
#include "core/s3/error.hpp"
#include "core/s3/sigv4.hpp"
#include "core/s3/transport.hpp"
#include "core/s3/types.hpp"

namespace filegate::core::s3 {

// Headers a presigned GET is answered with instead of the object's own (S3's response-* query parameters).
struct ResponseOverrides {
  std::optional<std::string_view> content_type;
  std::optional<std::string_view> content_disposition;
};

class Client {
 public:
  // Throws std::invalid_argument for a Config that names no usable endpoint or bucket. `clock` dates presigned URLs.
  Client(Config config, const Clock& clock);

  // The bucket itself, for setting up a store (tests, first start); S3's BucketAlreadyOwnedByYou is an Error too.
  void create_bucket() const;

  // ---- Objects ----
  // `size` bytes pulled from `read` as they are sent. Returns the ETag.
  std::string put_object(std::string_view key, std::uint64_t size, const Reader& read,
                         std::string_view content_type = {}) const;
  // The object (or `range` of it) pushed into `sink` as it arrives. An error's body never reaches the sink. A store
  // that ignores the range answers 200 with the whole object: GetResult::status tells.
  GetResult get_object(std::string_view key, std::optional<ByteRange> range, const Sink& sink) const;
  ObjectInfo head_object(std::string_view key) const;  // a missing key: Error 404 "NotFound" (HEAD has no body)
  void delete_object(std::string_view key) const;      // succeeds for a key that does not exist, as S3 does
  // Copies `source_key` of this bucket to `key`, server-side (objects up to 5 GiB: S3's limit for one CopyObject).
  // With `replace_metadata` (x-amz-metadata-directive: REPLACE) a key may be copied onto itself, which S3 otherwise
  // refuses: that renews its Last-Modified, the only way to "touch" an object in S3. A missing source: Error 404
  // NoSuchKey.
  void copy_object(std::string_view source_key, std::string_view key, bool replace_metadata = false) const;

  // One page of the keys under `prefix`, in key order; pass the page's next_continuation_token for the next one.
  ListPage list_objects_v2(std::string_view prefix, std::optional<std::string> continuation_token = {},
                           int max_keys = 1000) const;
  // Every key under `prefix`, page by page.
  void for_each_object(std::string_view prefix, const std::function<void(const ObjectSummary&)>& visit,
                       int page_size = 1000) const;

  // ---- Multipart uploads: parts of at least 5 MiB but the last, numbered 1 .. 10000 ----
  std::string create_multipart_upload(std::string_view key, std::string_view content_type = {}) const;  // upload id
  std::string upload_part(std::string_view key, std::string_view upload_id, int part_number, std::uint64_t size,
                          const Reader& read) const;  // the part's ETag
  // Returns the object's ETag, "" when the store does not say (RADOS Gateway; head_object has it).
  std::string complete_multipart_upload(std::string_view key, std::string_view upload_id,
                                        const std::vector<CompletedPart>& parts) const;
  void abort_multipart_upload(std::string_view key, std::string_view upload_id) const;
  // Uploads begun and neither completed nor aborted, under `prefix`: to abort the abandoned ones. Asked for page by
  // page, `page_size` at a time.
  std::vector<MultipartUpload> list_multipart_uploads(std::string_view prefix = {}, int page_size = 1000) const;

  // ---- Presigned URLs ----
  // A GET URL anyone may fetch (with Range) until `expires` (1 s .. sigv4::kMaxPresignSeconds) from now, answered with
  // the `overrides`' headers. Computed locally, no request.
  std::string presign_get(std::string_view key, std::chrono::seconds expires,
                          const ResponseOverrides& overrides = {}) const;

  const Config& config() const { return config_; }

 private:
  Response expect(const char* operation, std::string_view key, const Request& request,
                  std::initializer_list<int> accepted) const;
  std::string url(std::string_view key, const std::vector<sigv4::QueryParam>& query = {}) const;

  Config config_;
  const Clock& clock_;
  Transport transport_;
};

}  // namespace filegate::core::s3
