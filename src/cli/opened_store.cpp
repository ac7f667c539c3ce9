#include "cli/opened_store.hpp"

namespace filegate::cli {

OpenedStore::OpenedStore(const std::filesystem::path& data_dir, bool rate_limits, std::chrono::minutes quota_zone)
    : store_(core::Store::open_embedded(data_dir, clock_)),
      tokens_(store_->metadata(), clock_),
      signer_(core::UrlSigner::load_or_create_secret(store_->metadata()), clock_),
      rate_limiter_(clock_, quota_zone),
      services_{*store_, tokens_, signer_, rate_limiter_, clock_, rate_limits, {}, {}, {}} {}

}  // namespace filegate::cli
