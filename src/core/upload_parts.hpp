#pragma once
// Multipart uploads that span requests: a session (owner, declared size, block size, expiry, the dialect's own
// attributes), parts kept as files between requests and tracked by records, and completion: the parts checked, joined
// into one new object and committed with the dialect's own records. Platform-neutral: Feishu Drive's fixed 4 MiB
// blocks, DingTalk's and SMH's numbered parts all map onto it, and each dialect words complete()'s refusals itself.
//
// Parts may arrive in any order and may be re-sent: each copy is kept under a fresh name and the record points at
// the newest, so two concurrent copies of one part never mix; superseded copies go when the upload ends.
// Assembly reads each part once, while the new stage hashes it: the bytes cross memory once, a buffer at a time.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
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
  std::int64_t modified_at_ms = 0;  // when this copy was kept (0 for parts recorded before the time was)
};

class UploadParts {
 public:
  // The session record's field that names where its parts are kept (garbage collection keeps what it names).
  static constexpr std::string_view kStorageField = "storage";

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
    const std::string& id() const { return id_; }

   private:
    friend class UploadParts;
    UploadParts* owner_;
    std::string id_;
  };
  FinishGuard claim_finish(const std::string& id);

  // ---- Completion: the multipart upload's last step, as one verb (MinIO's CompleteMultipartUpload) ----

  // How complete() checks the parts before it joins them, and what it calls the object.
  struct Assembly {
    NewObject object;
    // Free-sized parts (block_size 0): at least one, and every seq from `first_seq` to the highest received, unless
    // `gaps_allowed` (then whatever arrived is joined, in seq order). Fixed blocks: every block of the declared
    // total_size, each exactly its length.
    std::uint64_t first_seq = 0;
    bool gaps_allowed = false;
    std::optional<std::uint64_t> total_size;  // free-sized parts must add up to this many bytes
    bool with_md5 = false;
  };

  // Why complete() did not complete; each dialect answers it from its own error catalog. A refusal changes nothing.
  struct Refused {
    enum class Reason {
      busy,           // another request is completing the session right now
      unknown,        // no such session: never begun, completed or aborted
      expired,        // the session's time is up
      no_parts,       // free-sized parts: none has arrived
      missing_parts,  // `missing` lists the seqs absent, ascending
      size_mismatch,  // fixed blocks: block `seq` is not its length; free-sized: the parts do not add up
    };
    Reason reason = Reason::unknown;
    std::vector<std::uint64_t> missing;
    std::optional<std::uint64_t> seq;
    std::uint64_t expected_size = 0;  // size_mismatch: what the block or the whole should hold
    std::uint64_t actual_size = 0;    // ... and what arrived
  };

  // Records the assembled object together with `batch` (the dialect's own writes) and the writes that end the
  // session, in one transaction. Throws what MetadataStore::commit throws; after RecordExists nothing was applied, and
  // it may be called again (with other writes: another name, say). Once it has succeeded it must not be called again.
  using Commit = std::function<void(WriteBatch batch)>;

  // Finishes session `id`: claims it (busy while another request finishes it), checks that it is known and unexpired
  // and that its parts are complete (`how`), joins them into a new object (its blob published, not yet recorded),
  // then calls `finish(object, parts, commit)`, which commits the dialect's records through `commit` and returns
  // the result complete() hands back. The part files go once that commit has succeeded. If `finish` throws or
  // returns without committing, the session and its parts stay as they were (the published blob is left
  // unreferenced). Assembly reads and writes the whole file: call it where blocking is allowed.
  template <typename Finish>
  auto complete(const std::string& id, const Assembly& how, Finish&& finish) {
    const FinishGuard claim = claim_finish(id);
    return complete(claim, how, std::forward<Finish>(finish));
  }
  // The same under a claim the caller already holds: one that must span more than the completion (a confirm that
  // follows it, say). A null claim is refused as busy.
  template <typename Finish>
  auto complete(const FinishGuard& claim, const Assembly& how, Finish&& finish) {
    using Result = std::invoke_result_t<Finish&, const ObjectRecord&, const std::vector<UploadedPart>&, const Commit&>;
    static_assert(!std::is_void_v<Result>, "return what the completion produced");
    std::optional<Result> result;
    std::optional<Refused> refused = complete_with(
        claim, how, [&](const ObjectRecord& object, const std::vector<UploadedPart>& parts, const Commit& commit) {
          result.emplace(finish(object, parts, commit));
        });
    return refused ? std::variant<Result, Refused>(std::in_place_index<1>, std::move(*refused))
                   : std::variant<Result, Refused>(std::in_place_index<0>, std::move(*result));
  }

  // Ends a session without an object: records and part files.
  void abort(const UploadSession& session);
  // Commits `writes` (an account's deletion) together with the end of every session of `owner`, so both happen or
  // neither, then drops those sessions' part files.
  void commit_ending_sessions_of(const std::string& owner, WriteBatch writes);
  // Makes the session expire now (admin tooling; lets client tests see the expiry error without waiting a day).
  void expire_now(const UploadSession& session);

  // Frees the parts of expired sessions; their records stay for `keep_expired_ms` more, so late requests can be told
  // "expired" rather than "unknown", then go too. Runs at most once per `interval_ms`; returns sessions swept.
  static constexpr std::int64_t kKeepExpiredMs = 7 * 86'400'000LL;
  std::size_t sweep_expired(std::int64_t keep_expired_ms = kKeepExpiredMs, std::int64_t interval_ms = 3'600'000);

 private:
  using FinishWith = std::function<void(const ObjectRecord&, const std::vector<UploadedPart>&, const Commit&)>;

  std::optional<Refused> complete_with(const FinishGuard& claim, const Assembly& how, const FinishWith& finish);
  // Why `parts` cannot be joined as `how` asks; nullopt when they can. Leaves in `parts` those to join, in order.
  std::optional<Refused> check_parts(const UploadSession& session, const Assembly& how,
                                     std::vector<UploadedPart>& parts) const;
  // Concatenates `parts` in the given order into a new stage (sealed when it is published).
  std::unique_ptr<StagedBlob> assemble(const UploadSession& session, const std::vector<UploadedPart>& parts,
                                       bool with_md5);
  // The record writes that end the session; committed with the assembled object so both happen or neither.
  WriteBatch completion_writes(const UploadSession& session) const;
  // Drops the session's part files. After the completion writes are committed, or to abort an upload.
  void discard_parts(const UploadSession& session);
  std::string part_key(const UploadSession& session, std::uint64_t seq) const;

  Store& store_;
  std::string ns_;
  std::string parts_ns_;
  std::mutex mutex_;
  std::set<std::string> finishing_;
  std::int64_t last_sweep_ms_ = -1;
};

}  // namespace filegate::core
