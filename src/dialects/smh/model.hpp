#pragma once
// The SMH world as filegate keeps it: media libraries (id + secret, single-tenant with the space "-" or multi-tenant
// with spaces), and in each space a directory tree whose files have history versions and custom metadata, plus
// uploads waiting for their bytes or their confirm.
//
// Tree nodes are records keyed "<lib>\n<space>\n<parent path>\n<name>", so the children of a directory are exactly
// the keys with the prefix "<lib>\n<space>\n<dir path>\n" (one prefix scan, in name order), and its descendants
// those with "<…><dir path>\n" or "<…><dir path>/" (tree_keys.hpp). Names cannot contain '\n' or '/' (see path.hpp),
// so keys never collide. Tree changes check-then-write in one exclusive section of the store (tree_exclusive()), which
// serialises them across every node sharing the store.
// Moves and copies are in tree_moves.cpp. Lookups by inode and by history id, the space's usage and instant upload's
// candidates read secondary indexes that every tree change writes in its own commit (commit_tree, tree_index.hpp).
// Each record type is described once (BOOST_DESCRIBE_STRUCT: its stored fields, by their record names; what its key
// or another record holds is left out) and converted by core::to_record / core::from_record.
#include <boost/describe/class.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"
#include "core/upload_parts.hpp"

namespace filegate::dialects::smh {

struct Library {
  std::string library_id;  // "smh" + 13 hex
  std::string library_secret;
  std::string name;
  bool multi_space = false;
  std::int64_t created_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(Library, (), (library_secret, name, multi_space, created_at_ms))

// Where a tree lives: one library and one of its spaces ("-" in single-tenant libraries).
struct Scope {
  std::string library_id;
  std::string space_id;
};

using Meta = std::map<std::string, std::string>;  // "x-smh-meta-foo" -> "bar"

// One stored version of a file. `id` is the history id clients pass as history_id.
struct Version {
  std::int64_t id = 0;
  std::int64_t version = 1;  // 1, 2, ... per file
  std::string object_id;
  std::string name;
  std::uint64_t size = 0;
  std::uint64_t crc64 = 0;
  std::string etag;  // quoted, COS style
  std::string content_type;
  std::int64_t created_ms = 0;
  int creation_way = 0;  // 0 created, 1 overwritten (documented: 2 restored)
  std::string created_by;
};
BOOST_DESCRIBE_STRUCT(Version, (),
                      (id, version, object_id, name, size, crc64, etag, content_type, created_ms, creation_way,
                       created_by))

struct Node {
  std::vector<std::string> path;
  bool is_dir = false;
  std::int64_t creation_ms = 0;
  std::int64_t modification_ms = 0;
  // Files only:
  // The node's inode (a directory's too): the same across moves, renames and overwrites, new for a copy. A file's
  // history hangs off it.
  std::string file_uid;
  Version current;
  Meta meta;
};
// Stored with "type": "dir" or "file"; a directory without the file fields.
BOOST_DESCRIBE_STRUCT(Node, (), (creation_ms, modification_ms, file_uid, current, meta))

// An upload between its PUT (which hands out the byte URL) and its confirm. A multipart upload keeps its parts in a
// core::UploadParts session whose id is the confirm key; its confirm joins them, after which it looks like a simple
// upload whose bytes have arrived (object_id set), so a confirm refused for its crc64 or a conflict can be retried.
struct Upload {
  std::string confirm_key;
  Scope scope;
  std::vector<std::string> path;
  std::string strategy;  // ask, rename or overwrite
  std::optional<std::uint64_t> filesize;
  Meta meta;
  std::string user_id;
  std::int64_t expires_ms = 0;
  bool multipart = false;
  std::string upload_id;  // multipart only: COS's uploadId, part of every part URL and signature
  // Set once the bytes have arrived (for a multipart upload: once its parts have been joined):
  std::string object_id;
  std::uint64_t size = 0;
  std::uint64_t crc64 = 0;
  std::string etag;
};
// Stored with the scope's library_id and space_id.
BOOST_DESCRIBE_STRUCT(Upload, (),
                      (path, strategy, filesize, meta, user_id, expires_ms, multipart, upload_id, object_id, size,
                       crc64, etag))

// One part of a multipart upload as `GET …?upload` lists it.
struct UploadPart {
  std::uint64_t number = 0;  // 1-based
  std::int64_t modified_ms = 0;
  std::string etag;  // quoted MD5, COS style
  std::uint64_t size = 0;
};

struct Confirmed {
  Node node;
  bool overwritten = false;
};

// A file with the scope it lives in, as a scan of every tree finds it.
struct ScopedNode {
  Scope scope;
  Node node;
};

// What the recycle bin shows of a deleted file or directory (the Android SDK's RecycledItem).
struct RecycledItem {
  std::int64_t id = 0;
  std::vector<std::string> original_path;
  bool is_dir = false;
  std::int64_t removal_ms = 0;
  // The deleted node as it was (files: size, crc64, content type, times).
  Node node;
};

// A version with the file it belongs to (history.cpp).
struct VersionOf {
  Node file;
  Version version;
};

struct CreatedDirectory {
  std::vector<std::string> path;  // differs from the request when renamed
  std::int64_t creation_ms = 0;
  bool created = false;  // false: it already existed
  std::string inode;
};

class Model {
 public:
  explicit Model(core::Store& store) : store_(store), multipart_(store, "smh.multipart") {}

