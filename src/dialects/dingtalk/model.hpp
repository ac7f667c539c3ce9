#pragma once
// The DingTalk storage world as filegate keeps it: apps (appKey/appSecret), spaces owned by an app with member
// users (by unionId), and in each space a tree of dentries (folders and files). A file has numbered versions, each
// pointing at a stored object; uploads are sessions keyed by uploadKey that hold the PUT bytes until commit
// (multipart ones keep their parts in a core::UploadParts session of the same id until the commit joins them).
// Everything is records in the metadata store, written in single transactions so a name is never taken twice.
// Each record type is described once (BOOST_DESCRIBE_STRUCT: its stored fields, by their record names; the key it is
// stored under is left out) and converted with Boost.JSON.
#include <boost/describe/class.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/store.hpp"
#include "core/upload_parts.hpp"

namespace filegate::dialects::dingtalk {

inline constexpr std::string_view kRootId = "0";  // the parentId of a space's top level

struct App {
  std::string app_key;  // "ding" + 16 lower-case letters and digits, like real internal apps
  std::string app_secret;
  std::string name;
  std::int64_t created_at_ms = 0;
  // The app's API permissions (scopes.hpp): all of them unless `scopes_limited`, then only `scopes` (fixtures).
  bool scopes_limited = false;
  std::vector<std::string> scopes;
  // Whether the app's organisation passed DingTalk's authentication; downloads need it (orgAuthLevelNotEnough).
  bool org_authenticated = true;
  bool has_scope(std::string_view scope) const;
};
BOOST_DESCRIBE_STRUCT(App, (), (app_secret, name, created_at_ms, scopes_limited, scopes, org_authenticated))

struct Space {
  std::string id;  // numeric string
  std::string app_key;
  std::string name;
  std::vector<std::string> members;  // unionIds
  std::int64_t created_ms = 0;
  // The download protocols the space's storage serves; empty: HEADER_SIGNATURE, the one filegate hands out. A space
  // whose storage lacks it answers dentryDownloadProtocolNotSupport (fixtures, `filegate space configure`).
  std::vector<std::string> download_protocols;
  // Seconds from the first download attempt of an archived file until it is readable; -1: the server's default.
  std::int64_t unarchive_seconds = -1;
  // What addSpace records (getSpace reports them).
  std::string creator_id;
  std::string owner_type = "USER";
  std::string owner_id;
  std::string scene;
  std::string scene_id;
  std::int64_t quota = 0;  // bytes; 0: the organisation's quota
  bool has_member(std::string_view union_id) const;
  bool serves_downloads() const;  // whether its storage supports HEADER_SIGNATURE downloads
};
BOOST_DESCRIBE_STRUCT(Space, (),
                      (app_key, name, members, created_ms, download_protocols, unarchive_seconds, creator_id,
                       owner_type, owner_id, scene, scene_id, quota))

struct Dentry {
  std::string id;  // numeric string
  std::string uuid;
  std::string space_id;
  std::string parent_id;
  bool folder = false;
  std::string name;
  std::string path;          // "/a/b.txt"
  std::int64_t version = 0;  // files: the current version, from 1
  std::int64_t size = 0;
  std::string object_id;  // files: the current version's bytes
  std::string creator_id;
  std::string modifier_id;
  std::int64_t created_ms = 0;
  std::int64_t modified_ms = 0;
  bool archived = false;  // set by the admin CLI or fixtures; downloads then answer fileArchived
  // When the first download attempt of the archived file started its unarchiving (0: none yet).
  std::int64_t unarchive_from_ms = 0;
  // The recycle-bin item this dentry went with (itself or a folder above it); empty while it is in the tree.
  // A recycled dentry is invisible to the API (Model::dentry) and its download URLs stop serving.
  std::string recycle_item;
};
BOOST_DESCRIBE_STRUCT(Dentry, (),
                      (space_id, parent_id, folder, name, path, uuid, version, size, object_id, creator_id, modifier_id,
                       created_ms, modified_ms, archived, unarchive_from_ms, recycle_item))

struct Version {
  std::int64_t version = 0;
  std::string object_id;
  std::int64_t size = 0;
  std::string name;
  std::string modifier_id;
  std::int64_t modified_ms = 0;
};
BOOST_DESCRIBE_STRUCT(Version, (), (object_id, size, name, modifier_id, modified_ms))

struct Upload {
  std::string key;
  std::string app_key;
  std::string space_id;
  std::string union_id;
  std::string name;        // from preCheckParam, may be empty
  bool multipart = false;  // parts are PUT separately and joined at commit
  std::string object_id;   // single PUT: the uploaded bytes, empty until the PUT
  std::int64_t created_ms = 0;
};
BOOST_DESCRIBE_STRUCT(Upload, (), (app_key, space_id, union_id, name, multipart, object_id, created_ms))

// An entry of a space's recycle bin: a dentry deleted with toRecycleBin (with everything below it, for a folder). The
// dentry records stay, marked with the item's id, until the item is restored or deleted. A space has one recycle bin,
// whose recycleBinId is the space's id.
struct RecycleItem {
  std::string id;  // numeric string
  std::string space_id;
  std::string dentry_id;
  std::string operator_id;
  std::int64_t operator_ms = 0;
};
BOOST_DESCRIBE_STRUCT(RecycleItem, (), (space_id, dentry_id, operator_id, operator_ms))

// What an asynchronous copy or move did (GET /v1.0/storage/tasks/{taskId}). filegate finishes the work before it
// answers; a task of more dentries than one step reports IN_PROGRESS at first, one step more done per poll, as the
// platform's long tasks do (Model::poll_task).
struct Task {
  std::string id;
  std::string app_key;
  std::string status;  // IN_PROGRESS, SUCCESS, FAIL
  std::int64_t total = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::string fail_message;
  std::int64_t begin_ms = 0;
  std::int64_t end_ms = 0;  // 0 while IN_PROGRESS
};
BOOST_DESCRIBE_STRUCT(Task, (), (app_key, status, total, succeeded, failed, fail_message, begin_ms, end_ms))

struct DefaultSetup {
  App app;
  Space space;
  std::string union_id;
};

enum class ConflictStrategy { auto_rename, overwrite, return_existing, fail };
std::optional<ConflictStrategy> parse_conflict_strategy(std::string_view text);  // "" means AUTO_RENAME

// What placing a new file or folder under a name did.
struct Placement {
  enum class Outcome { created, new_version, existing, name_taken, folder_in_the_way } outcome;
  Dentry dentry;  // the created, updated or existing dentry (unset for name_taken / folder_in_the_way)
};

class Model {
 public:
  // Records a commit's writes, all or nothing (RecordExists: none applied, and the naming loop tries again). The
  // default commits them alone; a multipart upload's commits them with its joined object and the end of its parts.
  using Commit = core::UploadParts::Commit;

