#include "core/s3_blob_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <future>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <stdexcept>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "core/clock.hpp"
#include "core/direct_file_reader.hpp"
#include "core/errno_error.hpp"
#include "core/local_stage.hpp"
#include "core/random_ids.hpp"
#include "core/s3/client.hpp"
#include "core/s3_part_shipper.hpp"
#include "core/transparent_hash.hpp"

namespace filegate::core {
namespace fs = std::filesystem;
namespace {

constexpr std::uint64_t kMaxCopySize = std::uint64_t{5} << 30;  // the largest object one CopyObject copies
constexpr std::string_view kDownloadSuffix = ".download";       // a cache file still arriving

bool is_missing(const s3::Error& e) { return e.status() == 404; }

// A missing blob or part throws what the local store's open() throws for a missing file, so callers need not know
// where bytes live.
[[noreturn]] void throw_missing(const std::string& what) {
  throw std::system_error(ENOENT, std::generic_category(), what + ": not in the object store");
}

std::string normalized_prefix(std::string prefix) {
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';
  return prefix;
}

void write_all(int fd, std::span<const std::byte> bytes, const fs::path& path) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw_errno("write " + path.string());
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

// Removes a file unless told it has been kept.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(fs::path path) : path_(std::move(path)) {}
  ~RemoveUnlessKept() {
    if (!kept_) ::unlink(path_.c_str());
  }
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;
  void keep() { kept_ = true; }

 private:
  fs::path path_;
  bool kept_ = false;
};

// The client that signs download URLs for clients, when the store hands them out.
std::optional<s3::Client> presigner_for(s3::Config config, const S3BlobOptions& options, const Clock& clock) {
  if (!options.presign_downloads) return std::nullopt;
  if (!options.public_endpoint.empty()) config.endpoint = options.public_endpoint;
  return std::optional<s3::Client>(std::in_place, config, clock);
}

class S3BlobStore final : public BlobStore {
 public:
  S3BlobStore(const s3::Config& config, const fs::path& local_dir, S3BlobOptions options)
      : options_(std::move(options)),
        prefix_(normalized_prefix(options_.prefix)),
        client_(config, clock_),
        presigner_(presigner_for(config, options_, clock_)),
        upload_threads_(std::max(1U, options_.upload_threads)),
        staging_dir_(local_dir / "staging"),
        cache_dir_(local_dir / "cache") {
    create_durable_directories(staging_dir_);
    create_durable_directories(cache_dir_);
    // What an earlier run cached counts against the bound from the start.
    const std::lock_guard lock(cache_mutex_);
    for (const auto& entry : fs::directory_iterator(cache_dir_)) {
      const std::string name = entry.path().filename().string();
      if (is_sha256_hex(name) && entry.is_regular_file()) remember(name, entry.file_size());
    }
    evict_over_bound();
  }

  // Staging is the local store's: a file on this node's disk, hashed as it is written. Past the multipart threshold
  // its parts go on to the bucket as they land (core/s3_part_shipper.hpp), under incoming/, which nothing reads: a
  // failed upload leaves nothing visible.
  std::unique_ptr<StagedBlob> stage(bool with_md5) override {
    const std::string name = random_hex(16);
    auto shipper =
        std::make_unique<PartShipper>(client_, upload_threads_, prefix_ + "incoming/" + name,
                                      PartShipper::Settings{options_.multipart_threshold, options_.part_size});
    return std::make_unique<LocalStagedBlob>(staging_dir_ / (name + ".part"), with_md5, std::move(shipper));
  }

  // Published means acknowledged by S3 (an acknowledged PUT is durable there). The staged file then becomes the
  // cached copy: the next download of a fresh upload is served without a round trip.
  void publish(StagedBlob& blob) override {
    auto& local = dynamic_cast<LocalStagedBlob&>(blob);
    const Digests& digests = local.seal();
    const std::string key = blob_key(digests.sha256_hex);
    if (renew_if_present(key, digests.size)) {
      shipper_of(local).abandon();  // the parts sent were a copy of what the bucket holds already
    } else {
      store_sealed(local, key, digests.size);
    }
    keep_in_cache(local, digests.sha256_hex, digests.size);
  }

