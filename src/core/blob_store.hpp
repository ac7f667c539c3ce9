#pragma once
// Where object bytes live. Blobs are immutable and content-addressed by SHA-256, so identical uploads share storage.
// A blob is written in two phases: staged (invisible, removable) and published (durable under its address).
// The local-directory implementation is the embedded default; an S3-compatible one can implement the same interface.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/digests.hpp"
#include "core/unique_fd.hpp"

namespace filegate::core {

// Bytes on their way in. Destroying an unpublished stage discards it: a failed upload leaves nothing behind.
class StagedBlob {
 public:
  virtual ~StagedBlob() { live_.fetch_sub(1, std::memory_order_relaxed); }
  // Stages alive in this process: uploads whose bytes are arriving or waiting for their commit (the metrics).
  static std::size_t in_progress() { return live_.load(std::memory_order_relaxed); }
  // Where the next bytes go, to be filled in place (from a socket or a file) and then handed over with commit(n):
  // the fast way in, without a copy. Never empty.
  virtual std::span<std::byte> next_buffer() = 0;
  virtual void commit(std::size_t n) = 0;
  // For bytes the caller already holds elsewhere: copies them in.
  virtual void write(std::span<const std::byte> data) = 0;
  // Makes the staged bytes durable and returns their digests; no more writes after this.
  virtual const Digests& seal() = 0;
  virtual std::uint64_t size_so_far() const = 0;

 protected:
  StagedBlob() { live_.fetch_add(1, std::memory_order_relaxed); }
  StagedBlob(const StagedBlob&) = delete;
  StagedBlob& operator=(const StagedBlob&) = delete;

 private:
  static inline std::atomic<std::size_t> live_{0};
};

// A read-only descriptor that several readers may share: every reader uses pread / sendfile at explicit offsets,
// never the file position, so one open blob can serve concurrent downloads.
class SharedFd {
 public:
  SharedFd() = default;
  explicit SharedFd(UniqueFd fd) : fd_(std::make_shared<const UniqueFd>(std::move(fd))) {}
  int get() const { return fd_ ? fd_->get() : -1; }

 private:
  std::shared_ptr<const UniqueFd> fd_;
};

struct BlobReader {
  SharedFd fd;
  std::uint64_t size = 0;
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;
  virtual std::unique_ptr<StagedBlob> stage(bool with_md5) = 0;
  // Moves a sealed stage under its content address, durably. Idempotent for content already present.
  virtual void publish(StagedBlob& blob) = 0;
  virtual BlobReader open(std::string_view sha256_hex) const = 0;
  // The blob's bytes when they can be handed over without waiting on the network (a local file, an S3 store's cached
  // copy); nothing when open() would have to fetch them first. A download's event loop opens the blob itself and
  // leaves only a fetch to the blocking pool (http::open_blob), so serving from the local store costs no thread hop.
  virtual std::optional<BlobReader> open_if_at_hand(std::string_view sha256_hex) const { return open(sha256_hex); }
  // Whether presigned_url hands out URLs: checked first, so that a download in the default proxy mode does not look
  // up the object only to learn that no URL will come back.
  virtual bool presigns_downloads() const { return false; }
  // A URL at which anyone may GET the blob (with Range) straight from where it is kept, until `expires_s` (seconds
  // since the Unix epoch), answered with `content_type` and, unless empty, `content_disposition`; nothing when this
  // store's blobs reach clients only through filegate (the local store; an S3 store unless told to presign).
  virtual std::optional<std::string> presigned_url(std::string_view sha256_hex, std::int64_t expires_s,
                                                   std::string_view content_type,
                                                   std::string_view content_disposition) const {
    return std::nullopt;
  }
  // Removes stages left behind by a crash. Called once at start, before any upload is accepted.
  virtual std::size_t remove_orphaned_stages() = 0;

  // Parts of multipart uploads, kept between requests under caller-chosen names rather than content addresses.
  // `upload` and `part` are made of [0-9A-Za-z._-] (and are not "." or ".."). Keeping a part seals the stage and makes
  // it durable, replacing an earlier part of the same name; removing an upload drops all of its parts at once.
  virtual void keep_part(StagedBlob& blob, std::string_view upload, std::string_view part) = 0;
  // Appends the bytes of a kept part to `into` (assembly); throws if the part is not `expected_size` bytes long.
  virtual void append_part(std::string_view upload, std::string_view part, std::uint64_t expected_size,
                           StagedBlob& into) const = 0;
  virtual void remove_parts(std::string_view upload) = 0;

  // ---- Garbage collection (core/garbage_collector.hpp decides; these only list and remove) ----

  // Something the store holds: a blob (named by its SHA-256) or an upload's parts (named by the upload).
  struct StoredItem {
    std::string name;
    std::uint64_t bytes = 0;
    std::int64_t modified_ms = 0;  // a blob: when it was last published; parts: when the newest part was kept
  };
  virtual void list_blobs(const std::function<void(const StoredItem&)>& visit) const = 0;
  virtual void list_part_uploads(const std::function<void(const StoredItem&)>& visit) const = 0;
  // Removes the blob unless it was published after `cutoff_ms` (ms since the Unix epoch), forgetting any descriptor
  // open on it; false when it is newer (published again meanwhile: a commit may be about to refer to it) or absent.
  // Atomic with respect to publish() in this process: a publish of the same bytes either renews the blob first or
  // stores it anew after.
  virtual bool remove_blob_idle_since(std::string_view sha256_hex, std::int64_t cutoff_ms) = 0;
  // Moves a damaged blob out of every download's reach (kept aside for inspection, never served again); false when
  // there is no such blob.
  virtual bool quarantine_blob(std::string_view sha256_hex) = 0;
};

std::unique_ptr<BlobStore> make_local_blob_store(const std::filesystem::path& data_dir);

}  // namespace filegate::core
