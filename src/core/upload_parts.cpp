#include "core/upload_parts.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <system_error>

#include "core/record_fields.hpp"
#include "core/random_ids.hpp"

namespace filegate::core {
namespace {

using record_fields::i64;
using record_fields::str;
using record_fields::u64;

namespace json = boost::json;

UploadSession session_from(const std::string& id, const json::object& o) {
  UploadSession s;
  s.id = id;
  s.owner = str(o, "owner");
  s.total_size = u64(o, "total_size");
  s.block_size = u64(o, "block_size");
  s.expires_at_ms = i64(o, "expires_at_ms");
  if (const json::value* a = o.if_contains("attributes"); a && a->is_object()) s.attributes = a->as_object();
  s.storage = str(o, UploadParts::kStorageField);
  return s;
}

json::object session_value(const UploadSession& s, bool swept) {
  return json::object{{"owner", s.owner},
                      {"total_size", s.total_size},
                      {"block_size", s.block_size},
                      {"expires_at_ms", s.expires_at_ms},
                      {"attributes", s.attributes},
                      {UploadParts::kStorageField, s.storage},
                      {"swept", swept}};
}

json::object part_value(const UploadedPart& p) {
  return json::object{{"seq", p.seq},
                      {"file", p.file},
                      {"size", p.digests.size},
                      {"sha256", p.digests.sha256_hex},
                      {"crc64", p.digests.crc64},
                      {"adler32", p.digests.adler32},
                      {"md5", p.digests.md5_hex},
                      {"modified_at_ms", p.modified_at_ms}};
}

UploadedPart part_from(const json::object& o) {
  UploadedPart p;
  p.seq = u64(o, "seq");
  p.file = str(o, "file");
  p.digests.size = u64(o, "size");
  p.digests.sha256_hex = str(o, "sha256");
  p.digests.crc64 = u64(o, "crc64");
  p.digests.adler32 = static_cast<std::uint32_t>(u64(o, "adler32"));
  p.digests.md5_hex = str(o, "md5");
  p.modified_at_ms = i64(o, "modified_at_ms");
  return p;
}

using Refused = UploadParts::Refused;
using Reason = Refused::Reason;

Refused refused(Reason reason) {
  Refused r;
  r.reason = reason;
  return r;
}

Refused missing_parts(std::vector<std::uint64_t> missing) {
  Refused r = refused(Reason::missing_parts);
  r.missing = std::move(missing);
  return r;
}

Refused size_mismatch(std::optional<std::uint64_t> seq, std::uint64_t expected, std::uint64_t actual) {
  Refused r = refused(Reason::size_mismatch);
  r.seq = seq;
  r.expected_size = expected;
  r.actual_size = actual;
  return r;
}

}  // namespace

std::uint64_t block_count(std::uint64_t total_size, std::uint64_t block_size) {
  if (block_size == 0) return 0;
  return total_size / block_size + (total_size % block_size != 0 ? 1 : 0);
}

std::uint64_t block_length(std::uint64_t total_size, std::uint64_t block_size, std::uint64_t seq) {
  if (seq >= block_count(total_size, block_size)) return 0;
  return std::min(block_size, total_size - seq * block_size);
}

std::vector<std::uint64_t> missing_blocks(std::uint64_t count, const std::vector<std::uint64_t>& present) {
  std::vector<bool> seen(count, false);
  for (std::uint64_t seq : present) {
    if (seq < count) seen[seq] = true;
  }
  std::vector<std::uint64_t> out;
  for (std::uint64_t seq = 0; seq < count; ++seq) {
    if (!seen[seq]) out.push_back(seq);
  }
  return out;
}

UploadParts::UploadParts(Store& store, std::string ns) : store_(store), ns_(std::move(ns)), parts_ns_(ns_ + ".part") {}

UploadParts::FinishGuard::~FinishGuard() {
  if (owner_ == nullptr) return;
  std::lock_guard lock(owner_->mutex_);
  owner_->finishing_.erase(id_);
}

UploadSession UploadParts::begin(const std::string& id, const std::string& owner, std::uint64_t total_size,
                                 std::uint64_t block_size, std::int64_t ttl_ms, boost::json::object attributes) {
  UploadSession s;
  s.id = id;
  s.owner = owner;
  s.total_size = total_size;
  s.block_size = block_size;
  s.expires_at_ms = store_.clock().now_ms() + ttl_ms;
  s.attributes = std::move(attributes);
  s.storage = "u" + random_hex(16);
  store_.metadata().commit(WriteBatch().create(ns_, id, session_value(s, false)));
  return s;
}

std::optional<UploadSession> UploadParts::find(const std::string& id) const {
  auto o = store_.metadata().record(ns_, id);
  if (!o) return std::nullopt;
  return session_from(id, *o);
}

bool UploadParts::expired(const UploadSession& session) const {
  return store_.clock().now_ms() >= session.expires_at_ms;
}

std::string UploadParts::part_key(const UploadSession& session, std::uint64_t seq) const {
  char padded[24];
  std::snprintf(padded, sizeof padded, "%010llu", static_cast<unsigned long long>(seq));
  return session.storage + "/" + padded;
}

UploadedPart UploadParts::put_part(const UploadSession& session, std::uint64_t seq, StagedBlob& staged) {
  UploadedPart part;
  part.seq = seq;
  part.digests = staged.seal();
  // A fresh name per copy: a re-sent part never overwrites bytes that another request's record may point at.
  part.file = std::to_string(seq) + "-" + random_hex(4);
  store_.blobs().keep_part(staged, session.storage, part.file);
  part.modified_at_ms = store_.clock().now_ms();
  store_.metadata().commit(WriteBatch().put(parts_ns_, part_key(session, seq), part_value(part)));
  return part;
}

std::vector<UploadedPart> UploadParts::parts(const UploadSession& session) const {
  std::vector<UploadedPart> out;
  for (auto it = store_.metadata().scan(parts_ns_, session.storage + "/"); it.valid(); it.next()) {
    out.push_back(part_from(it.value()));
  }
  return out;
}

UploadParts::FinishGuard UploadParts::claim_finish(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (!finishing_.insert(id).second) return FinishGuard(nullptr, id);
  return FinishGuard(this, id);
}

std::optional<UploadParts::Refused> UploadParts::check_parts(const UploadSession& session, const Assembly& how,
                                                             std::vector<UploadedPart>& parts) const {
  if (session.block_size != 0) {
    // Fixed blocks sit at fixed offsets: each must be there and exactly its block's length.
    const std::uint64_t count = block_count(session.total_size, session.block_size);
    std::erase_if(parts, [&](const UploadedPart& part) { return part.seq >= count; });
    std::vector<std::uint64_t> present;
    present.reserve(parts.size());
    for (const UploadedPart& part : parts) present.push_back(part.seq);
    if (auto missing = missing_blocks(count, present); !missing.empty()) {
      return missing_parts(std::move(missing));
    }
    for (const UploadedPart& part : parts) {
      const std::uint64_t length = block_length(session.total_size, session.block_size, part.seq);
      if (part.digests.size != length) return size_mismatch(part.seq, length, part.digests.size);
    }
    return std::nullopt;
  }
  if (parts.empty()) return refused(Reason::no_parts);
  if (!how.gaps_allowed) {
    std::vector<std::uint64_t> missing;
    std::uint64_t next = how.first_seq;
    for (const UploadedPart& part : parts) {  // in seq order, one per seq
      if (part.seq < how.first_seq) continue;
      for (; next < part.seq; ++next) missing.push_back(next);
      next = part.seq + 1;
    }
    if (!missing.empty()) return missing_parts(std::move(missing));
  }
  std::uint64_t total = 0;
  for (const UploadedPart& part : parts) total += part.digests.size;
  if (how.total_size && total != *how.total_size) {
    return size_mismatch(std::nullopt, *how.total_size, total);
  }
  return std::nullopt;
}

std::optional<UploadParts::Refused> UploadParts::complete_with(const FinishGuard& claim, const Assembly& how,
                                                               const FinishWith& finish) {
  if (!claim) return refused(Reason::busy);
  if (claim.owner_ != this) throw std::logic_error("a finish claim of another upload kind");
  // Looked up under the claim: a request that waited for it sees what the one before it did.
  const std::optional<UploadSession> session = find(claim.id());
  if (!session) return refused(Reason::unknown);
  if (expired(*session)) return refused(Reason::expired);
  std::vector<UploadedPart> parts = this->parts(*session);
  if (auto why = check_parts(*session, how, parts)) return why;

  const auto staged = assemble(*session, parts, how.with_md5);
  const ObjectRecord object = store_.publish_object(*staged, how.object);
  bool committed = false;
  const Commit commit = [&](WriteBatch batch) {
    if (committed) throw std::logic_error("an upload completed twice");
    batch.append(completion_writes(*session));
    batch.new_object = object;
    store_.metadata().commit(batch);
    committed = true;
  };
  try {
    finish(object, parts, commit);
  } catch (...) {
    if (committed) discard_parts(*session);  // the upload ended all the same
    throw;
  }
  if (committed) discard_parts(*session);
  return std::nullopt;
}

std::unique_ptr<StagedBlob> UploadParts::assemble(const UploadSession& session, const std::vector<UploadedPart>& parts,
                                                  bool with_md5) {
  auto staged = store_.stage(with_md5);
  for (const UploadedPart& part : parts)
    store_.blobs().append_part(session.storage, part.file, part.digests.size, *staged);
  return staged;
}

WriteBatch UploadParts::completion_writes(const UploadSession& session) const {
  WriteBatch writes;
  writes.erase(ns_, session.id);
  for (const UploadedPart& part : parts(session)) writes.erase(parts_ns_, part_key(session, part.seq));
  return writes;
}

void UploadParts::discard_parts(const UploadSession& session) { store_.blobs().remove_parts(session.storage); }

void UploadParts::abort(const UploadSession& session) {
  store_.metadata().commit(completion_writes(session));
  discard_parts(session);
}

void UploadParts::commit_ending_sessions_of(const std::string& owner, WriteBatch writes) {
  std::vector<UploadSession> ended;
  for (auto it = store_.metadata().scan(ns_); it.valid(); it.next()) {
    if (str(it.value(), "owner") != owner) continue;
    ended.push_back(session_from(it.key(), it.value()));
    writes.append(completion_writes(ended.back()));
  }
  store_.metadata().commit(writes);
  for (const UploadSession& session : ended) discard_parts(session);
}

void UploadParts::expire_now(const UploadSession& session) {
  UploadSession moved = session;
  moved.expires_at_ms = std::min(session.expires_at_ms, store_.clock().now_ms());
  store_.metadata().commit(WriteBatch().put(ns_, session.id, session_value(moved, false)));
}

std::size_t UploadParts::sweep_expired(std::int64_t keep_expired_ms, std::int64_t interval_ms) {
  const std::int64_t now = store_.clock().now_ms();
  {
    std::lock_guard lock(mutex_);
    if (last_sweep_ms_ >= 0 && now - last_sweep_ms_ < interval_ms) return 0;
    last_sweep_ms_ = now;
  }
  std::size_t swept = 0;
  for (auto it = store_.metadata().scan(ns_); it.valid(); it.next()) {
    const UploadSession s = session_from(it.key(), it.value());
    if (now < s.expires_at_ms) continue;
    const json::value* done = it.value().if_contains("swept");
    const bool already = done && done->is_bool() && done->as_bool();
    if (now >= s.expires_at_ms + keep_expired_ms) {
      abort(s);
    } else if (!already) {
      WriteBatch writes = completion_writes(s);
      writes.put(ns_, s.id, session_value(s, true));  // after its erase: keep the session, drop its parts
      store_.metadata().commit(writes);
      discard_parts(s);
    } else {
      continue;
    }
    ++swept;
  }
  return swept;
}

}  // namespace filegate::core