  Library create_library(const std::string& name, bool multi_space);
  // Creates or replaces the library with exactly these credentials (fixtures).
  void put_library(const Library& library);
  std::optional<Library> library(const std::string& library_id) const;
  std::vector<Library> libraries() const;
  Library default_library();  // the one printed at start; created the first time
  // Deletes the library with everything in it (spaces, trees, history, recycle bin, uploads, multipart ones with
  // their parts, the default pointer if it names it) in one commit with `writes` (the revocation of its tokens).
  void delete_library(const std::string& library_id, core::WriteBatch writes);

  // Spaces of multi-tenant libraries ("-" always exists in single-tenant ones).
  // Under `space_id` when given (fixtures; an existing space keeps its tree), else under a new id.
  std::string create_space(const std::string& library_id, const std::string& space_id = {});
  bool space_exists(const Library& library, const std::string& space_id) const;

  // The node at `path` (the root is a directory that always exists).
  std::optional<Node> node(const Scope& scope, const std::vector<std::string>& path) const;
  bool is_directory(const Scope& scope, const std::vector<std::string>& path) const;

  // Children of a directory in name order, strictly after the child named `after` ("" = from the start).
  std::vector<Node> children(const Scope& scope, const std::vector<std::string>& dir, const std::string& after,
                             std::size_t limit) const;
  struct Counts {
    std::size_t files = 0;
    std::size_t dirs = 0;
  };
  Counts count_children(const Scope& scope, const std::vector<std::string>& dir) const;

  // Creates the directory and any missing parents. Throws a 409 Refusal when a file is in the way, or when the
  // directory exists and `rename` is false; with `rename` an existing directory gets a free "name (n)".
  CreatedDirectory create_directory(const Scope& scope, const std::vector<std::string>& path, bool rename);
  // The directory and any missing parents, unless it exists (fixtures, imports). Throws a 409 Refusal when a file is
  // in the way.
  void ensure_directory(const Scope& scope, const std::vector<std::string>& path);

  // Begins an upload; the caller has checked the parent and the strategy. A multipart one also opens its parts
  // session (and frees the parts of abandoned ones, at most hourly).
  Upload begin_upload(const Scope& scope, const std::vector<std::string>& path, const std::string& strategy,
                      std::optional<std::uint64_t> filesize, Meta meta, const std::string& user_id,
                      std::int64_t lifetime_ms, bool multipart = false);
  std::optional<Upload> upload(const std::string& confirm_key) const;
  // Stores the bytes of an upload (a retried PUT replaces earlier bytes).
  core::ObjectRecord attach_bytes(core::StagedBlob& staged, const Upload& upload, const std::string& content_type);
  // Turns an upload whose bytes arrived into a file (or a new version of one). Throws a Refusal on conflicts and
  // when the parent directory has gone.
  Confirmed confirm(const Upload& upload, const std::string& strategy);
  // Stores the staged bytes as the file at `path` by the steps of an upload (begin, bytes, confirm with `strategy`),
  // for bytes that arrive without the API (fixtures, the admin API's import). Throws a Refusal as confirm does.
  Confirmed store_file(core::StagedBlob& staged, const Scope& scope, const std::vector<std::string>& path,
                       const std::string& strategy, const std::string& user_id);
  // Ends an upload unconfirmed; a multipart one loses its parts too.
  void cancel_upload(const std::string& confirm_key);
  // Ends the uploads whose confirm key has expired (upload() no longer finds them); returns how many.
  std::size_t end_abandoned_uploads();