  explicit Model(core::Store& store) : store_(store), multipart_(store, "dingtalk.multipart") {}

  App create_app(const std::string& name);
  // Creates or replaces the app with exactly these credentials (fixtures).
  void put_app(const App& app);
  std::optional<App> app(const std::string& app_key) const;
  std::vector<App> apps() const;
  // The app, space and member printed at start-up; created the first time.
  DefaultSetup default_setup();
  // Deletes the app with everything it owns (its spaces with their trees and versions, its uploads, multipart ones
  // with their parts, the default pointer if it names it) in one commit with `writes` (the revocation of its tokens).
  void delete_app(const std::string& app_key, core::WriteBatch writes);

  // Under `space_id` when given (fixtures: it replaces that space's record, its files stay), else under a new id.
  Space create_space(const std::string& app_key, const std::string& name, const std::vector<std::string>& members,
                     const std::string& space_id = {});
  std::optional<Space> space(const std::string& space_id) const;
  // The spaces an app owns: its organisation's (an org-scoped recycle bin holds their items). A scan of every space.
  std::vector<Space> spaces_of(const std::string& app_key) const;
  // Replaces a space's record (its settings); its tree stays.
  void update_space(const Space& space);
  // The bytes the current versions of the space's files take.
  std::int64_t used_bytes(const std::string& space_id) const;

