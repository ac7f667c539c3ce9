#pragma once
// A data dir's store with the services every dialect is built on. `filegate serve` and the admin commands open a
// data dir the same way, so a dialect behaves alike in both.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/store_location.hpp"
#include "core/clock.hpp"
#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/dialect.hpp"

namespace filegate::cli {

// The two halves of the store at `location`, opened as OpenedStore opens them (the first node of a new S3 store
// makes its bucket): for `filegate migrate`, which fills a store before any node serves it.
std::unique_ptr<core::BlobStore> open_blob_store(const StoreLocation& location, const core::Clock& clock);
std::unique_ptr<core::MetadataStore> open_metadata_store(const StoreLocation& location);

class OpenedStore {
 public:
  // `quota_zone`: the offset from UTC of the calendar that daily quotas follow.
  explicit OpenedStore(const StoreLocation& location, bool rate_limits = true,
                       std::chrono::minutes quota_zone = std::chrono::hours(8));

  core::Store& store() { return *store_; }
  // public_url and listen_url are empty until the caller knows how clients reach the server.
  dialects::Services& services() { return services_; }

 private:
  core::SystemClock clock_;
  std::unique_ptr<core::Store> store_;
  core::TokenService tokens_;
  core::UrlSigner signer_;
  core::RateLimiter rate_limiter_;
  dialects::Services services_;
};

}  // namespace filegate::cli
