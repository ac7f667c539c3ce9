#pragma once
// Multipart uploads that span requests: a session (owner, declared size, block size, expiry, the dialect's own
// attributes), parts kept as files between requests and tracked by records, and assembly into one new staged blob.
// Platform-neutral: Feishu Drive's fixed 4 MiB blocks, DingTalk's and SMH's numbered parts all map onto it.
//
// Parts may arrive in any order and may be re-sent: each copy is kept under a fresh name and the record points at
// the newest, so two concurrent copies of one part never mix; superseded copies go when the upload ends.
// Assembly reads each part once, while the new stage hashes it: the bytes cross memory once, a buffer at a time.
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/store.hpp"

namespace filegate::core {

// Block arithmetic for uploads cut into fixed-size blocks, the last one possibly shorter.
std::uint64_t block_count(std::uint64_t total_size, std::uint64_t block_size);
// Length of block `seq` (0-based) of such an upload; 0 when seq is out of range.
std::uint64_t block_length(std::uint64_t total_size, std::uint64_t block_size, std::uint64_t seq);
// The seqs in [0, count) absent from `present` (any order, duplicates allowed), ascending.
std::vector<std::uint64_t> missing_blocks(std::uint64_t count, const std::vector<std::uint64_t>& present);

struct UploadSession {
  std::string id;                // as the client sees it; chosen by the dialect
  std::string owner;             // who may add parts and finish (an app id, a user, ...)
  std::uint64_t total_size = 0;  // declared by the client (0 if the protocol declares none)
  std::uint64_t block_size = 0;  // fixed block size, or 0 for free-sized parts
  std::int64_t expires_at_ms = 0;
  boost::json::object attributes;  // the dialect's own: file name, target folder, ...
  std::string storage;             // where the BlobStore keeps the parts: internal
};

struct UploadedPart {
  std::uint64_t seq = 0;
  std::string file;  // name under the session's storage: internal
  Digests digests;
};

class UploadParts {
 public:
  // Sessions live in records of namespace `ns`, parts in `ns` + ".part"; one instance per dialect and upload kind.
  UploadParts(Store& store, std::string ns);

  // Records a new session. Throws RecordExists if `id` is taken (the caller picks another and retries).
  UploadSession begin(const std::string& id, const std::string& owner, std::uint64_t total_size,
                      std::uint64_t block_size, std::int64_t ttl_ms, boost::json::object attributes = {});
  // The session, expired or not (callers report expiry differently from an unknown id); nullopt if unknown.
  std::optional<UploadSession> find(const std::string& id) const;
  bool expired(const UploadSession& session) const;

  // Seals `staged` and keeps it as part `seq` of the session, replacing an earlier copy; returns its digests.
  UploadedPart put_part(const UploadSession& session, std::uint64_t seq, StagedBlob& staged);
  // The newest copy of every part received, in seq order.
  std::vector<UploadedPart> parts(const UploadSession& session) const;

  // Only one finish per session at a time: a second concurrent claim gets a null guard.
  class FinishGuard {
   public:
    FinishGuard(UploadParts* owner, std::string id) : owner_(owner), id_(std::move(id)) {}
    FinishGuard(FinishGuard&& other) noexcept : owner_(other.owner_), id_(std::move(other.id_)) {
      other.owner_ = nullptr;
    }
    FinishGuard& operator=(FinishGuard&&) = delete;
    ~FinishGuard();
    explicit operator bool() const { return owner_ != nullptr; }

   private:
    UploadParts* owner_;
    std::string id_;
  };
  FinishGuard claim_finish(const std::string& id);

  // Concatenates `parts` in the given order into a new stage (sealed by the caller's commit_object).
  std::unique_ptr<StagedBlob> assemble(const UploadSession& session, const std::vector<UploadedPart>& parts,
                                       bool with_md5 = false);
  // The record writes that end the session; commit them with the assembled object so both happen or neither.
  WriteBatch completion_writes(const UploadSession& session) const;
  // Drops the session's part files. After the completion writes are committed, or to abort an upload.
  void discard_parts(const UploadSession& session);
  // Ends a session without an object: records and part files.
  void abort(const UploadSession& session);
  // Makes the session expire now (admin tooling; lets client tests see the expiry error without waiting a day).
  void expire_now(const UploadSession& session);

  // Frees the parts of expired sessions; their records stay for `keep_expired_ms` more, so late requests can be told
  // "expired" rather than "unknown", then go too. Runs at most once per `interval_ms`; returns sessions swept.
  std::size_t sweep_expired(std::int64_t keep_expired_ms = 7 * 86'400'000LL, std::int64_t interval_ms = 3'600'000);

 private:
  std::string part_key(const UploadSession& session, std::uint64_t seq) const;

  Store& store_;
  std::string ns_;
  std::string parts_ns_;
  std::mutex mutex_;
  std::set<std::string> finishing_;
  std::int64_t last_sweep_ms_ = -1;
};

}  // namespace filegate::core