  // A dentry in its space's tree; nullopt when unknown or in the recycle bin.
  std::optional<Dentry> dentry(const std::string& dentry_id) const;
  // Also one in the recycle bin.
  std::optional<Dentry> stored_dentry(const std::string& dentry_id) const;
  // The dentry with this uuid (the dentryUuid of the document APIs), in the tree; a scan.
  std::optional<Dentry> dentry_by_uuid(const std::string& uuid) const;
  // Every dentry of a space in the tree, depth first by path (the index order), strictly after `after_key` (the
  // `key` of the last one returned; "" = from the start). Pairs of index key and dentry.
  std::vector<std::pair<std::string, Dentry>> space_dentries(const std::string& space_id, const std::string& after_key,
                                                             std::size_t limit) const;
  // Every file (not folder) of every space.
  std::vector<Dentry> files() const;
  std::optional<Dentry> child(const std::string& space_id, const std::string& parent_id, const std::string& name) const;
  // Children of a folder in name order, strictly after `after_name` ("" = from the start).
  std::vector<Dentry> children(const std::string& space_id, const std::string& parent_id, const std::string& after_name,
                               std::size_t limit) const;
  std::vector<Version> versions(const std::string& dentry_id) const;  // oldest first
  std::optional<Version> version(const std::string& dentry_id, std::int64_t number) const;
  // Whether the file still exists and one of its versions is the stored object `object_id`: a download URL serves
  // those bytes while this holds, and answers NoSuchKey once the file is deleted or replaced under the same id.
  bool holds(const std::string& dentry_id, std::string_view object_id) const;

  // `parent` is null for the space root.
  Placement add_folder(const Space& space, const Dentry* parent, const std::string& name, const std::string& union_id,
                       ConflictStrategy strategy);
  // Places `object` (the upload's bytes) under `name`; the upload session ends with it. A new dentry gets
  // `dentry_id` when given (fixtures), else a new id.
  Placement commit_file(const Upload& upload, const core::ObjectRecord& object, const Dentry* parent,
                        const std::string& name, const std::string& union_id, ConflictStrategy strategy,
                        const Commit& commit = {}, const std::string& dentry_id = {});
  // Stores the staged bytes as a file of `space` as an upload and commit would, without an upload session (fixtures
  // and the admin API's import). The object is recorded with the placement, so a refused placement records nothing.
  Placement import_file(core::StagedBlob& staged, const Space& space, const Dentry* parent, const std::string& name,
                        const std::string& union_id, ConflictStrategy strategy, const std::string& dentry_id = {});
  // Adds `object` as the next version of `file` (commit with overwriteDentryId).
  Dentry commit_version(const Upload& upload, const Dentry& file, const core::ObjectRecord& object,
                        const std::string& union_id, const Commit& commit = {});
  // Removes a dentry and, for a folder, everything below it (from the tree or the recycle bin, with its item).
  // Stored objects stay (they may be shared).
  void remove(const Dentry& dentry);
  bool set_archived(const std::string& dentry_id, bool archived);
  // A download attempt of an archived file: the first one starts its unarchiving; once `delay_ms` have passed since
  // then the file is unarchived. Whether the file can be downloaded now.
  bool attempt_archived_download(const std::string& dentry_id, std::int64_t delay_ms);

  // Moves `top` (with everything below it) to `name` under `parent` (null: the root) of `space`: a rename when that is
  // where it is, a move otherwise; also across spaces. Its id, versions and bytes stay; paths below follow.
  Placement move(const Dentry& top, const Space& space, const Dentry* parent, const std::string& name,
                 ConflictStrategy strategy, const std::string& union_id);
  // Copies `top` (with everything below it) under `parent` of `space` by its own name: new dentries (first versions)
  // over the same stored bytes.
  Placement copy(const Dentry& top, const Space& space, const Dentry* parent, ConflictStrategy strategy,
                 const std::string& union_id);
  // Whether `folder_id` is `top` or lies below it (a folder cannot move or copy into itself).
  bool within(const Dentry& top, const std::string& folder_id) const;
  // How many dentries `top` and everything below it are.
  std::size_t subtree_size(const Dentry& top) const;
  // The current version becomes the bytes of `version` again, as a new version.
  Dentry revert(const Dentry& file, const Version& version, const std::string& union_id);

