#pragma once
// Blobs in a bucket of an S3-compatible object store, so that several filegate nodes share them (issue 20,
// docs/scale-out.md "S3 blob store"). Each node keeps two things on its own disk under `local_dir`: the stages of
// uploads arriving at it (written and hashed exactly as the local store does, sent on from there) and a bounded read
// cache of blobs, because downloads are served from a local descriptor (pread / sendfile), never streamed from S3
// per request.
//
// Keys in the bucket, all under S3BlobOptions::prefix:
//   blobs/<sha256>               published blobs, content-addressed: identical uploads are stored once
//   incoming/<random>            large uploads while they arrive (multipart), copied to blobs/ once whole
//   parts/<upload>/<part>        kept parts of multipart uploads: any node may finish an upload begun on another
//   quarantine/<sha256>          damaged blobs moved out of every download's reach
// Every call blocks on the network: run it where blocking is allowed (http::run_blocking), as with the local store.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "core/blob_store.hpp"
#include "core/s3/config.hpp"

namespace filegate::core {

struct S3BlobOptions {
  // Every key starts with this ("site-a/"), so several installations can share one bucket; "" for none. A '/' is
  // added when it does not end in one.
  std::string prefix;
  // The read cache holds at most this many bytes of blobs; least recently opened go first. A blob larger than the
  // whole cache is still served (through the descriptor opened before it is evicted).
  std::uint64_t cache_bytes = std::uint64_t{1} << 30;
  // Blobs (and parts) above this size go up as S3 multipart uploads of `part_size` parts (at least 5 MiB, S3's
  // minimum, and growing once 10,000 of them would not hold the blob), sent while the bytes still arrive
  // (core/s3_part_shipper.hpp); smaller ones in one PUT once they are all there.
  std::uint64_t multipart_threshold = std::uint64_t{64} << 20;
  std::uint64_t part_size = std::uint64_t{16} << 20;
  // Parts in flight at once, across all of this node's uploads.
  unsigned upload_threads = 4;
  // remove_orphaned_stages() aborts S3 multipart uploads begun this long ago and never finished (a node that crashed
  // mid-upload). Long, because other nodes' uploads in flight are listed too.
  std::int64_t abandoned_upload_age_ms = 24 * 3'600'000;
  // Downloads that the platform itself redirects to object storage (SMH's Location, DingTalk's resourceUrls, Feishu
  // Drive's tmp_download_url) get presigned URLs of the bucket, so the bytes bypass filegate; otherwise ("proxy")
  // filegate serves them. `public_endpoint` is the endpoint clients reach, when it differs from the one nodes use.
  bool presign_downloads = false;
  std::string public_endpoint;
};

// Throws std::invalid_argument for a Config without a usable endpoint or bucket; creates `local_dir`'s directories.
std::unique_ptr<BlobStore> make_s3_blob_store(const s3::Config& config, const std::filesystem::path& local_dir,
                                              S3BlobOptions options = {});

}  // namespace filegate::core
