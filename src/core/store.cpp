#include "core/store.hpp"

#include <fstream>

#include "core/random_ids.hpp"

namespace filegate::core {

Store::Store(std::unique_ptr<BlobStore> blobs, std::unique_ptr<MetadataStore> metadata, const Clock& clock)
    : blobs_(std::move(blobs)), metadata_(std::move(metadata)), clock_(clock) {}

std::unique_ptr<Store> Store::open_embedded(const std::filesystem::path& data_dir, const Clock& clock) {
  std::filesystem::create_directories(data_dir);
  auto metadata = open_sqlite_metadata(data_dir / "metadata.sqlite3");
  return std::make_unique<Store>(make_local_blob_store(data_dir), std::move(metadata), clock);
}

ObjectRecord Store::publish_object(StagedBlob& staged, NewObject description) {
  ObjectRecord object;
  object.id = "obj" + random_hex(12);
  object.digests = staged.seal();
  object.name = std::move(description.name);
  object.content_type = std::move(description.content_type);
  object.origin = std::move(description.origin);
  object.created_at_ms = clock_.now_ms();
  blobs_->publish(staged);
  return object;
}

namespace {

BlobReader checked_size(BlobReader blob, const ObjectRecord& object) {
  if (blob.size != object.digests.size) {
    throw std::runtime_error("the blob of object " + object.id + " holds " + std::to_string(blob.size) +
                             " bytes instead of " + std::to_string(object.digests.size));
  }
  return blob;
}

}  // namespace

BlobReader Store::open(const ObjectRecord& object) const {
  return checked_size(blobs_->open(object.digests.sha256_hex), object);
}

std::optional<BlobReader> Store::open_if_at_hand(const ObjectRecord& object) const {
  std::optional<BlobReader> blob = blobs_->open_if_at_hand(object.digests.sha256_hex);
  if (!blob) return std::nullopt;
  return checked_size(std::move(*blob), object);
}

ObjectRecord Store::commit_object(StagedBlob& staged, NewObject description,
                                  const std::function<WriteBatch(const ObjectRecord&)>& records_for) {
  // Blob first, metadata second: a crash in between leaves an unreferenced blob, never a record without bytes.
  ObjectRecord object = publish_object(staged, std::move(description));
  WriteBatch batch = records_for ? records_for(object) : WriteBatch();
  batch.new_object = object;
  metadata_->commit(batch);
  return object;
}

std::unique_ptr<StagedBlob> stage_local_file(Store& store, const std::filesystem::path& path,
                                             const StageProgress& progress) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  auto staged = store.stage();
  while (in) {
    const std::span<std::byte> room = staged->next_buffer();
    in.read(reinterpret_cast<char*>(room.data()), static_cast<std::streamsize>(room.size()));
    staged->commit(static_cast<std::size_t>(in.gcount()));
    if (progress) progress(staged->size_so_far());
  }
  return staged;
}

std::unique_ptr<StagedBlob> stage_bytes(Store& store, std::string_view bytes) {
  auto staged = store.stage();
  staged->write(std::as_bytes(std::span(bytes.data(), bytes.size())));
  return staged;
}

}  // namespace filegate::core
