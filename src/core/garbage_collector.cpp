#include "core/garbage_collector.hpp"

#include <vector>

#include "core/clock.hpp"
#include "core/upload_parts.hpp"

namespace filegate::core {
namespace {

// What the records refer to: objects (the "object_id" convention) and upload sessions' part storage.
struct Marks {
  std::unordered_set<std::string> objects;
  std::unordered_set<std::string> part_storage;
};

void mark_string_field(const boost::json::object& value, std::string_view field,
                       std::unordered_set<std::string>& into) {
  if (const boost::json::value* v = value.if_contains(field); v && v->is_string() && !v->get_string().empty()) {
    into.emplace(v->get_string());
  }
}

Marks mark(MetadataStore& metadata) {
  Marks marks;
  for (const std::string& ns : metadata.record_namespaces()) {
    for (auto it = metadata.scan(ns); it.valid(); it.next()) {
      mark_string_field(it.value(), MetadataStore::kObjectIdField, marks.objects);
      mark_string_field(it.value(), UploadParts::kStorageField, marks.part_storage);
    }
  }
  return marks;
}

}  // namespace

GarbageReport collect_garbage(Store& store, const GarbageOptions& options) {
  GarbageReport report;
  // Objects are dated by the store's clock; blobs and parts by the file system's.
  const std::int64_t object_cutoff_ms = store.clock().now_ms() - options.grace_ms;
  const std::int64_t file_cutoff_ms = SystemClock().now_ms() - options.grace_ms;
  const Marks marks = mark(store.metadata());

  // Objects: those unreferenced and older than the grace period go; the blobs of the rest stay.
  std::unordered_set<std::string> live_blobs = options.keep_blobs;
  std::vector<std::string> unreferenced;
  for (auto it = store.metadata().scan_objects(); it.valid(); it.next()) {
    const ObjectRecord& object = it.value();
    if (!options.keep_objects && !marks.objects.contains(object.id) && object.created_at_ms <= object_cutoff_ms) {
      unreferenced.push_back(object.id);
    } else {
      live_blobs.insert(object.digests.sha256_hex);
    }
  }
  if (options.dry_run) {
    report.objects = unreferenced.size();
  } else {
    // A record written since the scan above keeps its object: the erase checks again, in its transaction.
    const std::vector<ObjectRecord> erased = store.metadata().erase_unreferenced_objects(unreferenced);
    report.objects = erased.size();
    std::unordered_set<std::string> erased_ids;
    for (const ObjectRecord& o : erased) erased_ids.insert(o.id);
    for (const std::string& id : unreferenced) {
      if (erased_ids.contains(id)) continue;
      if (auto kept = store.metadata().object(id)) live_blobs.insert(kept->digests.sha256_hex);
    }
  }

  // Blobs: content-addressed and shared, so one goes only when no remaining object has its address.
  std::vector<BlobStore::StoredItem> dead_blobs;
  store.blobs().list_blobs([&](const BlobStore::StoredItem& blob) {
    if (!live_blobs.contains(blob.name) && blob.modified_ms <= file_cutoff_ms) dead_blobs.push_back(blob);
  });
  for (const BlobStore::StoredItem& blob : dead_blobs) {
    if (!options.dry_run && !store.blobs().remove_blob_idle_since(blob.name, file_cutoff_ms)) continue;
    ++report.blobs;
    report.blob_bytes += blob.bytes;
  }

  // Parts: a session's record names their storage; without one they can never be completed.
  std::vector<BlobStore::StoredItem> dead_parts;
  store.blobs().list_part_uploads([&](const BlobStore::StoredItem& upload) {
    if (!marks.part_storage.contains(upload.name) && upload.modified_ms <= file_cutoff_ms) dead_parts.push_back(upload);
  });
  for (const BlobStore::StoredItem& upload : dead_parts) {
    if (!options.dry_run) store.blobs().remove_parts(upload.name);
    ++report.part_uploads;
    report.part_bytes += upload.bytes;
  }
  return report;
}

}  // namespace filegate::core