  // Multipart. Keeps `staged` as part `number` (1-based), replacing an earlier copy; nullopt when the upload's parts
  // session has gone (cancelled, joined or expired).
  std::optional<core::UploadedPart> store_part(core::StagedBlob& staged, const Upload& upload, std::uint64_t number);
  // The newest copy of every part received, by number.
  std::vector<UploadPart> parts(const Upload& upload) const;
  // Only one join per upload at a time; a null guard means another request holds it.
  core::UploadParts::FinishGuard claim_join(const Upload& upload) {
    return multipart_.claim_finish(upload.confirm_key);
  }
  // Under the claim of claim_join: joins parts 1..N in number order into the upload's object (each part read once)
  // and ends the parts session; returns the upload with its bytes set. Throws a 400 MultipartUploadIncomplete
  // Refusal when a part is missing or the parts do not add up to the declared filesize, 404 UploadNotFound when the
  // session has gone.
  Upload join_parts(const core::UploadParts::FinishGuard& claim, const Upload& upload);

  // History of a file, oldest first.
  std::vector<Version> history(const Scope& scope, const std::string& file_uid) const;
  std::optional<Version> version(const Scope& scope, const std::string& file_uid, std::int64_t history_id) const;

  // The node whose inode (file_uid) this is, in the space's tree (inode.cpp; an index lookup, tree_index.hpp).
  std::optional<Node> node_by_inode(const Scope& scope, const std::string& inode) const;

  // Every file of every library and space.
  std::vector<ScopedNode> files() const;

  // Versions by history id, within a space (history.cpp). The file and version an id names, when the file is in
  // the tree (a file in the recycle bin has none).
  std::optional<VersionOf> find_version(const Scope& scope, std::int64_t history_id) const;
  // Makes the version the latest again: a new version (creationWay 2) sharing its stored bytes; returns the file.
  // Throws 404 FileNotFound.
  Node restore_version(const Scope& scope, std::int64_t history_id, const std::string& user_id);
  // Deletes the versions in one commit; their download URLs stop serving. Throws 404 FileNotFound for an unknown id
  // and 400 ParamInvalid for a file's latest version (the file itself is deleted instead).
  void delete_versions(const Scope& scope, const std::vector<std::int64_t>& history_ids);

  // Instant upload (instant_upload.cpp). The stored object of a version in this space whose content hash
  // (content_hash.hpp: `full` the whole file's, else its beginning's) is `hash`; only objects of `size` bytes when
  // given.
  std::optional<std::string> object_with_hash(const Scope& scope, std::optional<std::uint64_t> size,
                                              std::string_view hash, bool full) const;
  // A file made of an already stored object (no bytes sent), as a confirmed upload with `strategy` would make it.
  Confirmed store_existing(const Scope& scope, const std::vector<std::string>& path, const std::string& strategy,
                           Meta meta, const std::string& user_id, const std::string& object_id);

  // Deletes a file or a directory with everything below it. Returns the recycle-bin item id unless permanent; the
  // item keeps the nodes and their versions, so that restore() can put them back (until then they are gone from the
  // tree: downloads and the URLs handed out before answer 404).
  std::optional<std::int64_t> remove(const Scope& scope, const std::vector<std::string>& path, bool permanent);

  // The recycle bin (recycle_bin.cpp). Items newest first.
  std::vector<RecycledItem> recycled(const Scope& scope) const;
  // Puts the item back where it was and returns that path; missing parents are made, and a taken name becomes
  // "name (n)". Throws 404 RecycledItemNotFound.
  std::vector<std::string> restore(const Scope& scope, std::int64_t item_id);
  // Deletes an item for good (404 RecycledItemNotFound), or every item of the space.
  void delete_recycled(const Scope& scope, std::int64_t item_id);
  void empty_recycled(const Scope& scope);

  // A conflict-free "name (n).ext" next to `path`, for the rename strategy.
  std::vector<std::string> free_name(const Scope& scope, const std::vector<std::string>& path) const;

