#include "core/s3_part_shipper.hpp"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <stdexcept>
#include <vector>

namespace filegate::core {
namespace {

constexpr std::uint64_t kMinPartSize = std::uint64_t{5} << 20;  // S3's minimum for all parts but the last
constexpr std::uint64_t kMaxPartSize = std::uint64_t{5} << 30;  // and its maximum

}  // namespace

s3::Reader file_range(const DirectFileReader& file, std::uint64_t first, std::uint64_t size) {
  return [&file, first, size, sent = std::uint64_t{0}](std::span<std::byte> buffer) mutable {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - sent));
    file.read_exactly(buffer.first(n), first + sent);
    sent += n;
    return n;
  };
}

PartShipper::PartShipper(const s3::Client& client, boost::asio::thread_pool& threads, std::string key,
                         Settings settings)
    : client_(client), threads_(threads), key_(std::move(key)), settings_(settings) {}

PartShipper::~PartShipper() {
  if (!started() || done_) return;
  try {
    boost::asio::post(threads_, [&client = client_, shared = shared_, key = key_, upload_id = upload_id_] {
      abort_after_parts(client, shared, key, upload_id);
    });
  } catch (const std::exception&) {
    // Out of memory for the job: the upload is left to remove_orphaned_stages().
  }
}

std::uint64_t PartShipper::part_length(std::uint64_t offset, std::uint64_t part_size) {
  return std::min(std::max({part_size, kMinPartSize, offset / 1024}), kMaxPartSize);
}

void PartShipper::written(const std::filesystem::path& file, std::uint64_t file_size) {
  if (!started()) {
    if (file_size <= settings_.start_above) return;
    upload_id_ = client_.create_multipart_upload(key_);
  }
  {
    // A part failed: the upload is lost, and finish() says so; sending more would only waste the bandwidth.
    const std::lock_guard lock(shared_->mutex);
    if (shared_->failure) return;
  }
  for (std::uint64_t n = part_length(shipped_, settings_.part_size); file_size - shipped_ >= n;
       n = part_length(shipped_, settings_.part_size)) {
    ship(file, shipped_, n);
  }
}

void PartShipper::ship(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length) {
  const int number = next_part_++;
  shipped_ += length;
  {
    const std::lock_guard lock(shared_->mutex);
    ++shared_->in_flight;
  }
  boost::asio::post(threads_, [&client = client_, shared = shared_, key = key_, upload_id = upload_id_, file, offset,
                               length, number] {
    std::string etag;
    std::exception_ptr failure;
    try {
      const DirectFileReader reader(file);
      etag = client.upload_part(key, upload_id, number, length, file_range(reader, offset, length));
    } catch (...) {
      failure = std::current_exception();
    }
    const std::lock_guard lock(shared->mutex);
    if (failure && !shared->failure) shared->failure = failure;
    if (!failure) shared->etags.emplace(number, std::move(etag));
    --shared->in_flight;
    shared->idle.notify_all();
  });
}

void PartShipper::wait_for_parts() {
  std::unique_lock lock(shared_->mutex);
  shared_->idle.wait(lock, [&] { return shared_->in_flight == 0; });
  if (shared_->failure) std::rethrow_exception(shared_->failure);
}

void PartShipper::finish(const std::filesystem::path& file, std::uint64_t size) {
  if (!started() || done_) throw std::logic_error("finish of a multipart upload not in progress");
  try {
    if (size > shipped_) ship(file, shipped_, size - shipped_);  // the last part may be short
    wait_for_parts();
    std::vector<s3::CompletedPart> parts;
    for (auto& [number, etag] : shared_->etags) parts.push_back({number, etag});
    client_.complete_multipart_upload(key_, upload_id_, parts);
    done_ = true;
  } catch (...) {
    abandon();
    throw;
  }
}

void PartShipper::abandon() {
  if (!started() || done_) return;
  done_ = true;
  abort_after_parts(client_, shared_, key_, upload_id_);
}

// Parts still in flight would outlive an abort (S3 keeps a part that finishes after it), so it waits for them.
// Failing, it leaves the upload to remove_orphaned_stages(): whatever went wrong is told elsewhere, if at all.
void PartShipper::abort_after_parts(const s3::Client& client, const std::shared_ptr<Shared>& shared,
                                    const std::string& key, const std::string& upload_id) {
  {
    std::unique_lock lock(shared->mutex);
    shared->idle.wait(lock, [&] { return shared->in_flight == 0; });
  }
  try {
    client.abort_multipart_upload(key, upload_id);
  } catch (const std::exception&) {
    // See above.
  }
}

}  // namespace filegate::core
