#include "dialects/smh/model.hpp"

#include <sys/stat.h>

#include <fmt/format.h>

#include "core/record_fields.hpp"
#include "core/digests.hpp"
#include "core/mime_types.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "dialects/smh/errors.hpp"
#include "dialects/smh/path.hpp"

namespace filegate::dialects::smh {
namespace {

using core::record_fields::i64;
using core::record_fields::str;

namespace json = boost::json;

constexpr std::string_view kLibraries = "smh.library";
constexpr std::string_view kDefaultLibrary = "smh.default_library";
constexpr std::string_view kSpaces = "smh.space";
constexpr std::string_view kNodes = "smh.node";
constexpr std::string_view kHistory = "smh.history";
constexpr std::string_view kUploads = "smh.upload";
constexpr std::string_view kRecycled = "smh.recycled";
constexpr std::string_view kCounters = "smh.counter";

std::uint64_t u64(const json::object& o, std::string_view key) {
  return core::text::parse_u64(str(o, key)).value_or(0);
}

std::string scope_prefix(const Scope& s) { return s.library_id + "\n" + s.space_id + "\n"; }

std::vector<std::string> parent_of(const std::vector<std::string>& path) {
  return {path.begin(), path.end() - (path.empty() ? 0 : 1)};
}

std::string node_key(const Scope& s, const std::vector<std::string>& path) {
  return scope_prefix(s) + join_path(parent_of(path)) + "\n" + path.back();
}

std::string children_prefix(const Scope& s, const std::vector<std::string>& dir) {
  return scope_prefix(s) + join_path(dir) + "\n";
}

std::string history_prefix(const Scope& s, const std::string& file_uid) { return scope_prefix(s) + file_uid + "\n"; }

std::string history_key(const Scope& s, const std::string& file_uid, std::int64_t id) {
  return history_prefix(s, file_uid) + fmt::format("{:012}", id);
}

json::object meta_to_json(const Meta& meta) {
  json::object o;
  for (const auto& [k, v] : meta) o[k] = v;
  return o;
}

Meta meta_from_json(const json::object& o, std::string_view key) {
  Meta meta;
  if (const json::value* v = o.if_contains(key); v && v->is_object()) {
    for (const auto& [k, val] : v->as_object()) {
      if (val.is_string()) meta[std::string(k)] = std::string(val.as_string());
    }
  }
  return meta;
}

json::array path_to_json(const std::vector<std::string>& path) {
  json::array a;
  for (const auto& s : path) a.emplace_back(s);
  return a;
}

std::vector<std::string> path_from_json(const json::object& o, std::string_view key) {
  std::vector<std::string> out;
  if (const json::value* v = o.if_contains(key); v && v->is_array()) {
    for (const auto& s : v->as_array()) out.emplace_back(s.as_string());
  }
  return out;
}

json::object version_to_json(const Version& v) {
  return {{"id", v.id},
          {"version", v.version},
          {"object_id", v.object_id},
          {"name", v.name},
          {"size", std::to_string(v.size)},
          {"crc64", std::to_string(v.crc64)},
          {"etag", v.etag},
          {"content_type", v.content_type},
          {"created_ms", v.created_ms},
          {"creation_way", v.creation_way},
          {"created_by", v.created_by}};
}

Version version_from_json(const json::object& o) {
  Version v;
  v.id = i64(o, "id");
  v.version = i64(o, "version");
  v.object_id = str(o, "object_id");
  v.name = str(o, "name");
  v.size = u64(o, "size");
  v.crc64 = u64(o, "crc64");
  v.etag = str(o, "etag");
  v.content_type = str(o, "content_type");
  v.created_ms = i64(o, "created_ms");
  v.creation_way = static_cast<int>(i64(o, "creation_way"));
  v.created_by = str(o, "created_by");
  return v;
}

json::object node_to_json(const Node& n) {
  json::object o{
      {"type", n.is_dir ? "dir" : "file"}, {"creation_ms", n.creation_ms}, {"modification_ms", n.modification_ms}};
  if (!n.is_dir) {
    o["file_uid"] = n.file_uid;
    o["current"] = version_to_json(n.current);
    o["meta"] = meta_to_json(n.meta);
  }
  return o;
}

Node node_from_json(std::vector<std::string> path, const json::object& o) {
  Node n;
  n.path = std::move(path);
  n.is_dir = str(o, "type") == "dir";
  n.creation_ms = i64(o, "creation_ms");
  n.modification_ms = i64(o, "modification_ms");
  if (!n.is_dir) {
    n.file_uid = str(o, "file_uid");
    if (const json::value* v = o.if_contains("current"); v && v->is_object())
      n.current = version_from_json(v->as_object());
    n.meta = meta_from_json(o, "meta");
  }
  return n;
}

json::object upload_to_json(const Upload& u) {
  json::object o{{"library_id", u.scope.library_id},
                 {"space_id", u.scope.space_id},
                 {"path", path_to_json(u.path)},
                 {"strategy", u.strategy},
                 {"meta", meta_to_json(u.meta)},
                 {"user_id", u.user_id},
                 {"expires_ms", u.expires_ms},
                 {"object_id", u.object_id},
                 {"size", std::to_string(u.size)},
                 {"crc64", std::to_string(u.crc64)},
                 {"etag", u.etag},
                 {"multipart", u.multipart},
                 {"upload_id", u.upload_id}};
  if (u.filesize) o["filesize"] = std::to_string(*u.filesize);
  return o;
}

Upload upload_from_json(const std::string& key, const json::object& o) {
  Upload u;
  u.confirm_key = key;
  u.scope = {str(o, "library_id"), str(o, "space_id")};
  u.path = path_from_json(o, "path");
  u.strategy = str(o, "strategy");
  if (!str(o, "filesize").empty()) u.filesize = u64(o, "filesize");
  u.meta = meta_from_json(o, "meta");
  u.user_id = str(o, "user_id");
  u.expires_ms = i64(o, "expires_ms");
  u.object_id = str(o, "object_id");
  u.size = u64(o, "size");
  u.crc64 = u64(o, "crc64");
  u.etag = str(o, "etag");
  const json::value* multipart = o.if_contains("multipart");
  u.multipart = multipart && multipart->is_bool() && multipart->as_bool();
  u.upload_id = str(o, "upload_id");
  return u;
}

Library library_from(const std::string& id, const json::object& o) {
  const json::value* multi = o.if_contains("multi_space");
  return Library{id, str(o, "library_secret"), str(o, "name"), multi && multi->is_bool() && multi->as_bool()};
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
  Library lib{"smh" + core::random_hex(7).substr(0, 13), core::random_alphanumeric(40), name, multi_space};
  store_.metadata().commit(core::WriteBatch().create(kLibraries, lib.library_id,
                                                     {{"library_secret", lib.library_secret},
                                                      {"name", lib.name},
                                                      {"multi_space", lib.multi_space},
                                                      {"created_at_ms", store_.clock().now_ms()}}));
  return lib;
}

std::optional<Library> Model::library(const std::string& library_id) const {
  auto o = store_.metadata().record(kLibraries, library_id);
  if (!o) return std::nullopt;
  return library_from(library_id, *o);
}

std::vector<Library> Model::libraries() const {
  std::vector<Library> out;
  for (auto it = store_.metadata().scan(kLibraries); it.valid(); it.next()) {
    out.push_back(library_from(it.key(), it.value()));
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

std::string Model::create_space(const std::string& library_id) {
  const std::string space_id = "space" + core::random_hex(7).substr(0, 13);
  store_.metadata().commit(
      core::WriteBatch().create(kSpaces, library_id + "\n" + space_id, {{"created_at_ms", store_.clock().now_ms()}}));
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
  return node_from_json(path, *o);
}

bool Model::is_directory(const Scope& scope, const std::vector<std::string>& path) const {
  auto n = node(scope, path);
  return n && n->is_dir;
}

std::vector<Node> Model::children(const Scope& scope, const std::vector<std::string>& dir, const std::string& after,
                                  std::size_t limit) const {
  const std::string prefix = children_prefix(scope, dir);
  std::vector<Node> out;
  for (auto it = store_.metadata().scan(kNodes, prefix, after.empty() ? "" : prefix + after, limit);
       out.size() < limit && it.valid(); it.next()) {
    std::vector<std::string> path = dir;
    path.push_back(it.key().substr(prefix.size()));
    out.push_back(node_from_json(std::move(path), it.value()));
  }
  return out;
}

Model::Counts Model::count_children(const Scope& scope, const std::vector<std::string>& dir) const {
  Counts counts;
  for (auto it = store_.metadata().scan(kNodes, children_prefix(scope, dir)); it.valid(); it.next()) {
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

std::int64_t Model::next_id(std::string_view counter) {
  auto o = store_.metadata().record(kCounters, counter);
  const std::int64_t id = (o ? i64(*o, "next") : 0) + 1;
  store_.metadata().commit(core::WriteBatch().put(kCounters, counter, {{"next", id}}));
  return id;
}

CreatedDirectory Model::create_directory(const Scope& scope, const std::vector<std::string>& path, bool rename) {
  std::lock_guard lock(mutex_);
  const std::int64_t now = store_.clock().now_ms();
  core::WriteBatch writes;
  std::vector<std::string> prefix;
  CreatedDirectory result{path, now, true};
  for (std::size_t i = 0; i < path.size(); ++i) {
    prefix.push_back(path[i]);
    const bool last = i + 1 == path.size();
    auto existing = node(scope, prefix);
    if (existing && !existing->is_dir) throw conflict();  // a file in the way, whatever the strategy
    if (existing && !last) continue;
    if (existing && last) {
      if (!rename) throw conflict();
      prefix = free_name(scope, prefix);
      result.path = prefix;
    }
    Node dir{prefix, true, now, now, {}, {}, {}};
    writes.create(kNodes, node_key(scope, prefix), node_to_json(dir));
  }
  store_.metadata().commit(writes);
  return result;
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
  store_.metadata().commit(core::WriteBatch().create(kUploads, u.confirm_key, upload_to_json(u)));
  return u;
}

std::optional<Upload> Model::upload(const std::string& confirm_key) const {
  auto o = store_.metadata().record(kUploads, confirm_key);
  if (!o) return std::nullopt;
  Upload u = upload_from_json(confirm_key, *o);
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
    return core::WriteBatch().put(kUploads, upload.confirm_key, upload_to_json(with_bytes));
  });
}

Confirmed Model::confirm(const Upload& upload, const std::string& strategy) {
  std::lock_guard lock(mutex_);
  const Scope& scope = upload.scope;
  if (!is_directory(scope, parent_of(upload.path))) {
    throw http::Refusal(errors::directory_not_found, "the parent directory does not exist");
  }
  const auto object = store_.metadata().object(upload.object_id);
  if (!object) throw http::Refusal(errors::upload_incomplete);

  std::vector<std::string> path = upload.path;
  auto existing = node(scope, path);
  bool overwritten = false;
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
  if (existing) {
    overwritten = true;
    file.file_uid = existing->file_uid;
    file.creation_ms = existing->creation_ms;
    v.version = existing->current.version + 1;
    v.creation_way = 1;
  } else {
    file.file_uid = core::random_hex(12);
    file.creation_ms = now;
  }
  file.current = v;
  store_.metadata().commit(core::WriteBatch()
                               .put(kNodes, node_key(scope, path), node_to_json(file))
                               .create(kHistory, history_key(scope, file.file_uid, v.id), version_to_json(v))
                               .erase(kUploads, upload.confirm_key));
  return Confirmed{std::move(file), overwritten};
}

void Model::cancel_upload(const std::string& confirm_key) {
  if (auto session = multipart_.find(confirm_key)) multipart_.abort(*session);
  store_.metadata().commit(core::WriteBatch().erase(kUploads, confirm_key));
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
    // The part file's own time is when its newest copy was written (the core keeps no timestamp per part).
    std::int64_t modified_ms = 0;
    try {
      const core::BlobReader reader = store_.blobs().open_part(session->storage, part.file);
      struct stat st {};
      if (::fstat(reader.fd.get(), &st) == 0) {
        modified_ms = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1'000'000;
      }
    } catch (const std::exception&) {
      continue;  // superseded or discarded between the listing and the open
    }
    out.push_back(UploadPart{part.seq, modified_ms, "\"" + part.digests.md5_hex + "\"", part.digests.size});
  }
  return out;
}

Upload Model::join_parts(const Upload& upload) {
  const auto session = multipart_.find(upload.confirm_key);
  if (!session) throw http::Refusal(errors::upload_not_found);
  const std::vector<core::UploadedPart> parts = multipart_.parts(*session);  // in part-number order
  if (parts.empty()) throw http::Refusal(errors::multipart_upload_incomplete, "no part has been uploaded");
  std::vector<std::uint64_t> present;
  std::uint64_t total = 0;
  for (const auto& part : parts) {
    present.push_back(part.seq - 1);
    total += part.digests.size;
  }
  std::vector<std::uint64_t> missing = core::missing_blocks(parts.back().seq, present);
  for (auto& seq : missing) seq += 1;
  if (!missing.empty()) {
    throw http::Refusal(errors::multipart_upload_incomplete,
                        "parts " + number_list(missing) + " have not been uploaded");
  }
  if (upload.filesize && total != *upload.filesize) {
    throw http::Refusal(errors::multipart_upload_incomplete,
                        fmt::format("the parts hold {} bytes but filesize is {}", total, *upload.filesize));
  }
  auto staged = multipart_.assemble(*session, parts, /*with_md5=*/false);
  Upload joined = upload;
  const std::string& name = upload.path.back();
  store_.commit_object(*staged, {name, core::mime_type_for(name), "smh"}, [&](const core::ObjectRecord& o) {
    joined.object_id = o.id;
    joined.size = o.digests.size;
    joined.crc64 = o.digests.crc64;
    joined.etag = multipart_etag(parts);
    // The object, the upload's bytes and the end of the parts session commit together.
    core::WriteBatch writes = multipart_.completion_writes(*session);
    writes.put(kUploads, upload.confirm_key, upload_to_json(joined));
    return writes;
  });
  multipart_.discard_parts(*session);
  return joined;
}

std::vector<Version> Model::history(const Scope& scope, const std::string& file_uid) const {
  std::vector<Version> out;
  for (auto it = store_.metadata().scan(kHistory, history_prefix(scope, file_uid)); it.valid(); it.next()) {
    out.push_back(version_from_json(it.value()));
  }
  return out;
}

std::optional<Version> Model::version(const Scope& scope, const std::string& file_uid, std::int64_t history_id) const {
  auto o = store_.metadata().record(kHistory, history_key(scope, file_uid, history_id));
  if (!o) return std::nullopt;
  return version_from_json(*o);
}

std::optional<std::int64_t> Model::remove(const Scope& scope, const std::vector<std::string>& path, bool permanent) {
  std::lock_guard lock(mutex_);
  auto target = node(scope, path);
  if (!target || path.empty()) throw http::Refusal(errors::file_not_found);
  core::WriteBatch writes;
  auto erase_node = [&](const std::string& key, const Node& n) {
    writes.erase(kNodes, key);
    if (n.is_dir) return;
    for (const Version& v : history(scope, n.file_uid)) {
      writes.erase(kHistory, history_key(scope, n.file_uid, v.id));
    }
  };
  erase_node(node_key(scope, path), *target);
  if (target->is_dir) {
    // Descendants: the direct children ("<dir>\n…") and everything deeper ("<dir>/…").
    const std::string base = scope_prefix(scope) + join_path(path);
    for (const std::string& prefix : {base + "\n", base + "/"}) {
      for (auto it = store_.metadata().scan(kNodes, prefix); it.valid(); it.next()) {
        erase_node(it.key(), node_from_json({}, it.value()));
      }
    }
  }
  std::optional<std::int64_t> recycled;
  if (!permanent) {
    recycled = next_id("recycled");
    writes.create(kRecycled, scope_prefix(scope) + fmt::format("{:012}", *recycled),
                  {{"path", path_to_json(path)},
                   {"type", target->is_dir ? "dir" : "file"},
                   {"deleted_ms", store_.clock().now_ms()}});
  }
  store_.metadata().commit(writes);
  return recycled;
}

}  // namespace filegate::dialects::smh
