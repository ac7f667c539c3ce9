#pragma once
// The store as dialects see it: stream bytes in, commit them as an object together with the dialect's own records
// in one transaction, read objects back. An upload is visible only once commit_object has returned.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>

#include "core/blob_store.hpp"
#include "core/clock.hpp"
#include "core/metadata_store.hpp"

namespace filegate::core {

struct NewObject {
  std::string name;
  std::string content_type;
  std::string origin;
};

class Store {
 public:
  Store(std::unique_ptr<BlobStore> blobs, std::unique_ptr<MetadataStore> metadata, const Clock& clock);

  // Opens the embedded default: SQLite metadata and blobs under `data_dir`.
  static std::unique_ptr<Store> open_embedded(const std::filesystem::path& data_dir, const Clock& clock);

  std::unique_ptr<StagedBlob> stage(bool with_md5 = false) { return blobs_->stage(with_md5); }

  // Seals and publishes the blob, then commits the object with the batch `records_for(object)`.
  ObjectRecord commit_object(StagedBlob& staged, NewObject description,
                             const std::function<WriteBatch(const ObjectRecord&)>& records_for);
  // The first half of commit_object: seals and publishes the blob and describes the object, recording nothing, for
  // a caller that commits it itself (in a WriteBatch's new_object, which may be retried after RecordExists).
  ObjectRecord publish_object(StagedBlob& staged, NewObject description);

  // The object's bytes. Throws when its blob is missing or damaged on disk (not a file, or not the object's size), so
  // a download fails as an internal error before its response begins instead of serving other or fewer bytes.
  BlobReader open(const ObjectRecord& object) const;
  // open() without waiting on the network: nothing when the blob must be fetched first (BlobStore::open_if_at_hand).
  std::optional<BlobReader> open_if_at_hand(const ObjectRecord& object) const;

  MetadataStore& metadata() { return *metadata_; }
  BlobStore& blobs() { return *blobs_; }
  const BlobStore& blobs() const { return *blobs_; }
  const Clock& clock() const { return clock_; }

 private:
  std::unique_ptr<BlobStore> blobs_;
  std::unique_ptr<MetadataStore> metadata_;
  const Clock& clock_;
};

// Stages the bytes of a local file (streamed, read straight into the stage's buffers) or of a string. `progress`,
// when set, hears the bytes read so far after each buffer.
using StageProgress = std::function<void(std::uint64_t bytes_so_far)>;
std::unique_ptr<StagedBlob> stage_local_file(Store& store, const std::filesystem::path& path,
                                             const StageProgress& progress = {});
std::unique_ptr<StagedBlob> stage_bytes(Store& store, std::string_view bytes);

}  // namespace filegate::core