  // Moves and copies inside one space (tree_moves.cpp), each one commit; they return the final path, which differs
  // from `to` when renamed. Throws a Refusal: 404 SourceFileNotFound / SourceDirectoryNotFound, 400
  // InvalidSourceDirectory (the root, or a target inside the source), 409 on conflicts.
  // Files: `strategy` is ask, rename or overwrite; the target's parent must exist (404 DirectoryNotFound). A moved
  // file keeps its uid, history and download URLs; overwrite replaces the file in the way. A copy is a new file
  // whose one version names the source's stored object; overwrite adds it as a version of the file in the way.
  std::vector<std::string> move_file(const Scope& scope, const std::vector<std::string>& from,
                                     const std::vector<std::string>& to, const std::string& strategy);
  std::vector<std::string> copy_file(const Scope& scope, const std::vector<std::string>& from,
                                     const std::vector<std::string>& to, const std::string& strategy,
                                     const std::string& user_id);
  // Directories with everything below them; missing parents of `to` are created; an existing `to` is a conflict,
  // or with `rename` gets a free "name (n)".
  std::vector<std::string> move_directory(const Scope& scope, const std::vector<std::string>& from,
                                          const std::vector<std::string>& to, bool rename);
  std::vector<std::string> copy_directory(const Scope& scope, const std::vector<std::string>& from,
                                          const std::vector<std::string>& to, bool rename, const std::string& user_id);

  // Quota (quota.cpp): a space's byte capacity, set by fixtures or the admin CLI; none means unlimited. Usage counts
  // every version of every file in the space's tree.
  std::optional<std::uint64_t> quota(const Scope& scope) const;
  void set_quota(const Scope& scope, std::optional<std::uint64_t> capacity);
  std::uint64_t used_bytes(const Scope& scope) const;
  // Throws 400 QuotaLimitReached when `adding` more bytes would exceed the space's quota.
  void require_quota(const Scope& scope, std::uint64_t adding) const;

  // Per-directory grants (directory_grants.cpp): what a user may do under a directory, set by fixtures. The nearest
  // grant on the path or above it decides; none means full access.
  enum class DirectoryAccess { full, read_only, none };
  void set_directory_access(const Scope& scope, const std::string& user_id, const std::vector<std::string>& dir,
                            DirectoryAccess access);
  DirectoryAccess directory_access(const Scope& scope, const std::string& user_id,
                                   const std::vector<std::string>& path) const;

  core::Store& store() { return store_; }

 private:
  // Every tree change runs in this section: the checks it makes still hold when its writes commit, on any node.
  core::MetadataStore::Exclusive tree_exclusive() { return store_.metadata().exclusive("smh.tree"); }
  // Callers of the members below are in tree_exclusive().
  std::int64_t next_id(std::string_view counter);
  // Commits a change of the space's tree (nodes, versions) together with what keeps its indexes in step
  // (tree_index.hpp). Every write of tree::kNodes or tree::kHistory goes through it.
  void commit_tree(const Scope& scope, core::WriteBatch writes);

  // A directory and every node below it (the directory first).
  std::vector<Node> subtree(const Scope& scope, const std::vector<std::string>& dir) const;
  // Adds the erasure of a node (a file with its history) to `writes`.
  void erase_node(const Scope& scope, const Node& node, core::WriteBatch& writes) const;
  // Where a file written to `to` under `strategy` goes; `replaced` is the file overwrite replaces.
  struct FileTarget {
    std::vector<std::string> path;
    std::optional<Node> replaced;
  };
  FileTarget file_target(const Scope& scope, const std::vector<std::string>& to, const std::string& strategy) const;
  // Where a directory created, moved or copied to `to` goes; adds its missing parents to `writes`.
  std::vector<std::string> directory_target(const Scope& scope, const std::vector<std::string>& to, bool rename,
                                            std::int64_t now_ms, core::WriteBatch& writes) const;
  // Makes `v` the first version of a new `file`, or the next one of `existing` (whose uid the file takes).
  static void start_or_continue(Node& file, Version& v, const std::optional<Node>& existing, std::int64_t now_ms);

  core::Store& store_;
  core::UploadParts multipart_;
};

}  // namespace filegate::dialects::smh
