#pragma once
// `--blobs s3://bucket[/prefix]?endpoint=…&region=…[&path_style=false][&downloads=presign[&public_endpoint=…]]
// [&multipart_mib=64][&part_mib=16]`: where
// the blobs of nodes that share one store live. Credentials never travel in the URL (it is shown in the banner): they
// come from the environment.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/s3/config.hpp"

namespace filegate::cli {

struct S3BlobLocation {
  core::s3::Config config;
  std::string prefix;  // of every key filegate writes in the bucket ("" or ending in "/")
  // downloads=presign: hand out presigned URLs of the bucket where the platform redirects to object storage;
  // downloads=proxy (the default): serve every download through filegate. public_endpoint=: where clients reach the
  // store, when not at `endpoint`.
  bool presign_downloads = false;
  std::string public_endpoint;
  // multipart_mib= and part_mib=: uploads over this many MiB stream into the bucket as multipart uploads of parts of
  // this many MiB (core/s3_blob_store.hpp); nothing when not given (the store's defaults).
  std::optional<std::uint64_t> multipart_mib;
  std::optional<std::uint64_t> part_mib;
};

// Throws std::invalid_argument naming what is wrong (never a credential). Credentials from FILEGATE_S3_ACCESS_KEY and
// FILEGATE_S3_SECRET_KEY, else AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
S3BlobLocation parse_s3_blob_url(std::string_view url);
bool is_s3_url(std::string_view url);

}  // namespace filegate::cli
