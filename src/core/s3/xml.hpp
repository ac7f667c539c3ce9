#pragma once
// The few S3 XML documents the client reads and writes. Reading is lenient about what S3-compatible stores add or
// leave out (namespaces, unknown elements, missing optional ones) and strict about what the client relies on: a
// document without it throws std::runtime_error.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/s3/types.hpp"

namespace filegate::core::s3::xml {

struct ErrorBody {
  std::string code;
  std::string message;
  std::string request_id;
};
// nullopt when `body` is not an S3 <Error> document (empty, an HTML page of a proxy, cut short).
std::optional<ErrorBody> parse_error(std::string_view body);

std::string parse_upload_id(std::string_view initiate_multipart_upload_result);
// "" when the store sends no ETag (RADOS Gateway's CompleteMultipartUpload does; HEAD then has the right one).
std::string parse_complete_etag(std::string_view complete_multipart_upload_result);
// Keys come back URL-encoded when the answer says <EncodingType>url</EncodingType>; they are decoded here.
ListPage parse_list_objects_v2(std::string_view list_bucket_result);
MultipartUploadPage parse_list_multipart_uploads(std::string_view list_multipart_uploads_result);

// The body of CompleteMultipartUpload, parts in the order given.
std::string complete_request_body(const std::vector<CompletedPart>& parts);

// "2026-12-05T02:25:21.600Z" (S3's listing times; fraction optional) in ms since the Unix epoch.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view s);

}  // namespace filegate::core::s3::xml