  BlobReader open(std::string_view sha256_hex) const override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    const std::string sha(sha256_hex);
    for (;;) {
      std::unique_lock lock(cache_mutex_);
      if (auto reader = open_cached(sha)) return std::move(*reader);
      // One download per blob however many ask for it at once; the others wait for it and look again.
      if (const auto pending = downloading_.find(sha); pending != downloading_.end()) {
        const std::shared_future<void> done = pending->second;
        lock.unlock();
        done.get();  // rethrows the download's failure, a missing blob included
        continue;
      }
      std::promise<void> promise;
      downloading_.emplace(sha, promise.get_future().share());
      lock.unlock();
      BlobReader reader;
      try {
        const std::uint64_t bytes = download(sha);
        // Opened before anything is evicted: a blob larger than the whole cache stays readable through this
        // descriptor after its file is gone (Linux keeps an unlinked file's bytes while it is open).
        reader = open_for_reading(cache_path(sha));
        lock.lock();
        downloading_.erase(sha);
        remember(sha, bytes);
        evict_over_bound();
      } catch (...) {
        if (!lock.owns_lock()) lock.lock();
        downloading_.erase(sha);
        promise.set_exception(std::current_exception());
        throw;
      }
      promise.set_value();
      return reader;
    }
  }

  // A cached copy only: a miss is left to open(), which downloads.
  std::optional<BlobReader> open_if_at_hand(std::string_view sha256_hex) const override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    const std::lock_guard lock(cache_mutex_);
    return open_cached(std::string(sha256_hex));
  }

  bool presigns_downloads() const override { return presigner_.has_value(); }

  // Signed for the endpoint clients reach (which may differ from the one this node uses), computed locally: no
  // request, and the object store itself refuses the URL once it is altered or expired.
  std::optional<std::string> presigned_url(std::string_view sha256_hex, std::int64_t expires_s,
                                           std::string_view content_type,
                                           std::string_view content_disposition) const override {
    if (!presigner_) return std::nullopt;
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    s3::ResponseOverrides overrides;
    overrides.content_type = content_type;
    if (!content_disposition.empty()) overrides.content_disposition = content_disposition;
    const std::int64_t ttl = std::clamp<std::int64_t>(expires_s - clock_.now_s(), 1, s3::sigv4::kMaxPresignSeconds);
    return presigner_->presign_get(blob_key(sha256_hex), std::chrono::seconds(ttl), overrides);
  }

  // Parts live in the bucket, not on this node: the next part, or the completion, may arrive at another node.
  void keep_part(StagedBlob& blob, std::string_view upload, std::string_view part) override {
    check_part_name(upload);
    check_part_name(part);
    auto& local = dynamic_cast<LocalStagedBlob&>(blob);
    const std::uint64_t size = local.seal().size;
    store_sealed(local, part_key(upload, part), size);  // replaces an earlier part of the same name
    // The local stage is discarded by its destructor.
  }

  void append_part(std::string_view upload, std::string_view part, std::uint64_t expected_size,
                   StagedBlob& into) const override {
    check_part_name(upload);
    check_part_name(part);
    const std::string key = part_key(upload, part);
    // Asked first, so that a part of the wrong size adds nothing to the assembly.
    const std::optional<s3::ObjectInfo> info = head(key);
    if (!info) throw_missing("upload part " + std::string(upload) + "/" + std::string(part));
    if (info->size != expected_size) throw std::runtime_error("upload part size differs from its record");
    s3::GetResult got;
    try {
      got = client_.get_object(key, std::nullopt, [&into](std::span<const std::byte> chunk) { into.write(chunk); });
    } catch (const s3::Error& e) {
      if (is_missing(e)) throw_missing("upload part " + std::string(upload) + "/" + std::string(part));
      throw;
    }
    // Replaced meanwhile by a part of another size: what was appended is wrong, and the assembly must fail.
    if (got.content_length != expected_size) throw std::runtime_error("upload part size differs from its record");
  }

  void remove_parts(std::string_view upload) override {
    check_part_name(upload);
    std::vector<std::string> keys;
    client_.for_each_object(part_prefix(upload), [&](const s3::ObjectSummary& o) { keys.push_back(o.key); });
    for (const std::string& key : keys) client_.delete_object(key);
  }

  void list_blobs(const std::function<void(const StoredItem&)>& visit) const override {
    const std::string under = prefix_ + "blobs/";
    client_.for_each_object(under, [&](const s3::ObjectSummary& o) {
      const std::string name = o.key.substr(under.size());
      if (is_sha256_hex(name)) visit({name, o.size, o.last_modified_ms});
    });
  }

  void list_part_uploads(const std::function<void(const StoredItem&)>& visit) const override {
    const std::string under = prefix_ + "parts/";
    std::map<std::string, StoredItem> uploads;
    client_.for_each_object(under, [&](const s3::ObjectSummary& o) {
      const std::string rest = o.key.substr(under.size());
      const auto slash = rest.find('/');
      if (slash == std::string::npos || slash == 0) return;
      StoredItem& item = uploads[rest.substr(0, slash)];
      item.name = rest.substr(0, slash);
      item.bytes += o.size;
      item.modified_ms = std::max(item.modified_ms, o.last_modified_ms);
    });
    for (const auto& [name, item] : uploads) visit(item);
  }

  // Atomic with publish() in this process (removal_mutex_). Between nodes it is not: a node that renews the blob
  // between this check and the delete loses it (docs/scale-out.md, "S3 blob store").
  bool remove_blob_idle_since(std::string_view sha256_hex, std::int64_t cutoff_ms) override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    const std::string key = blob_key(sha256_hex);
    const std::unique_lock no_publish(removal_mutex_);
    const std::optional<std::int64_t> modified = modified_ms(key);
    if (!modified || *modified > cutoff_ms) return false;
    client_.delete_object(key);
    drop_cached(std::string(sha256_hex));
    return true;
  }

  bool quarantine_blob(std::string_view sha256_hex) override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    const std::string key = blob_key(sha256_hex);
    const std::unique_lock no_publish(removal_mutex_);
    try {
      client_.copy_object(key, prefix_ + "quarantine/" + std::string(sha256_hex));
    } catch (const s3::Error& e) {
      if (is_missing(e)) return false;
      throw;
    }
    client_.delete_object(key);
    drop_cached(std::string(sha256_hex));
    return true;
  }

  // This node's stages and half-downloaded cache files, and S3 multipart uploads nobody finished: a node that
  // crashed mid-upload leaves one behind, and S3 keeps (and bills) its parts until it is aborted.
  std::size_t remove_orphaned_stages() override {
    std::size_t removed = 0;
    for (const auto& entry : fs::directory_iterator(staging_dir_)) {
      if (entry.path().extension() == ".part" && fs::remove(entry.path())) ++removed;
    }
    for (const auto& entry : fs::directory_iterator(cache_dir_)) {
      if (entry.path().extension().string() == kDownloadSuffix) fs::remove(entry.path());
    }
    const std::int64_t cutoff_ms = clock_.now_ms() - options_.abandoned_upload_age_ms;
    // A streamed upload completed under incoming/ by a node that crashed before it was copied to its address.
    std::vector<std::string> stranded;
    client_.for_each_object(prefix_ + "incoming/", [&](const s3::ObjectSummary& o) {
      if (o.last_modified_ms <= cutoff_ms) stranded.push_back(o.key);
    });
    for (const std::string& key : stranded) {
      client_.delete_object(key);
      ++removed;
    }
    for (const char* area : {"blobs/", "parts/", "incoming/"}) {
      for (const s3::MultipartUpload& upload : client_.list_multipart_uploads(prefix_ + area)) {
        if (upload.initiated_ms > cutoff_ms) continue;
        try {
          client_.abort_multipart_upload(upload.key, upload.upload_id);
          ++removed;
        } catch (const s3::Error& e) {
          if (!is_missing(e)) throw;  // another node aborted it first
        }
      }
    }
    return removed;
  }

 private:
  struct CacheEntry {
    std::uint64_t bytes = 0;
    std::list<std::string>::iterator position;  // in recency_
    std::optional<BlobReader> reader;           // opened on the first use from the cache
  };

  std::string blob_key(std::string_view sha) const { return prefix_ + "blobs/" + std::string(sha); }
  std::string part_prefix(std::string_view upload) const { return prefix_ + "parts/" + std::string(upload) + "/"; }
  std::string part_key(std::string_view upload, std::string_view part) const {
    return part_prefix(upload) + std::string(part);
  }
  fs::path cache_path(const std::string& sha) const { return cache_dir_ / sha; }

  std::optional<s3::ObjectInfo> head(const std::string& key) const {
    try {
      return client_.head_object(key);
    } catch (const s3::Error& e) {
      if (is_missing(e)) return std::nullopt;
      throw;
    }
  }

  // When the key was last written, to the millisecond where the store says (a listing does; HEAD's Last-Modified
  // has whole seconds). The same clock list_blobs() reports, so the garbage collector's cutoff compares like with
  // like.
  std::optional<std::int64_t> modified_ms(const std::string& key) const {
    for (const s3::ObjectSummary& o : client_.list_objects_v2(key, std::nullopt, 1).objects) {
      if (o.key == key) return o.last_modified_ms;
    }
    return std::nullopt;
  }

  // The same bytes are in the bucket already: content addressing keeps one copy. But a publish must count as "now"
  // for garbage collection (the commit that follows is about to refer to the blob), and S3 cannot touch an object:
  // copying it onto itself with new metadata renews its Last-Modified. Objects too large for one CopyObject, and one
  // of another size than ours (damaged), are uploaded again instead. False when nothing was renewed.
  bool renew_if_present(const std::string& key, std::uint64_t size) {
    const std::shared_lock no_removal(removal_mutex_);
    const std::optional<s3::ObjectInfo> existing = head(key);
    if (!existing || existing->size != size || size > kMaxCopySize) return false;
    try {
      client_.copy_object(key, key, true);
    } catch (const s3::Error& e) {
      if (is_missing(e)) return false;  // removed by another node just now: store it anew
      throw;
    }
    return true;
  }

  static PartShipper& shipper_of(const LocalStagedBlob& local) { return dynamic_cast<PartShipper&>(*local.follower()); }

  // The first `size` bytes of the sealed stage, under `key`. Streamed, they are in the bucket but for the last part,
  // and are copied server-side from incoming/ (no byte sent twice), except past the size one CopyObject copies, where
  // they are sent again from the file. Not streamed (at most the multipart threshold), they go up in one PUT.
  void store_sealed(LocalStagedBlob& local, const std::string& key, std::uint64_t size) {
    PartShipper& shipper = shipper_of(local);
    if (!shipper.started()) {
      upload_file(local.path(), key, size);
      return;
    }
    shipper.finish(local.path(), size);
    try {
      if (size <= kMaxCopySize) {
        client_.copy_object(shipper.key(), key);
      } else {
        upload_file(local.path(), key, size);
      }
    } catch (...) {
      remove_incoming(shipper.key());
      throw;
    }
    remove_incoming(shipper.key());
  }
  // Failing, it leaves the object to remove_orphaned_stages(): the upload itself has succeeded or failed already.
  void remove_incoming(const std::string& key) const noexcept {
    try {
      client_.delete_object(key);
    } catch (const std::exception&) {
      // See above.
    }
  }

  // The first `size` bytes of the sealed stage at `path` (the size its digests were taken of; a file found shorter
  // fails the request mid-body, and S3 stores nothing): one PUT, or a multipart upload that is aborted when any part
  // fails (else remove_orphaned_stages() finds it).
  void upload_file(const fs::path& path, const std::string& key, std::uint64_t size) const {
    const DirectFileReader file(path);
    if (size <= options_.multipart_threshold) {
      client_.put_object(key, size, file_range(file, 0, size));
      return;
    }
    // The parts a streamed upload would have (PartShipper::part_length): one rule for S3's part limits.
    const std::string upload_id = client_.create_multipart_upload(key);
    try {
      std::vector<s3::CompletedPart> parts;
      for (std::uint64_t offset = 0, n = 0; offset < size; offset += n) {
        n = std::min(PartShipper::part_length(offset, options_.part_size), size - offset);
        const int number = static_cast<int>(parts.size()) + 1;
        parts.push_back({number, client_.upload_part(key, upload_id, number, n, file_range(file, offset, n))});
      }
      client_.complete_multipart_upload(key, upload_id, parts);
    } catch (...) {
      try {
        client_.abort_multipart_upload(key, upload_id);
      } catch (const std::exception&) {
        // Left for remove_orphaned_stages(); the upload's own failure is what the caller needs to hear.
      }
      throw;
    }
  }

  void keep_in_cache(LocalStagedBlob& local, const std::string& sha, std::uint64_t bytes) {
    if (::rename(local.path().c_str(), cache_path(sha).c_str()) != 0) throw_errno("rename into the blob cache");
    local.mark_published();
    const std::lock_guard lock(cache_mutex_);
    remember(sha, bytes);
    evict_over_bound();
  }

  // Into a temporary file first, renamed once whole and checked against its address: a cached file is always a
  // complete, correct blob.
  std::uint64_t download(const std::string& sha) const {
    const fs::path temp = cache_dir_ / (sha + "." + random_hex(8) + std::string(kDownloadSuffix));
    UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
    if (!fd) throw_errno("create " + temp.string());
    RemoveUnlessKept cleanup(temp);
    StreamHasher hasher;
    s3::GetResult got;
    try {
      got = client_.get_object(blob_key(sha), std::nullopt, [&](std::span<const std::byte> chunk) {
        write_all(fd.get(), chunk, temp);
        hasher.update(chunk);
      });
    } catch (const s3::Error& e) {
      if (is_missing(e)) throw_missing("blob " + sha);
      throw;
    }
    if (hasher.finish().sha256_hex != sha) {
      throw std::runtime_error("blob " + sha + " from the object store does not match its address");
    }
    if (::fdatasync(fd.get()) != 0) throw_errno("fdatasync " + temp.string());
    fd.reset();
    if (::rename(temp.c_str(), cache_path(sha).c_str()) != 0) throw_errno("rename into the blob cache");
    cleanup.keep();
    return got.content_length;
  }

  // ---- The read cache; cache_mutex_ held ----
  // The cached copy's bytes, most recently used from now on; nothing when there is none.
  // Its descriptor is kept with the entry, as the local store keeps its blobs': a warm download makes no system
  // call here (opening the file each time cost a fifth of a 4 KiB download). Eviction drops it; readers still
  // holding it keep reading.
  std::optional<BlobReader> open_cached(const std::string& sha) const {
    const auto cached = cached_.find(sha);
    if (cached == cached_.end()) return std::nullopt;
    try {
      if (!cached->second.reader) cached->second.reader = open_for_reading(cache_path(sha));
      recency_.splice(recency_.begin(), recency_, cached->second.position);
      return cached->second.reader;
    } catch (const std::system_error& e) {
      if (e.code() != std::errc::no_such_file_or_directory) throw;
      forget(sha);  // removed behind our back: to be fetched again
      return std::nullopt;
    }
  }
  void remember(const std::string& sha, std::uint64_t bytes) const {
    if (const auto found = cached_.find(sha); found != cached_.end()) {
      recency_.splice(recency_.begin(), recency_, found->second.position);
      return;
    }
    recency_.push_front(sha);
    cached_.emplace(sha, CacheEntry{bytes, recency_.begin(), std::nullopt});
    cached_bytes_ += bytes;
  }
  void forget(const std::string& sha) const {
    const auto found = cached_.find(sha);
    if (found == cached_.end()) return;
    cached_bytes_ -= found->second.bytes;
    recency_.erase(found->second.position);
    cached_.erase(found);
  }
  // Files being downloaded are not in the cache yet, so they are never evicted.
  void evict_over_bound() const {
    while (cached_bytes_ > options_.cache_bytes && !recency_.empty()) {
      const std::string sha = recency_.back();
      ::unlink(cache_path(sha).c_str());
      forget(sha);
    }
  }

  void drop_cached(const std::string& sha) {
    const std::lock_guard lock(cache_mutex_);
    ::unlink(cache_path(sha).c_str());
    forget(sha);
  }

  S3BlobOptions options_;
  std::string prefix_;
  SystemClock clock_;  // dates presigned URLs (the client's) and abandoned uploads
  s3::Client client_;
  std::optional<s3::Client> presigner_;  // when downloads are presigned: signs for the public endpoint
  // Sends the parts of streamed uploads; after client_, so that its jobs (which use it) end first.
  boost::asio::thread_pool upload_threads_;
  fs::path staging_dir_;
  fs::path cache_dir_;
  // Held shared by a publish's renewal and exclusively by a blob's removal: in this process a removal never races
  // the renewal of the same bytes.
  std::shared_mutex removal_mutex_;
  mutable std::mutex cache_mutex_;
  mutable std::list<std::string> recency_;  // cached blobs, most recently opened first
  mutable std::unordered_map<std::string, CacheEntry, TransparentHash, std::equal_to<>> cached_;
  mutable std::uint64_t cached_bytes_ = 0;
  mutable std::unordered_map<std::string, std::shared_future<void>, TransparentHash, std::equal_to<>> downloading_;
};

}  // namespace

std::unique_ptr<BlobStore> make_s3_blob_store(const s3::Config& config, const fs::path& local_dir,
                                              S3BlobOptions options) {
  return std::make_unique<S3BlobStore>(config, local_dir, std::move(options));
}

}  // namespace filegate::core
