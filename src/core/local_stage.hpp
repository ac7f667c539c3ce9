#pragma once
// What every BlobStore that stages on this machine's disk shares: the staged file (written through the ingest
// pipeline, hashed inline), durable directories, and the checks on blob addresses and part names. The local store
// keeps blobs beside its stages; the S3 store stages here and uploads the sealed file.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/blob_store.hpp"
#include "core/direct_file_writer.hpp"
#include "core/ingest_pipeline.hpp"

namespace filegate::core {

// Follows a stage's bytes into its file as they land there: the S3 store sends them on to the bucket while the rest
// still arrives (core/s3_part_shipper.hpp). Called on the thread that writes the file, one call at a time, never
// after the stage is sealed.
class StageFollower {
 public:
  virtual ~StageFollower() = default;
  // The file at `file` now holds its first `file_size` bytes.
  virtual void written(const std::filesystem::path& file, std::uint64_t file_size) = 0;
};

// An upload's bytes in a local file of their own. Destroying it unpublished removes the file.
class LocalStagedBlob final : public StagedBlob {
 public:
  LocalStagedBlob(std::filesystem::path path, bool with_md5, std::unique_ptr<StageFollower> follower = nullptr);
  ~LocalStagedBlob() override;

  std::span<std::byte> next_buffer() override;
  void commit(std::size_t n) override;
  void write(std::span<const std::byte> data) override;
  const Digests& seal() override;  // fsyncs and closes the file
  std::uint64_t size_so_far() const override { return pipeline_.size(); }

  const std::filesystem::path& path() const { return file_.path(); }
  // The file has been moved elsewhere (renamed): the destructor leaves it alone.
  void mark_published() { published_ = true; }
  StageFollower* follower() const { return follower_.get(); }

 private:
  DirectFileWriter file_;
  std::unique_ptr<StageFollower> follower_;  // before pipeline_: outlives the writes in flight that call it
  IngestPipeline pipeline_;  // after file_: destroyed first, so hashing in flight ends before the file closes
  Digests digests_;
  bool sealed_ = false;
  bool published_ = false;
};

void fsync_directory(const std::filesystem::path& dir);
// Creates `dir` (and parents), fsyncing each new entry's parent so the directory itself survives a crash.
void create_durable_directories(const std::filesystem::path& dir);
// Part and upload names become path components and object keys: only [0-9A-Za-z._-], never "." or "..". Throws
// std::invalid_argument.
void check_part_name(std::string_view name);
bool is_sha256_hex(std::string_view s);
// A regular file opened read-only, with its size. Throws std::system_error (ENOENT for a missing file).
BlobReader open_for_reading(const std::filesystem::path& path);

}  // namespace filegate::core
