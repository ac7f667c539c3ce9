#pragma once
// An upload's bytes on their way into the bucket while the rest still arrives (issue 20: "uploads stream into the
// object store"). The S3 store stages each upload on the node's disk, hashed as it is written, as the local store
// does. Once the staged file holds more than the multipart threshold, its PartShipper begins an S3 multipart upload
// under a temporary key (incoming/<random>) and sends every whole part from the file as soon as the file holds it, on
// the store's upload threads. So when the last byte has arrived only the last part is left to send; the upload is
// then completed and copied, server-side, under its content address, which is known only now (S3 has no rename).
//
// Why from the file and not from the ingest buffers: the file is there anyway (the node's cached copy), parts must be
// at least 5 MiB, and a slow bucket then costs disk, never memory.
//
// Nothing partial becomes visible: parts sit in an unfinished multipart upload, and a completed one only under
// incoming/, which no download reads. A stage dropped unpublished aborts its upload (on the upload threads: the drop
// may happen on an event loop); one a crash left behind is aborted by BlobStore::remove_orphaned_stages().
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/direct_file_reader.hpp"
#include "core/local_stage.hpp"
#include "core/s3/client.hpp"

namespace filegate::core {

// Bytes [first, first + size) of a local file, as an S3 request body.
s3::Reader file_range(const DirectFileReader& file, std::uint64_t first, std::uint64_t size);

class PartShipper final : public StageFollower {
 public:
  struct Settings {
    std::uint64_t start_above = 0;  // file size past which the multipart upload begins
    std::uint64_t part_size = 0;    // at least S3's 5 MiB; parts grow past it in very large files (part_length)
  };

  // `client` and `threads` outlive the shipper and every job it posts (the store owns all three).
  PartShipper(const s3::Client& client, boost::asio::thread_pool& threads, std::string key, Settings settings);
  ~PartShipper() override;  // begun and neither finished nor abandoned: aborts the upload on the upload threads
  PartShipper(const PartShipper&) = delete;
  PartShipper& operator=(const PartShipper&) = delete;

  // Begins the multipart upload once the file is past the threshold (here, so that a bucket that refuses it fails
  // the upload at once), then posts each whole part the file holds.
  void written(const std::filesystem::path& file, std::uint64_t file_size) override;

  bool started() const { return !upload_id_.empty(); }
  // Where finish() leaves the bytes.
  const std::string& key() const { return key_; }

  // The file's first `size` bytes are all there is: sends the rest as the last part, waits for every part and
  // completes the upload under key(). On any failure the upload is aborted and the failure rethrown.
  void finish(const std::filesystem::path& file, std::uint64_t size);
  // The bytes are not needed in the bucket after all (identical content is there already): aborts the upload.
  void abandon();

  // The length of the part that starts at `offset`: `part_size`, and 1/1024 of the offset once that is more, so that
  // S3's 10,000 parts hold any object it can store (5 TiB) while no part is over its 5 GiB.
  static std::uint64_t part_length(std::uint64_t offset, std::uint64_t part_size);

 private:
  // What the upload threads share with the shipper; kept alive by their jobs.
  struct Shared {
    std::mutex mutex;
    std::condition_variable idle;
    int in_flight = 0;
    std::map<int, std::string> etags;  // by part number
    std::exception_ptr failure;        // the first part that failed
  };

  void ship(const std::filesystem::path& file, std::uint64_t offset, std::uint64_t length);
  // Waits for the parts in flight; rethrows the first failure.
  void wait_for_parts();
  static void abort_after_parts(const s3::Client& client, const std::shared_ptr<Shared>& shared, const std::string& key,
                                const std::string& upload_id);

  const s3::Client& client_;
  boost::asio::thread_pool& threads_;
  std::string key_;
  Settings settings_;
  std::string upload_id_;
  std::uint64_t shipped_ = 0;  // bytes handed to parts so far
  int next_part_ = 1;
  bool done_ = false;  // finished or abandoned
  std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

}  // namespace filegate::core
