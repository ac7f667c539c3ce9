#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <stdexcept>
#include <system_error>

#include "core/blob_store.hpp"
#include "core/direct_file_reader.hpp"
#include "core/errno_error.hpp"
#include "core/local_stage.hpp"
#include "core/random_ids.hpp"
#include "core/transparent_hash.hpp"

namespace filegate::core {
namespace fs = std::filesystem;
namespace {

class LocalBlobStore final : public BlobStore {
 public:
  explicit LocalBlobStore(const fs::path& data_dir)
      : staging_dir_(data_dir / "staging"),
        blobs_dir_(data_dir / "blobs"),
        parts_dir_(data_dir / "parts"),
        quarantine_dir_(data_dir / "quarantine") {
    create_durable_directories(staging_dir_);
    create_durable_directories(blobs_dir_);
    create_durable_directories(parts_dir_);
  }

  std::unique_ptr<StagedBlob> stage(bool with_md5) override {
    return std::make_unique<LocalStagedBlob>(staging_dir_ / (random_hex(16) + ".part"), with_md5);
  }

  void publish(StagedBlob& blob) override {
    auto& local = dynamic_cast<LocalStagedBlob&>(blob);
    const Digests& digests = local.seal();
    const fs::path target = path_for(digests.sha256_hex);
    create_durable_directories(target.parent_path());
    const std::shared_lock no_removal(removal_mutex_);
    // Same bytes already stored: keep the existing copy (the stage is discarded by its destructor), renewed so that
    // garbage collection leaves it alone until the commit that follows has had time to refer to it.
    if (::utimensat(AT_FDCWD, target.c_str(), nullptr, 0) == 0) return;
    if (errno != ENOENT) throw_errno("renew " + target.string());
    if (::rename(local.path().c_str(), target.c_str()) != 0) throw_errno("rename into " + target.string());
    local.mark_published();
    fsync_directory(target.parent_path());
  }

  // Blobs never change once published, so open descriptors are kept for the hot ones: a download then costs no
  // open/fstat/close. Garbage collection evicts a blob's descriptor when it removes the blob.
  BlobReader open(std::string_view sha256_hex) const override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    {
      std::shared_lock lock(open_blobs_mutex_);  // concurrent downloads do not wait for each other here
      if (auto it = open_blobs_.find(sha256_hex); it != open_blobs_.end()) return it->second;
    }
    BlobReader reader = open_for_reading(path_for(sha256_hex));
    std::unique_lock lock(open_blobs_mutex_);
    if (open_blobs_.size() >= kMaxOpenBlobs) open_blobs_.clear();
    open_blobs_.emplace(std::string(sha256_hex), reader);
    return reader;
  }

  // Parts are renamed from staging/ into parts/<upload>/<part>: same file system, so the rename is atomic and a
  // re-sent part replaces the old one in one step.
  void keep_part(StagedBlob& blob, std::string_view upload, std::string_view part) override {
    check_part_name(upload);
    check_part_name(part);
    auto& local = dynamic_cast<LocalStagedBlob&>(blob);
    local.seal();
    const fs::path dir = parts_dir_ / std::string(upload);
    create_durable_directories(dir);
    const fs::path target = dir / std::string(part);
    if (::rename(local.path().c_str(), target.c_str()) != 0) throw_errno("rename into " + target.string());
    local.mark_published();
    fsync_directory(dir);
  }

  // Parts were written around the page cache and are read once, here: straight into the stage's buffers.
  void append_part(std::string_view upload, std::string_view part, std::uint64_t expected_size,
                   StagedBlob& into) const override {
    check_part_name(upload);
    check_part_name(part);
    const DirectFileReader reader(parts_dir_ / std::string(upload) / std::string(part));
    if (reader.size() != expected_size) throw std::runtime_error("upload part size differs from its record");
    for (std::uint64_t offset = 0; offset < reader.size();) {
      const std::span<std::byte> room = into.next_buffer();
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(room.size(), reader.size() - offset));
      reader.read_exactly(room.first(n), offset);
      into.commit(n);
      offset += n;
    }
  }

