#include "core/s3/sigv4.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "core/digests.hpp"
#include "core/text.hpp"

namespace filegate::core::s3::sigv4 {
namespace {

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

using Mac = std::array<unsigned char, 32>;

Mac hmac_sha256(std::string_view key, std::string_view message) {
  Mac out{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), out.data(), &length) == nullptr ||
      length != out.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return out;
}

std::string_view view(const Mac& mac) { return {reinterpret_cast<const char*>(mac.data()), mac.size()}; }

}  // namespace

std::string uri_encode(std::string_view s, bool keep_slash) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    if (unreserved(c) || (keep_slash && c == '/')) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0xF];
    }
  }
  return out;
}

std::string canonical_query(std::vector<QueryParam> params) {
  for (QueryParam& p : params) {
    p.name = uri_encode(p.name, false);
    p.value = uri_encode(p.value, false);
  }
  std::sort(params.begin(), params.end(), [](const QueryParam& a, const QueryParam& b) {
    return a.name != b.name ? a.name < b.name : a.value < b.value;
  });
  std::string out;
  for (const QueryParam& p : params) {
    if (!out.empty()) out += '&';
    out += p.name;
    out += '=';
    out += p.value;
  }
  return out;
}

std::string amz_date(std::int64_t unix_s) {
  const std::string digits = text::compact_utc(unix_s);  // "20130524000000"
  return digits.substr(0, 8) + "T" + digits.substr(8) + "Z";
}

std::string presign_query(const PresignRequest& request) {
  if (request.expires_s < 1 || request.expires_s > kMaxPresignSeconds) {
    throw std::invalid_argument("a presigned URL expires after 1 to 604800 seconds");
  }
  const std::string timestamp = amz_date(request.now_s);
  const std::string date = timestamp.substr(0, 8);
  const std::string scope = date + "/" + std::string(request.region) + "/s3/aws4_request";

  std::vector<QueryParam> params = request.extra;
  params.push_back({"X-Amz-Algorithm", "AWS4-HMAC-SHA256"});
  params.push_back({"X-Amz-Credential", std::string(request.access_key) + "/" + scope});
  params.push_back({"X-Amz-Date", timestamp});
  params.push_back({"X-Amz-Expires", std::to_string(request.expires_s)});
  params.push_back({"X-Amz-SignedHeaders", "host"});
  const std::string query = canonical_query(std::move(params));

  std::string canonical_request;
  canonical_request.append(request.method).append("\n");
  canonical_request.append(request.path).append("\n");
  canonical_request.append(query).append("\n");
  canonical_request.append("host:").append(request.host).append("\n\n");
  canonical_request.append("host\n");
  canonical_request.append("UNSIGNED-PAYLOAD");

  const std::string string_to_sign =
      "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + sha256_hex(as_bytes(canonical_request));

  const Mac date_key = hmac_sha256("AWS4" + std::string(request.secret_key), date);
  const Mac region_key = hmac_sha256(view(date_key), request.region);
  const Mac service_key = hmac_sha256(view(region_key), "s3");
  const Mac signing_key = hmac_sha256(view(service_key), "aws4_request");
  const Mac signature = hmac_sha256(view(signing_key), string_to_sign);
  return query + "&X-Amz-Signature=" + to_hex(signature);
}

}  // namespace filegate::core::s3::sigv4
