#include "cli/blob_location.hpp"

#include <boost/url/parse.hpp>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "core/text.hpp"

namespace filegate::cli {
namespace {

std::string from_env(const char* name, const char* fallback) {
  for (const char* n : {name, fallback}) {
    const char* value = std::getenv(n);
    if (value != nullptr && *value != '\0') return value;
  }
  return {};
}

// A whole number of MiB from `least` to 5 GiB (S3's largest part).
std::uint64_t mebibytes(std::string_view name, std::string_view text, std::uint64_t least) {
  const std::optional<std::uint64_t> n = core::text::parse_u64(text);
  if (!n || *n < least || *n > 5 * 1024) {
    throw std::invalid_argument("--blobs: " + std::string(name) + " is a whole number of MiB from " +
                                std::to_string(least) + " to 5120");
  }
  return *n;
}

}  // namespace

bool is_s3_url(std::string_view url) { return url.starts_with("s3://"); }

S3BlobLocation parse_s3_blob_url(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed || parsed->scheme() != "s3" || parsed->host().empty()) {
    throw std::invalid_argument("--blobs: expected s3://bucket[/prefix]?endpoint=http://host:port&region=…");
  }
  if (parsed->has_userinfo()) {
    throw std::invalid_argument(
        "--blobs: credentials go in FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY, not in the URL");
  }
  S3BlobLocation location;
  location.config.bucket = parsed->host();
  std::string prefix = parsed->path();
  while (prefix.starts_with('/')) prefix.erase(0, 1);
  if (!prefix.empty() && !prefix.ends_with('/')) prefix += '/';
  location.prefix = prefix;
  for (const auto& param : parsed->params()) {
    if (param.key == "endpoint") {
      location.config.endpoint = param.value;
    } else if (param.key == "region") {
      location.config.region = param.value;
    } else if (param.key == "path_style") {
      if (param.value != "true" && param.value != "false") {
        throw std::invalid_argument("--blobs: path_style is true or false");
      }
      location.config.path_style = param.value == "true";
    } else if (param.key == "downloads") {
      if (param.value != "presign" && param.value != "proxy") {
        throw std::invalid_argument("--blobs: downloads is presign or proxy");
      }
      location.presign_downloads = param.value == "presign";
    } else if (param.key == "public_endpoint") {
      location.public_endpoint = param.value;
    } else if (param.key == "multipart_mib") {
      location.multipart_mib = mebibytes(param.key, param.value, 0);
    } else if (param.key == "part_mib") {
      location.part_mib = mebibytes(param.key, param.value, 5);  // S3's smallest part but the last
    } else {
      throw std::invalid_argument("--blobs: unknown parameter '" + std::string(param.key) +
                                  "' (endpoint, region, path_style, downloads, public_endpoint, multipart_mib, "
                                  "part_mib)");
    }
  }
  if (location.config.endpoint.empty()) throw std::invalid_argument("--blobs: endpoint= is required");
  if (!location.public_endpoint.empty()) {
    if (!location.presign_downloads) throw std::invalid_argument("--blobs: public_endpoint= needs downloads=presign");
    core::s3::Config public_config = location.config;
    public_config.endpoint = location.public_endpoint;
    try {
      core::s3::validate(public_config);
    } catch (const std::invalid_argument&) {
      throw std::invalid_argument("--blobs: public_endpoint is http(s)://host[:port]");
    }
  }
  location.config.access_key = from_env("FILEGATE_S3_ACCESS_KEY", "AWS_ACCESS_KEY_ID");
  location.config.secret_key = from_env("FILEGATE_S3_SECRET_KEY", "AWS_SECRET_ACCESS_KEY");
  if (location.config.access_key.empty() || location.config.secret_key.empty()) {
    throw std::invalid_argument(
        "--blobs: set FILEGATE_S3_ACCESS_KEY and FILEGATE_S3_SECRET_KEY (or AWS_ACCESS_KEY_ID "
        "and AWS_SECRET_ACCESS_KEY)");
  }
  core::s3::validate(location.config);
  return location;
}

}  // namespace filegate::cli
