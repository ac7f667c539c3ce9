#include "dialects/smh/model.hpp"

#include <fmt/format.h>

#include "core/record_fields.hpp"
#include "core/digests.hpp"
#include "core/mime_types.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/tree_index.hpp"
#include "dialects/smh/tree_keys.hpp"

namespace filegate::dialects::smh {
namespace {

using core::record_fields::i64;
using core::record_fields::str;

namespace json = boost::json;

constexpr std::string_view kLibraries = "smh.library";
constexpr std::string_view kDefaultLibrary = "smh.default_library";
constexpr std::string_view kSpaces = "smh.space";
constexpr std::string_view kUploads = "smh.upload";
constexpr std::string_view kCounters = "smh.counter";
constexpr std::int64_t kStoreFileLifetimeMs = 60 * 1000;  // store_file's upload is confirmed at once

using tree::history_key;
using tree::history_prefix;
using tree::kHistory;
using tree::kNodes;
using tree::kRecycled;
using tree::kRecycledVersions;
using tree::node_from;
using tree::node_key;
using tree::node_record;
using tree::parent_of;
using tree::recycled_key;
using tree::recycled_version_key;
using tree::split_node_key;

json::object upload_record(const Upload& u) {
  json::object o = core::to_record(u);
  o["library_id"] = u.scope.library_id;
  o["space_id"] = u.scope.space_id;
  return o;
}

Upload upload_from(const std::string& confirm_key, const json::object& o) {
  Upload u = core::from_record(o, &Upload::confirm_key, confirm_key);
  u.scope = {str(o, "library_id"), str(o, "space_id")};
  return u;
}

// COS's ETag of a multipart object: the MD5 of the parts' binary MD5s, then "-" and the number of parts.
std::string multipart_etag(const std::vector<core::UploadedPart>& parts) {
  std::string binary;
  for (const auto& part : parts) {
    binary += core::text::from_hex(part.digests.md5_hex).value_or("");
  }
  core::StreamHasher hasher(/*with_md5=*/true);
  hasher.update(core::as_bytes(binary));
  return "\"" + hasher.finish().md5_hex + "-" + std::to_string(parts.size()) + "\"";
}

// "2, 5, 7" (at most ten numbers, then "…").
std::string number_list(const std::vector<std::uint64_t>& numbers) {
  std::string out;
  for (std::size_t i = 0; i < numbers.size() && i < 10; ++i) out += (i ? ", " : "") + std::to_string(numbers[i]);
  if (numbers.size() > 10) out += ", …";
  return out;
}

http::Refusal conflict() { return http::Refusal(errors::same_name_exists); }

}  // namespace

Library Model::create_library(const std::string& name, bool multi_space) {
  Library lib{"smh" + core::random_hex(7).substr(0, 13), core::random_alphanumeric(40), name, multi_space,
              store_.clock().now_ms()};
  store_.metadata().commit(core::WriteBatch().create(kLibraries, lib.library_id, core::to_record(lib)));
  return lib;
}

void Model::put_library(const Library& library) {
  Library stored = library;
  stored.created_at_ms = store_.clock().now_ms();
  store_.metadata().commit(core::WriteBatch().put(kLibraries, library.library_id, core::to_record(stored)));
}

std::optional<Library> Model::library(const std::string& library_id) const {
  auto o = store_.metadata().record(kLibraries, library_id);
  if (!o) return std::nullopt;
  return core::from_record(*o, &Library::library_id, library_id);
}

std::vector<Library> Model::libraries() const {
  std::vector<Library> out;
  for (auto it = store_.metadata().scan(kLibraries); it.valid(); it.next()) {
    out.push_back(core::from_record(it.value(), &Library::library_id, it.key()));
  }
  return out;
}

Library Model::default_library() {
  if (auto pointer = store_.metadata().record(kDefaultLibrary, "default")) {
    if (auto existing = library(str(*pointer, "library_id"))) return *existing;
  }
  Library created = create_library("default", false);
  store_.metadata().commit(core::WriteBatch().put(kDefaultLibrary, "default", {{"library_id", created.library_id}}));
  return created;
}

void Model::delete_library(const std::string& library_id, core::WriteBatch writes) {
  const auto exclusive = tree_exclusive();  // no tree change in between
  auto& metadata = store_.metadata();
  writes.erase(kLibraries, library_id);
  metadata.erase_matching(writes, kDefaultLibrary, {}, [&](const std::string&, const json::object& pointer) {
    return str(pointer, "library_id") == library_id;
  });
  // Spaces, nodes, history and the recycle bin are keyed "<library>\n…"; uploads name their library.
  const std::string library_prefix = library_id + "\n";
  for (std::string_view ns :
       {kSpaces, kNodes, kHistory, kRecycled, kRecycledVersions, tree::kQuotas, tree::kGrants, tree::kTasks,
        tree_index::kInodes, tree_index::kHistoryIds, tree_index::kSizes, tree_index::kSpaces})
    metadata.erase_matching(writes, ns, library_prefix);
  metadata.erase_matching(writes, kUploads, {}, [&](const std::string&, const json::object& upload) {
    return str(upload, "library_id") == library_id;
  });
  multipart_.commit_ending_sessions_of(library_id, std::move(writes));
}

std::string Model::create_space(const std::string& library_id, const std::string& fixed_id) {
  std::string space_id = fixed_id.empty() ? "space" + core::random_hex(7).substr(0, 13) : fixed_id;
  const std::string key = library_id + "\n" + space_id;
  json::object record{{"created_at_ms", store_.clock().now_ms()}};
  store_.metadata().commit(fixed_id.empty() ? core::WriteBatch().create(kSpaces, key, std::move(record))
                                            : core::WriteBatch().put(kSpaces, key, std::move(record)));
  return space_id;
}

bool Model::space_exists(const Library& library, const std::string& space_id) const {
  if (!library.multi_space) return space_id == "-";
  return store_.metadata().record(kSpaces, library.library_id + "\n" + space_id) != nullptr;
}

std::optional<Node> Model::node(const Scope& scope, const std::vector<std::string>& path) const {
  if (path.empty()) return Node{{}, true, 0, 0, {}, {}, {}};
  auto o = store_.metadata().record(kNodes, node_key(scope, path));
  if (!o) return std::nullopt;
  return node_from(path, *o);
}

bool Model::is_directory(const Scope& scope, const std::vector<std::string>& path) const {
  auto n = node(scope, path);
  return n && n->is_dir;
}

std::vector<Node> Model::children(const Scope& scope, const std::vector<std::string>& dir, const std::string& after,
                                  std::size_t limit) const {
  const std::string prefix = tree::children_prefix(scope, dir);
  std::vector<Node> out;
  for (auto it = store_.metadata().scan(kNodes, prefix, after.empty() ? "" : prefix + after, limit);
       out.size() < limit && it.valid(); it.next()) {
    std::vector<std::string> path = dir;
    path.push_back(it.key().substr(prefix.size()));
    out.push_back(node_from(std::move(path), it.value()));
  }
  return out;
}

Model::Counts Model::count_children(const Scope& scope, const std::vector<std::string>& dir) const {
  Counts counts;
  for (auto it = store_.metadata().scan(kNodes, tree::children_prefix(scope, dir)); it.valid(); it.next()) {
    (str(it.value(), "type") == "dir" ? counts.dirs : counts.files)++;
  }
  return counts;
}

std::vector<std::string> Model::free_name(const Scope& scope, const std::vector<std::string>& path) const {
  const std::string& name = path.back();
  const std::size_t dot = name.rfind('.');
  const bool has_ext = dot != std::string::npos && dot > 0;
  const std::string stem = has_ext ? name.substr(0, dot) : name;
  const std::string ext = has_ext ? name.substr(dot) : "";
  std::vector<std::string> candidate = path;
  for (int n = 1;; ++n) {
    candidate.back() = fmt::format("{} ({}){}", stem, n, ext);
    if (!node(scope, candidate)) return candidate;
  }
}

void Model::commit_tree(const Scope& scope, core::WriteBatch writes) {
  tree_index::add_index_writes(store_.metadata(), scope, writes);
  store_.metadata().commit(writes);
}

std::int64_t Model::next_id(std::string_view counter) {
  auto o = store_.metadata().record(kCounters, counter);
  const std::int64_t id = (o ? i64(*o, "next") : 0) + 1;
  store_.metadata().commit(core::WriteBatch().put(kCounters, counter, {{"next", id}}));
  return id;
}

CreatedDirectory Model::create_directory(const Scope& scope, const std::vector<std::string>& path, bool rename) {
  const auto exclusive = tree_exclusive();
  const std::int64_t now = store_.clock().now_ms();
  core::WriteBatch writes;
  CreatedDirectory result{directory_target(scope, path, rename, now, writes), now, true, core::random_hex(12)};
  Node dir{result.path, true, now, now, result.inode, {}, {}};
  writes.create(kNodes, node_key(scope, result.path), node_record(dir));
  commit_tree(scope, std::move(writes));
  return result;
}

void Model::ensure_directory(const Scope& scope, const std::vector<std::string>& path) {
  if (!path.empty() && !is_directory(scope, path)) create_directory(scope, path, /*rename=*/false);
}

Upload Model::begin_upload(const Scope& scope, const std::vector<std::string>& path, const std::string& strategy,
                           std::optional<std::uint64_t> filesize, Meta meta, const std::string& user_id,
                           std::int64_t lifetime_ms, bool multipart) {
  Upload u;
  u.confirm_key = core::random_hex(24);
  u.scope = scope;
  u.path = path;
  u.strategy = strategy;
  u.filesize = filesize;
  u.meta = std::move(meta);
  u.user_id = user_id;
  u.expires_ms = store_.clock().now_ms() + lifetime_ms;
  if (multipart) {
    multipart_.sweep_expired();  // at most hourly: frees the parts of abandoned uploads
    u.multipart = true;
    u.upload_id = core::random_hex(16);
    multipart_.begin(u.confirm_key, scope.library_id, filesize.value_or(0), 0, lifetime_ms);
  }
  store_.metadata().commit(core::WriteBatch().create(kUploads, u.confirm_key, upload_record(u)));
  return u;
}

std::optional<Upload> Model::upload(const std::string& confirm_key) const {
  auto o = store_.metadata().record(kUploads, confirm_key);
  if (!o) return std::nullopt;
  Upload u = upload_from(confirm_key, *o);
  if (u.expires_ms <= store_.clock().now_ms()) return std::nullopt;
  return u;
}

core::ObjectRecord Model::attach_bytes(core::StagedBlob& staged, const Upload& upload,
                                       const std::string& content_type) {
  return store_.commit_object(staged, {upload.path.back(), content_type, "smh"}, [&](const core::ObjectRecord& o) {
    Upload with_bytes = upload;
    with_bytes.object_id = o.id;
    with_bytes.size = o.digests.size;
    with_bytes.crc64 = o.digests.crc64;
    with_bytes.etag = "\"" + o.digests.md5_hex + "\"";
    return core::WriteBatch().put(kUploads, upload.confirm_key, upload_record(with_bytes));
  });
}

Confirmed Model::confirm(const Upload& upload, const std::string& strategy) {
  const auto exclusive = tree_exclusive();
  const Scope& scope = upload.scope;
  if (!is_directory(scope, parent_of(upload.path))) {
    throw http::Refusal(errors::directory_not_found, "the parent directory does not exist");
  }
  const auto object = store_.metadata().object(upload.object_id);
  if (!object) throw http::Refusal(errors::upload_incomplete);
  require_quota(scope, object->digests.size);

  std::vector<std::string> path = upload.path;
  auto existing = node(scope, path);
  if (existing && (existing->is_dir || strategy != "overwrite")) {
    if (strategy != "rename") throw conflict();
    path = free_name(scope, path);
    existing.reset();
  }
  const std::int64_t now = store_.clock().now_ms();
  Node file;
  file.path = path;
  file.is_dir = false;
  file.meta = upload.meta;
  file.modification_ms = now;
  Version v;
  v.id = next_id("history");
  v.object_id = object->id;
  v.name = path.back();
  v.size = object->digests.size;
  v.crc64 = object->digests.crc64;
  v.etag = upload.etag;
  v.content_type = object->content_type;
  v.created_ms = now;
  v.created_by = upload.user_id;
  start_or_continue(file, v, existing, now);
  const bool overwritten = existing.has_value();
  file.current = v;
  commit_tree(scope, core::WriteBatch()
                         .put(kNodes, node_key(scope, path), node_record(file))
                         .create(kHistory, history_key(scope, file.file_uid, v.id), core::to_record(v))
                         .erase(kUploads, upload.confirm_key));
  return Confirmed{std::move(file), overwritten};
}

Confirmed Model::store_file(core::StagedBlob& staged, const Scope& scope, const std::vector<std::string>& path,
                            const std::string& strategy, const std::string& user_id) {
  const Upload begun = begin_upload(scope, path, strategy, std::nullopt, {}, user_id, kStoreFileLifetimeMs);
  attach_bytes(staged, begun, core::mime_type_for(path.back()));
  const auto with_bytes = upload(begun.confirm_key);
  if (!with_bytes) throw http::Refusal(errors::upload_not_found);
  return confirm(*with_bytes, strategy);
}

Confirmed Model::store_existing(const Scope& scope, const std::vector<std::string>& path, const std::string& strategy,
                                Meta meta, const std::string& user_id, const std::string& object_id) {
  const auto object = store_.metadata().object(object_id);
  if (!object) throw http::Refusal(errors::upload_incomplete);
  Upload u = begin_upload(scope, path, strategy, object->digests.size, std::move(meta), user_id, kStoreFileLifetimeMs);
  u.object_id = object->id;
  u.size = object->digests.size;
  u.crc64 = object->digests.crc64;
  u.etag = "\"" + object->digests.md5_hex + "\"";
  store_.metadata().commit(core::WriteBatch().put(kUploads, u.confirm_key, upload_record(u)));
  return confirm(u, strategy);
}

void Model::cancel_upload(const std::string& confirm_key) {
  if (auto session = multipart_.find(confirm_key)) multipart_.abort(*session);
  store_.metadata().commit(core::WriteBatch().erase(kUploads, confirm_key));
}

std::size_t Model::end_abandoned_uploads() {
  const std::int64_t now = store_.clock().now_ms();
  std::vector<std::string> expired;
  for (auto it = store_.metadata().scan(kUploads); it.valid(); it.next()) {
    if (core::record_fields::i64(it.value(), "expires_ms") <= now) expired.push_back(it.key());
  }
  for (const std::string& confirm_key : expired) cancel_upload(confirm_key);
  multipart_.sweep_expired(core::UploadParts::kKeepExpiredMs, 0);
  return expired.size();
}

std::optional<core::UploadedPart> Model::store_part(core::StagedBlob& staged, const Upload& upload,
                                                    std::uint64_t number) {
  const auto session = multipart_.find(upload.confirm_key);
  if (!session || multipart_.expired(*session)) return std::nullopt;
  return multipart_.put_part(*session, number, staged);
}

std::vector<UploadPart> Model::parts(const Upload& upload) const {
  std::vector<UploadPart> out;
  const auto session = multipart_.find(upload.confirm_key);
  if (!session) return out;
  for (const core::UploadedPart& part : multipart_.parts(*session)) {
    out.push_back(UploadPart{part.seq, part.modified_at_ms, "\"" + part.digests.md5_hex + "\"", part.digests.size});
  }
  return out;
}

namespace {

// Why parts cannot be joined, in SMH's terms.
http::Refusal join_refusal(const core::UploadParts::Refused& refused) {
  using Reason = core::UploadParts::Refused::Reason;
  switch (refused.reason) {
    case Reason::busy:
      return http::Refusal(errors::upload_confirming);
    case Reason::no_parts:
      return http::Refusal(errors::multipart_upload_incomplete, "no part has been uploaded");
    case Reason::missing_parts:
      return http::Refusal(errors::multipart_upload_incomplete,
                           "parts " + number_list(refused.missing) + " have not been uploaded");
    case Reason::size_mismatch:
      return http::Refusal(
          errors::multipart_upload_incomplete,
          fmt::format("the parts hold {} bytes but filesize is {}", refused.actual_size, refused.expected_size));
    case Reason::unknown:
    case Reason::expired:
      break;
  }
  return http::Refusal(errors::upload_not_found);
}

}  // namespace

Upload Model::join_parts(const core::UploadParts::FinishGuard& claim, const Upload& upload) {
  const std::string& name = upload.path.back();
  core::UploadParts::Assembly how;
  how.object = {name, core::mime_type_for(name), "smh"};
  how.first_seq = 1;  // part numbers count from 1
  how.total_size = upload.filesize;
  const auto record_bytes = [&](const core::ObjectRecord& o, const std::vector<core::UploadedPart>& parts,
                                const core::UploadParts::Commit& commit) {
    Upload with_bytes = upload;
    with_bytes.object_id = o.id;
    with_bytes.size = o.digests.size;
    with_bytes.crc64 = o.digests.crc64;
    with_bytes.etag = multipart_etag(parts);
    // The object, the upload's bytes and the end of the parts session commit together.
    commit(core::WriteBatch().put(kUploads, upload.confirm_key, upload_record(with_bytes)));
    return with_bytes;
  };
  auto joined = multipart_.complete(claim, how, record_bytes);
  if (const auto* refused = std::get_if<core::UploadParts::Refused>(&joined)) throw join_refusal(*refused);
  return std::get<Upload>(std::move(joined));
}

std::vector<Version> Model::history(const Scope& scope, const std::string& file_uid) const {
  std::vector<Version> out;
  for (auto it = store_.metadata().scan(kHistory, history_prefix(scope, file_uid)); it.valid(); it.next()) {
    out.push_back(core::from_record<Version>(it.value()));
  }
  return out;
}

std::optional<Version> Model::version(const Scope& scope, const std::string& file_uid, std::int64_t history_id) const {
  auto o = store_.metadata().record(kHistory, history_key(scope, file_uid, history_id));
  if (!o) return std::nullopt;
  return core::from_record<Version>(*o);
}

std::vector<ScopedNode> Model::files() const {
  std::vector<ScopedNode> out;
  for (auto it = store_.metadata().scan(kNodes); it.valid(); it.next()) {
    if (str(it.value(), "type") == "dir") continue;
    auto [scope, path] = split_node_key(it.key());
    out.push_back({std::move(scope), node_from(std::move(path), it.value())});
  }
  return out;
}

std::vector<Node> Model::subtree(const Scope& scope, const std::vector<std::string>& dir) const {
  std::vector<Node> out;
  if (auto top = node(scope, dir)) out.push_back(std::move(*top));
  // Below it: the direct children ("<dir>\n…") and everything deeper ("<dir>/…").
  const std::string base = tree::base_of(scope, dir);
  for (const std::string& prefix : {base + "\n", base + "/"}) {
    for (auto it = store_.metadata().scan(kNodes, prefix); it.valid(); it.next()) {
      out.push_back(node_from(tree::split_node_key(it.key()).second, it.value()));
    }
  }
  return out;
}

void Model::erase_node(const Scope& scope, const Node& n, core::WriteBatch& writes) const {
  writes.erase(kNodes, node_key(scope, n.path));
  if (n.is_dir) return;
  for (const Version& v : history(scope, n.file_uid)) writes.erase(kHistory, history_key(scope, n.file_uid, v.id));
}

void Model::start_or_continue(Node& file, Version& v, const std::optional<Node>& existing, std::int64_t now_ms) {
  if (existing) {
    file.file_uid = existing->file_uid;
    file.creation_ms = existing->creation_ms;
    v.version = existing->current.version + 1;
    v.creation_way = 1;
  } else {
    file.file_uid = core::random_hex(12);
    file.creation_ms = now_ms;
    v.version = 1;
    v.creation_way = 0;
  }
}

std::optional<std::int64_t> Model::remove(const Scope& scope, const std::vector<std::string>& path, bool permanent) {
  const auto exclusive = tree_exclusive();
  auto target = node(scope, path);
  if (!target || path.empty()) throw http::Refusal(errors::file_not_found);
  core::WriteBatch writes;
  if (target->is_dir) {
    for (const Node& n : subtree(scope, path)) erase_node(scope, n, writes);
  } else {
    erase_node(scope, *target, writes);
  }
  std::optional<std::int64_t> recycled;
  if (!permanent) {
    // The item keeps what it takes out of the tree, for restore(): every node below (in the item) and every version
    // of each file (records of their own, which keep the versions' objects from garbage collection).
    recycled = next_id("recycled");
    json::array nodes;
    const std::vector<Node> taken = target->is_dir ? subtree(scope, path) : std::vector<Node>{*target};
    for (const Node& n : taken) {
      nodes.push_back(json::object{{"path", json::value_from(n.path)}, {"record", node_record(n)}});
      if (n.is_dir) continue;
      for (const Version& v : history(scope, n.file_uid)) {
        writes.create(kRecycledVersions, recycled_version_key(scope, *recycled, n.file_uid, v.id), core::to_record(v));
      }
    }
    writes.create(kRecycled, recycled_key(scope, *recycled),
                  {{"path", json::value_from(path)},
                   {"type", target->is_dir ? "dir" : "file"},
                   {"deleted_ms", store_.clock().now_ms()},
                   {"nodes", std::move(nodes)}});
  }
  commit_tree(scope, std::move(writes));
  return recycled;
}

}  // namespace filegate::dialects::smh
