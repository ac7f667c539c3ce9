#include "cli/opened_store.hpp"

#include "core/postgres_metadata.hpp"

namespace filegate::cli {
namespace {

std::unique_ptr<core::Store> open_store(const StoreLocation& location, const core::Clock& clock) {
  if (location.metadata_url.empty()) return core::Store::open_embedded(location.data_dir, clock);
  std::filesystem::create_directories(location.data_dir);
  auto metadata = core::open_postgres_metadata(location.metadata_url);
  return std::make_unique<core::Store>(core::make_local_blob_store(location.data_dir), std::move(metadata), clock);
}

}  // namespace

OpenedStore::OpenedStore(const StoreLocation& location, bool rate_limits, std::chrono::minutes quota_zone)
    : store_(open_store(location, clock_)),
      tokens_(store_->metadata(), clock_),
      signer_(core::UrlSigner::load_or_create_secret(store_->metadata()), clock_),
      rate_limiter_(clock_, quota_zone),
      services_{*store_, tokens_, signer_, rate_limiter_, clock_, rate_limits, {}, {}, {}} {}

}  // namespace filegate::cli