  // Moves `top` with everything below it into its space's recycle bin.
  RecycleItem recycle(const Dentry& top, const std::string& union_id);
  std::optional<RecycleItem> recycle_item(const std::string& space_id, const std::string& item_id) const;
  // Items of a space's bin in id order, strictly after `after_id`.
  std::vector<RecycleItem> recycle_items(const std::string& space_id, const std::string& after_id,
                                         std::size_t limit) const;
  // Puts the item's dentry back under its former parent (the root when that is gone) by its former name.
  Placement restore(const RecycleItem& item, ConflictStrategy strategy, const std::string& union_id);
  // Deletes the item with its dentries for good; false when its dentry was already gone.
  bool purge(const RecycleItem& item);

  Task record_task(Task task);
  std::optional<Task> task(const std::string& task_id) const;
  // A poll of `task` (GetTask): an IN_PROGRESS task reports `step` more dentries done, and SUCCESS (with its end
  // time) once that is all of them. Other tasks are answered as they are.
  Task poll_task(Task task, std::int64_t step);

  // `declared_size` (0 if unknown) is kept with a multipart session.
  Upload create_upload(Upload upload, std::uint64_t declared_size = 0);
  std::optional<Upload> upload(const std::string& key) const;
  // Stores the staged bytes of a single-PUT upload (a repeated PUT replaces them).
  core::ObjectRecord store_upload_bytes(core::StagedBlob& staged, const Upload& upload);
  // Keeps the staged bytes as part `part_number` of a multipart upload (a re-sent part replaces the earlier copy);
  // nullopt if the upload's part session is gone or expired.
  std::optional<core::UploadedPart> store_part(core::StagedBlob& staged, const Upload& upload,
                                               std::int64_t part_number);
  // Commits a multipart upload: joins the parts that arrived (in part-number order; `declared_size` bytes in all when
  // given) into one object and hands it to `place`, whose commit (for commit_file or commit_version) records the
  // object, the placement and the end of the upload at once. A second concurrent commit of the upload is refused
  // (busy); if `place` throws or does not commit, the upload stays as it was.
  std::variant<Dentry, core::UploadParts::Refused> complete_multipart(
      const Upload& upload, std::optional<std::uint64_t> declared_size,
      const std::function<Dentry(const core::ObjectRecord&, const Commit&)>& place);

  // Ends uploads begun more than a day ago and never committed (their parts, their PUT's bytes); returns how many.
  std::size_t end_abandoned_uploads();

  core::Store& store() { return store_; }

 private:
  // The shared naming loop of folders and files: tries `name`, then name(1), name(2), ... for AUTO_RENAME.
  // `fresh` builds the new dentry for a free name, `extra` adds the writes that go with it, `overwrite` makes a
  // new version of an existing file (only called for OVERWRITE); `commit` records the new dentry's writes. The new
  // dentry's id is `dentry_id` when given.
  Placement place(const Space& space, const Dentry* parent, const std::string& name, ConflictStrategy strategy,
                  const std::function<Dentry(const std::string&)>& fresh,
                  const std::function<core::WriteBatch(const Dentry&)>& extra,
                  const std::function<Dentry(const Dentry&)>& overwrite, const Commit& commit,
                  const std::string& dentry_id);
  // The naming loop of moves and copies: like place(), but `build` makes the dentry and all the writes for a free
  // name (`replaced`: the file OVERWRITE displaces there). `moving_id`: the dentry being moved, which may already
  // sit under the name.
  Placement settle(const Space& space, const Dentry* parent, const std::string& name, ConflictStrategy strategy,
                   const std::string& moving_id,
                   const std::function<std::pair<Dentry, core::WriteBatch>(const std::string&,
                                                                           const std::optional<Dentry>&)>& build);
  // `top` and everything below it, top first (recycled ones included).
  std::vector<Dentry> subtree(const Dentry& top) const;
  core::WriteBatch remove_writes(const Dentry& top) const;
  // Through `commit`, or alone when it is empty.
  void record(const Commit& commit, core::WriteBatch writes);
  core::WriteBatch end_upload_writes(const Upload& upload) const;

  core::Store& store_;
  core::UploadParts multipart_;
};

}  // namespace filegate::dialects::dingtalk
