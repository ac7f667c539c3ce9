#include "cli/opened_store.hpp"

#include <spdlog/spdlog.h>

#include "cli/blob_location.hpp"
#include "core/postgres_metadata.hpp"
#include "core/s3/client.hpp"
#include "core/s3_blob_store.hpp"

namespace filegate::cli {

std::unique_ptr<core::BlobStore> open_blob_store(const StoreLocation& location, const core::Clock& clock) {
  if (location.blobs_url.empty()) return core::make_local_blob_store(location.data_dir);
  const S3BlobLocation s3 = parse_s3_blob_url(location.blobs_url);
  // The first node of a new store makes its bucket; the others find it there.
  try {
    core::s3::Client(s3.config, clock).create_bucket();
  } catch (const core::s3::Error& e) {
    if (e.code() != "BucketAlreadyOwnedByYou" && e.code() != "BucketAlreadyExists") throw;
  }
  core::S3BlobOptions options;
  options.prefix = s3.prefix;
  options.presign_downloads = s3.presign_downloads;
  options.public_endpoint = s3.public_endpoint;
  constexpr std::uint64_t kMiB = std::uint64_t{1} << 20;
  if (s3.multipart_mib) options.multipart_threshold = *s3.multipart_mib * kMiB;
  if (s3.part_mib) options.part_size = *s3.part_mib * kMiB;
  return core::make_s3_blob_store(s3.config, location.data_dir, options);
}

std::unique_ptr<core::MetadataStore> open_metadata_store(const StoreLocation& location) {
  return location.metadata_url.empty() ? core::open_sqlite_metadata(location.data_dir / "metadata.sqlite3")
                                       : core::open_postgres_metadata(location.metadata_url);
}

namespace {

std::unique_ptr<core::Store> open_store(const StoreLocation& location, const core::Clock& clock) {
  if (location.metadata_url.empty() && location.blobs_url.empty()) {
    return core::Store::open_embedded(location.data_dir, clock);
  }
  std::filesystem::create_directories(location.data_dir);
  auto metadata = open_metadata_store(location);
  return std::make_unique<core::Store>(open_blob_store(location, clock), std::move(metadata), clock);
}

}  // namespace

OpenedStore::OpenedStore(const StoreLocation& location, bool rate_limits, std::chrono::minutes quota_zone)
    : store_(open_store(location, clock_)),
      tokens_(store_->metadata(), clock_),
      signer_(core::UrlSigner::load_or_create_secret(store_->metadata()), clock_),
      rate_limiter_(clock_, quota_zone),
      services_{*store_, tokens_, signer_, rate_limiter_, clock_, rate_limits, {}, {}, {}} {}

}  // namespace filegate::cli