  void remove_parts(std::string_view upload) override {
    check_part_name(upload);
    fs::remove_all(parts_dir_ / std::string(upload));
  }

  void list_blobs(const std::function<void(const StoredItem&)>& visit) const override {
    for (const auto& entry : fs::recursive_directory_iterator(blobs_dir_)) {
      const std::string name = entry.path().filename().string();
      struct stat st {};
      if (!is_sha256_hex(name) || ::lstat(entry.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
      visit({name, static_cast<std::uint64_t>(st.st_size), modified_ms(st)});
    }
  }

  void list_part_uploads(const std::function<void(const StoredItem&)>& visit) const override {
    for (const auto& upload : fs::directory_iterator(parts_dir_)) {
      struct stat st {};
      if (::lstat(upload.path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) continue;
      StoredItem item{upload.path().filename().string(), 0, modified_ms(st)};
      for (const auto& part : fs::directory_iterator(upload.path())) {
        if (::lstat(part.path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        item.bytes += static_cast<std::uint64_t>(st.st_size);
        item.modified_ms = std::max(item.modified_ms, modified_ms(st));
      }
      visit(item);
    }
  }

  bool remove_blob_idle_since(std::string_view sha256_hex, std::int64_t cutoff_ms) override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    const fs::path path = path_for(sha256_hex);
    const std::unique_lock no_publish(removal_mutex_);
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0 || modified_ms(st) > cutoff_ms) return false;
    if (::unlink(path.c_str()) != 0) throw_errno("remove " + path.string());
    forget_descriptor(sha256_hex);
    fsync_directory(path.parent_path());
    return true;
  }

  // Quarantined blobs go to quarantine/<sha256>: outside blobs/, so nothing can serve them.
  bool quarantine_blob(std::string_view sha256_hex) override {
    if (!is_sha256_hex(sha256_hex)) throw std::invalid_argument("not a SHA-256 address");
    const fs::path path = path_for(sha256_hex);
    create_durable_directories(quarantine_dir_);
    const std::unique_lock no_publish(removal_mutex_);
    const fs::path target = quarantine_dir_ / std::string(sha256_hex);
    if (::rename(path.c_str(), target.c_str()) != 0) {
      if (errno == ENOENT) return false;
      throw_errno("rename into " + target.string());
    }
    forget_descriptor(sha256_hex);
    fsync_directory(path.parent_path());
    fsync_directory(quarantine_dir_);
    return true;
  }

  std::size_t remove_orphaned_stages() override {
    std::size_t removed = 0;
    for (const auto& entry : fs::directory_iterator(staging_dir_)) {
      if (entry.path().extension() == ".part" && fs::remove(entry.path())) ++removed;
    }
    return removed;
  }

 private:
  // Two levels of fan-out keep directories small even with millions of blobs.
  fs::path path_for(std::string_view sha) const {
    return blobs_dir_ / std::string(sha.substr(0, 2)) / std::string(sha.substr(2, 2)) / std::string(sha);
  }

  // A blob removed or moved aside must not go on being served from a descriptor opened before.
  void forget_descriptor(std::string_view sha256_hex) {
    const std::unique_lock lock(open_blobs_mutex_);
    if (auto it = open_blobs_.find(sha256_hex); it != open_blobs_.end()) open_blobs_.erase(it);
  }

  static std::int64_t modified_ms(const struct stat& st) {
    return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
  }

  // Held shared by publish() and exclusively by a blob's removal, so that a removal never races a publish of the
  // same bytes (which would then refer to a blob about to vanish).
  std::shared_mutex removal_mutex_;
  static constexpr std::size_t kMaxOpenBlobs = 256;  // well under the default 1024 descriptors per process
  mutable std::shared_mutex open_blobs_mutex_;
  mutable std::unordered_map<std::string, BlobReader, TransparentHash, std::equal_to<>> open_blobs_;
  fs::path staging_dir_;
  fs::path blobs_dir_;
  fs::path parts_dir_;
  fs::path quarantine_dir_;
};

}  // namespace

std::unique_ptr<BlobStore> make_local_blob_store(const fs::path& data_dir) {
  return std::make_unique<LocalBlobStore>(data_dir);
}

}  // namespace filegate::core
