#include "core/s3/xml.hpp"

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>

#include <chrono>
#include <sstream>
#include <stdexcept>

#include "core/text.hpp"

namespace filegate::core::s3::xml {
namespace {

namespace pt = boost::property_tree;

// Throws pt::ptree_error for anything that is not well-formed XML. The parser expands no external entities.
pt::ptree parse(std::string_view body) {
  std::istringstream in{std::string(body)};
  pt::ptree document;
  pt::read_xml(in, document);
  return document;
}

// The document element, which must be `name` (a namespace declaration on it is an attribute and ignored).
pt::ptree root(std::string_view body, const char* name) {
  pt::ptree document;
  try {
    document = parse(body);
  } catch (const pt::ptree_error&) {
    throw std::runtime_error(std::string("not well-formed XML where <") + name + "> was expected");
  }
  auto element = document.get_child_optional(name);
  if (!element) throw std::runtime_error(std::string("not a <") + name + "> document");
  return *element;
}

std::string text_of(const pt::ptree& element, const char* child) { return element.get<std::string>(child, ""); }

bool truncated(const pt::ptree& element) { return text_of(element, "IsTruncated") == "true"; }

std::uint64_t size_of(const pt::ptree& element) {
  const auto size = text::parse_u64(text_of(element, "Size"));
  if (!size) throw std::runtime_error("an object without a valid <Size>");
  return *size;
}

// encoding-type=url: %XX escapes, and '+' for a space as S3 writes it (a '+' of the key itself comes as %2B).
std::string url_decoded(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%') {
      const auto byte = i + 2 < s.size() ? text::from_hex(s.substr(i + 1, 2)) : std::nullopt;
      if (!byte) throw std::runtime_error("a malformed URL-encoded key");
      out += *byte;
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct KeyDecoder {
  bool url_encoded;
  explicit KeyDecoder(const pt::ptree& element) : url_encoded(text_of(element, "EncodingType") == "url") {}
  std::string operator()(const std::string& key) const { return url_encoded ? url_decoded(key) : key; }
};

}  // namespace

std::optional<ErrorBody> parse_error(std::string_view body) {
  try {
    const pt::ptree document = parse(body);
    const auto error = document.get_child_optional("Error");
    if (!error) return std::nullopt;
    ErrorBody out{text_of(*error, "Code"), text_of(*error, "Message"), text_of(*error, "RequestId")};
    if (out.code.empty()) return std::nullopt;
    return out;
  } catch (const pt::ptree_error&) {
    return std::nullopt;
  }
}

std::string parse_upload_id(std::string_view body) {
  const pt::ptree result = root(body, "InitiateMultipartUploadResult");
  std::string id = text_of(result, "UploadId");
  if (id.empty()) throw std::runtime_error("an InitiateMultipartUploadResult without <UploadId>");
  return id;
}

std::string parse_complete_etag(std::string_view body) {
  return text_of(root(body, "CompleteMultipartUploadResult"), "ETag");
}

ListPage parse_list_objects_v2(std::string_view body) {
  const pt::ptree result = root(body, "ListBucketResult");
  const KeyDecoder decode(result);
  ListPage page;
  for (const auto& [name, element] : result) {
    if (name != "Contents") continue;
    ObjectSummary object;
    object.key = decode(text_of(element, "Key"));
    object.size = size_of(element);
    object.etag = text_of(element, "ETag");
    object.last_modified_ms = parse_iso8601_ms(text_of(element, "LastModified")).value_or(0);
    page.objects.push_back(std::move(object));
  }
  if (truncated(result)) {
    std::string token = text_of(result, "NextContinuationToken");
    if (token.empty()) throw std::runtime_error("a truncated listing without <NextContinuationToken>");
    page.next_continuation_token = std::move(token);
  }
  return page;
}

MultipartUploadPage parse_list_multipart_uploads(std::string_view body) {
  const pt::ptree result = root(body, "ListMultipartUploadsResult");
  const KeyDecoder decode(result);
  MultipartUploadPage page;
  for (const auto& [name, element] : result) {
    if (name != "Upload") continue;
    MultipartUpload upload;
    upload.key = decode(text_of(element, "Key"));
    upload.upload_id = text_of(element, "UploadId");
    upload.initiated_ms = parse_iso8601_ms(text_of(element, "Initiated")).value_or(0);
    if (upload.upload_id.empty()) throw std::runtime_error("an <Upload> without <UploadId>");
    page.uploads.push_back(std::move(upload));
  }
  if (truncated(result)) {
    std::string key_marker = decode(text_of(result, "NextKeyMarker"));
    std::string upload_id_marker = text_of(result, "NextUploadIdMarker");
    if (key_marker.empty()) throw std::runtime_error("a truncated upload listing without <NextKeyMarker>");
    page.next_key_marker = std::move(key_marker);
    page.next_upload_id_marker = std::move(upload_id_marker);
  }
  return page;
}

std::string complete_request_body(const std::vector<CompletedPart>& parts) {
  std::string body = R"(<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)";
  for (const CompletedPart& part : parts) {
    body += "<Part><PartNumber>" + std::to_string(part.number) + "</PartNumber><ETag>" + text::xml_escape(part.etag) +
            "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  return body;
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view s) {
  // YYYY-MM-DDTHH:MM:SS[.fraction]Z
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s.back() != 'Z') {
    return std::nullopt;
  }
  const auto year = text::parse_u64(s.substr(0, 4));
  const auto month = text::parse_u64(s.substr(5, 2));
  const auto day = text::parse_u64(s.substr(8, 2));
  const auto hour = text::parse_u64(s.substr(11, 2));
  const auto minute = text::parse_u64(s.substr(14, 2));
  const auto second = text::parse_u64(s.substr(17, 2));
  if (!year || !month || !day || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  std::int64_t millis = 0;
  const std::string_view rest = s.substr(19, s.size() - 20);  // "" or ".600"
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2) return std::nullopt;
    const std::string_view fraction = rest.substr(1);
    if (!text::parse_u64(fraction)) return std::nullopt;
    for (std::size_t i = 0; i < 3; ++i) millis = millis * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
  }
  const std::chrono::year_month_day date{std::chrono::year(static_cast<int>(*year)),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return ((days * 24 + static_cast<std::int64_t>(*hour)) * 60 + static_cast<std::int64_t>(*minute)) * 60'000 +
         static_cast<std::int64_t>(*second) * 1000 + millis;
}

}  // namespace filegate::core::s3::xml
