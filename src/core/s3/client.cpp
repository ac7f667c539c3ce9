#include "core/s3/client.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>

#include "core/s3/xml.hpp"
#include "core/text.hpp"

namespace filegate::core::s3 {
namespace {

const Config& validated(const Config& config) {
  validate(config);
  return config;
}

std::string header(const Response& response, const std::string& name) {
  const auto found = response.headers.find(name);
  return found == response.headers.end() ? std::string() : found->second;
}

Error error_of(const std::string& what, const Response& response) {
  if (auto body = xml::parse_error(response.body)) {
    return Error(what, response.status, body->code, body->message, body->request_id);
  }
  std::string code = response.status == 404   ? "NotFound"
                     : response.status == 403 ? "Forbidden"
                                              : "HTTP " + std::to_string(response.status);
  return Error(what, response.status, std::move(code), "", header(response, "x-amz-request-id"));
}

// An answer the client cannot read is the store's failure, reported like any other.
template <typename Parse>
auto parsed(const std::string& what, const Response& response, Parse parse) {
  try {
    return parse(response.body);
  } catch (const std::runtime_error& e) {
    throw Error(what, response.status, "InvalidResponse", e.what());
  }
}

// RFC 9110's IMF-fixdate, "Sat, 05 Dec 2026 02:25:21 GMT", in seconds since the Unix epoch; 0 if it is not one.
std::int64_t parse_http_date(std::string_view s) {
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (s.size() != 29 || s.substr(3, 2) != ", " || s.substr(25) != " GMT") return 0;
  const auto month = std::find(months.begin(), months.end(), s.substr(8, 3));
  if (month == months.end()) return 0;
  // Reuse the ISO 8601 reader: "2026-12-05T02:25:21Z".
  const std::string iso = std::string(s.substr(12, 4)) + "-" + (month - months.begin() < 9 ? "0" : "") +
                          std::to_string(month - months.begin() + 1) + "-" + std::string(s.substr(5, 2)) + "T" +
                          std::string(s.substr(17, 8)) + "Z";
  return xml::parse_iso8601_ms(iso).value_or(0) / 1000;
}

ObjectInfo object_info(const Response& response) {
  ObjectInfo info;
  info.size = text::parse_u64(header(response, "content-length")).value_or(0);
  // A range answer says the whole size after the slash: "bytes 0-9/1048576".
  const std::string content_range = header(response, "content-range");
  if (const auto slash = content_range.rfind('/'); slash != std::string::npos) {
    if (const auto total = text::parse_u64(std::string_view(content_range).substr(slash + 1))) info.size = *total;
  }
  info.etag = header(response, "etag");
  info.last_modified_s = parse_http_date(header(response, "last-modified"));
  info.content_type = header(response, "content-type");
  return info;
}

std::string etag_of(const std::string& what, const Response& response) {
  std::string etag = header(response, "etag");
  if (etag.empty()) throw Error(what, response.status, "InvalidResponse", "no ETag");
  return etag;
}

}  // namespace

Client::Client(Config config, const Clock& clock)
    : config_(std::move(config)), clock_(clock), transport_(validated(config_)) {}

std::string Client::url(std::string_view key, const std::vector<sigv4::QueryParam>& query) const {
  const Location location = locate(config_, key);
  std::string out = location.origin + location.path;
  if (!query.empty()) out += "?" + sigv4::canonical_query(query);
  return out;
}

Response Client::expect(const char* operation, std::string_view key, const Request& request,
                        std::initializer_list<int> accepted) const {
  const std::string what = key.empty() ? std::string(operation) : std::string(operation) + " " + std::string(key);
  Response response = transport_.perform(what.c_str(), request);
  if (std::find(accepted.begin(), accepted.end(), response.status) == accepted.end()) {
    throw error_of(what, response);
  }
  return response;
}

void Client::create_bucket() const {
  Request request;
  request.method = "PUT";
  request.url = url("");
  expect("CreateBucket", "", request, {200});
}

std::string Client::put_object(std::string_view key, std::uint64_t size, const Reader& read,
                               std::string_view content_type) const {
  Request request;
  request.method = "PUT";
  request.url = url(key);
  request.body = &read;
  request.body_size = size;
  if (!content_type.empty()) request.headers.push_back("Content-Type: " + std::string(content_type));
  const Response response = expect("PutObject", key, request, {200});
  return etag_of("PutObject " + std::string(key), response);
}

GetResult Client::get_object(std::string_view key, std::optional<ByteRange> range, const Sink& sink) const {
  Request request;
  request.url = url(key);
  request.range = range;
  request.sink = &sink;
  const Response response = expect("GetObject", key, request, {200, 206});
  return {response.status, response.sunk, object_info(response)};
}

ObjectInfo Client::head_object(std::string_view key) const {
  Request request;
  request.method = "HEAD";
  request.url = url(key);
  return object_info(expect("HeadObject", key, request, {200}));
}

void Client::delete_object(std::string_view key) const {
  Request request;
  request.method = "DELETE";
  request.url = url(key);
  expect("DeleteObject", key, request, {204, 200});
}

void Client::copy_object(std::string_view source_key, std::string_view key, bool replace_metadata) const {
  Request request;
  request.method = "PUT";
  request.url = url(key);
  // The source is "/bucket/key", its key URL-encoded as in a path.
  request.headers.push_back("x-amz-copy-source: /" + config_.bucket + "/" + sigv4::uri_encode(source_key, true));
  if (replace_metadata) request.headers.emplace_back("x-amz-metadata-directive: REPLACE");
  const Response response = expect("CopyObject", key, request, {200});
  // Like a completion, a copy may fail after S3 has answered 200 (it sends the status before the copy is done).
  if (auto error = xml::parse_error(response.body)) {
    throw Error("CopyObject " + std::string(key), response.status, error->code, error->message, error->request_id);
  }
}

ListPage Client::list_objects_v2(std::string_view prefix, std::optional<std::string> continuation_token,
                                 int max_keys) const {
  std::vector<sigv4::QueryParam> query = {{"list-type", "2"},
                                          {"prefix", std::string(prefix)},
                                          {"max-keys", std::to_string(max_keys)},
                                          {"encoding-type", "url"}};
  if (continuation_token) query.push_back({"continuation-token", *continuation_token});
  Request request;
  request.url = url("", query);
  const Response response = expect("ListObjectsV2", prefix, request, {200});
  return parsed("ListObjectsV2", response, xml::parse_list_objects_v2);
}

void Client::for_each_object(std::string_view prefix, const std::function<void(const ObjectSummary&)>& visit,
                             int page_size) const {
  std::optional<std::string> token;
  do {
    ListPage page = list_objects_v2(prefix, token, page_size);
    for (const ObjectSummary& object : page.objects) visit(object);
    // A store that hands back the token it was given would list the same page forever.
    if (page.next_continuation_token && page.next_continuation_token == token) {
      throw Error("ListObjectsV2 " + std::string(prefix), 200, "InvalidResponse", "the listing did not advance");
    }
    token = std::move(page.next_continuation_token);
  } while (token);
}

std::string Client::create_multipart_upload(std::string_view key, std::string_view content_type) const {
  Request request;
  request.method = "POST";
  request.url = url(key, {{"uploads", ""}});
  if (!content_type.empty()) request.headers.push_back("Content-Type: " + std::string(content_type));
  const Response response = expect("CreateMultipartUpload", key, request, {200});
  return parsed("CreateMultipartUpload " + std::string(key), response, xml::parse_upload_id);
}

std::string Client::upload_part(std::string_view key, std::string_view upload_id, int part_number, std::uint64_t size,
                                const Reader& read) const {
  Request request;
  request.method = "PUT";
  request.url = url(key, {{"partNumber", std::to_string(part_number)}, {"uploadId", std::string(upload_id)}});
  request.body = &read;
  request.body_size = size;
  const Response response = expect("UploadPart", key, request, {200});
  return etag_of("UploadPart " + std::string(key), response);
}

std::string Client::complete_multipart_upload(std::string_view key, std::string_view upload_id,
                                              const std::vector<CompletedPart>& parts) const {
  const std::string body = xml::complete_request_body(parts);
  std::size_t offset = 0;
  const Reader read = [&](std::span<std::byte> buffer) {
    const std::size_t n = std::min(buffer.size(), body.size() - offset);
    std::memcpy(buffer.data(), body.data() + offset, n);
    offset += n;
    return n;
  };
  Request request;
  request.method = "POST";
  request.url = url(key, {{"uploadId", std::string(upload_id)}});
  request.headers.emplace_back("Content-Type: application/xml");
  request.body = &read;
  request.body_size = body.size();
  const Response response = expect("CompleteMultipartUpload", key, request, {200});
  // S3 may fail a completion after it has answered 200: the error is then the body.
  const std::string what = "CompleteMultipartUpload " + std::string(key);
  if (auto error = xml::parse_error(response.body)) {
    throw Error(what, response.status, error->code, error->message, error->request_id);
  }
  return parsed(what, response, xml::parse_complete_etag);
}

void Client::abort_multipart_upload(std::string_view key, std::string_view upload_id) const {
  Request request;
  request.method = "DELETE";
  request.url = url(key, {{"uploadId", std::string(upload_id)}});
  expect("AbortMultipartUpload", key, request, {204, 200});
}

std::vector<MultipartUpload> Client::list_multipart_uploads(std::string_view prefix, int page_size) const {
  std::vector<MultipartUpload> uploads;
  std::optional<std::string> key_marker;
  std::optional<std::string> upload_id_marker;
  do {
    std::vector<sigv4::QueryParam> query = {{"uploads", ""},
                                            {"prefix", std::string(prefix)},
                                            {"max-uploads", std::to_string(page_size)},
                                            {"encoding-type", "url"}};
    if (key_marker) query.push_back({"key-marker", *key_marker});
    if (upload_id_marker && !upload_id_marker->empty()) query.push_back({"upload-id-marker", *upload_id_marker});
    Request request;
    request.url = url("", query);
    const Response response = expect("ListMultipartUploads", prefix, request, {200});
    MultipartUploadPage page = parsed("ListMultipartUploads", response, xml::parse_list_multipart_uploads);
    std::move(page.uploads.begin(), page.uploads.end(), std::back_inserter(uploads));
    // Continuing needs both markers: RADOS Gateway answers a key-marker alone with the page it marks again.
    if (page.next_key_marker &&
        (page.next_key_marker == key_marker && page.next_upload_id_marker == upload_id_marker)) {
      throw Error("ListMultipartUploads " + std::string(prefix), 200, "InvalidResponse", "the listing did not advance");
    }
    key_marker = std::move(page.next_key_marker);
    upload_id_marker = std::move(page.next_upload_id_marker);
  } while (key_marker);
  return uploads;
}

std::string Client::presign_get(std::string_view key, std::chrono::seconds expires,
                                const ResponseOverrides& overrides) const {
  const Location location = locate(config_, key);
  sigv4::PresignRequest request;
  request.host = location.host;
  request.path = location.path;
  if (overrides.content_disposition) {
    request.extra.push_back({"response-content-disposition", std::string(*overrides.content_disposition)});
  }
  if (overrides.content_type) request.extra.push_back({"response-content-type", std::string(*overrides.content_type)});
  request.region = config_.region;
  request.access_key = config_.access_key;
  request.secret_key = config_.secret_key;
  request.now_s = clock_.now_s();
  request.expires_s = expires.count();
  return location.origin + location.path + "?" + sigv4::presign_query(request);
}

}  // namespace filegate::core::s3
