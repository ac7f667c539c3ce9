#include "core/s3/config.hpp"

#include <boost/url/parse.hpp>

#include <stdexcept>

#include "core/s3/sigv4.hpp"

namespace filegate::core::s3 {
namespace {

struct Endpoint {
  std::string scheme;
  std::string authority;
};

Endpoint parse_endpoint(std::string_view endpoint) {
  const auto parsed = boost::urls::parse_absolute_uri(endpoint);
  if (!parsed) throw std::invalid_argument("the S3 endpoint is not a URL");
  const boost::urls::url_view& url = *parsed;
  const std::string scheme(url.scheme());
  if (scheme != "http" && scheme != "https") throw std::invalid_argument("the S3 endpoint is not http(s)");
  if (url.has_userinfo() || url.host().empty() || url.has_query() || url.has_fragment() ||
      (!url.path().empty() && url.path() != "/")) {
    throw std::invalid_argument("the S3 endpoint must be scheme://host[:port]");
  }
  return {scheme, std::string(url.encoded_host_and_port())};
}

}  // namespace

void validate(const Config& config) {
  parse_endpoint(config.endpoint);
  if (config.bucket.empty()) throw std::invalid_argument("no S3 bucket");
  if (config.region.empty()) throw std::invalid_argument("no S3 region");
}

Location locate(const Config& config, std::string_view key) {
  const Endpoint endpoint = parse_endpoint(config.endpoint);
  const std::string encoded_key = sigv4::uri_encode(key, true);
  if (config.path_style) {
    return {endpoint.scheme + "://" + endpoint.authority, endpoint.authority,
            "/" + config.bucket + (key.empty() ? "" : "/" + encoded_key)};
  }
  const std::string host = config.bucket + "." + endpoint.authority;
  return {endpoint.scheme + "://" + host, host, "/" + encoded_key};
}

}  // namespace filegate::core::s3
