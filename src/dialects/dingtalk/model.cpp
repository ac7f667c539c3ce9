#include "dialects/dingtalk/model.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/record_fields.hpp"
#include "core/mime_types.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "dialects/dingtalk/model_records.hpp"
#include "dialects/dingtalk/naming.hpp"

namespace filegate::dialects::dingtalk {
namespace {

using core::record_fields::str;

using namespace records;  // NOLINT(google-build-using-namespace): this file is where the records are kept

constexpr std::int64_t kMultipartLifetimeMs = 24 * 3600 * 1000;  // parts not committed within a day are swept

std::string lowercase_alnum(std::size_t n) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kAlphabet[core::random_u64() % kAlphabet.size()]);
  return out;
}

// How uploaded bytes are described in the store, whichever way they arrive.
core::NewObject upload_object(const std::string& name) { return {name, core::mime_type_for(name), "dingtalk.upload"}; }

}  // namespace

bool Space::has_member(std::string_view union_id) const {
  return std::find(members.begin(), members.end(), union_id) != members.end();
}

bool Space::serves_downloads() const {
  return download_protocols.empty() || std::find(download_protocols.begin(), download_protocols.end(),
                                                 "HEADER_SIGNATURE") != download_protocols.end();
}

bool App::has_scope(std::string_view scope) const {
  return !scopes_limited || std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::optional<ConflictStrategy> parse_conflict_strategy(std::string_view text) {
  if (text.empty() || text == "AUTO_RENAME") return ConflictStrategy::auto_rename;
  if (text == "OVERWRITE") return ConflictStrategy::overwrite;
  if (text == "RETURN_DENTRY_IF_EXISTS") return ConflictStrategy::return_existing;
  if (text == "RETURN_ERROR_IF_EXISTS") return ConflictStrategy::fail;
  return std::nullopt;
}

// ---- apps, spaces -------------------------------------------------------------------------------------------

App Model::create_app(const std::string& name) {
  App app;
  app.app_key = "ding" + lowercase_alnum(16);
  app.app_secret = core::random_alphanumeric(64);
  app.name = name;
  app.created_at_ms = store_.clock().now_ms();
  store_.metadata().commit(core::WriteBatch().create(kApps, app.app_key, core::to_record(app)));
  return app;
}

void Model::put_app(const App& app) {
  App stored = app;
  stored.created_at_ms = store_.clock().now_ms();
  store_.metadata().commit(core::WriteBatch().put(kApps, app.app_key, core::to_record(stored)));
}

std::optional<App> Model::app(const std::string& app_key) const {
  auto o = store_.metadata().record(kApps, app_key);
  if (!o) return std::nullopt;
  return core::from_record(*o, &App::app_key, app_key);
}

std::vector<App> Model::apps() const {
  std::vector<App> out;
  for (auto it = store_.metadata().scan(kApps); it.valid(); it.next())
    out.push_back(core::from_record(it.value(), &App::app_key, it.key()));
  return out;
}

DefaultSetup Model::default_setup() {
  if (auto pointer = store_.metadata().record(kDefault, "default")) {
    auto a = app(str(*pointer, "app_key"));
    auto s = space(str(*pointer, "space_id"));
    if (a && s) return DefaultSetup{*a, *s, str(*pointer, "union_id")};
  }
  const std::string union_id = core::random_alphanumeric(24);
  App a = create_app("default");
  Space s = create_space(a.app_key, "default", {union_id});
  store_.metadata().commit(core::WriteBatch().put(
      kDefault, "default", {{"app_key", a.app_key}, {"space_id", s.id}, {"union_id", union_id}}));
  return DefaultSetup{a, s, union_id};
}

void Model::delete_app(const std::string& app_key, core::WriteBatch writes) {
  auto& metadata = store_.metadata();
  writes.erase(kApps, app_key);
  metadata.erase_matching(writes, kDefault, {}, [&](const std::string&, const boost::json::object& pointer) {
    return str(pointer, "app_key") == app_key;
  });
  for (auto space = metadata.scan(kSpaces); space.valid(); space.next()) {
    if (str(space.value(), "app_key") != app_key) continue;
    writes.erase(kSpaces, space.key());
    // Every dentry of the space has exactly one name under "<space>/": the child index lists the whole tree.
    const std::string tree = space.key() + "/";
    for (auto child = metadata.scan(kChildren, tree); child.valid(); child.next()) {
      const std::string dentry_id = str(child.value(), "dentry_id");
      writes.erase(kDentries, dentry_id);
      metadata.erase_matching(writes, kVersions, dentry_id + "/");
    }
    metadata.erase_matching(writes, kChildren, tree);
    // Recycled dentries have left the child index: their items name them.
    for (auto item = metadata.scan(kRecycle, tree); item.valid(); item.next()) {
      if (const auto top = stored_dentry(str(item.value(), "dentry_id"))) writes.append(remove_writes(*top));
    }
  }
  metadata.erase_matching(writes, kTasks, {}, [&](const std::string&, const boost::json::object& task) {
    return str(task, "app_key") == app_key;
  });
  metadata.erase_matching(writes, kUploads, {}, [&](const std::string&, const boost::json::object& upload) {
    return str(upload, "app_key") == app_key;
  });
  multipart_.commit_ending_sessions_of(app_key, std::move(writes));
}

Space Model::create_space(const std::string& app_key, const std::string& name, const std::vector<std::string>& members,
                          const std::string& space_id) {
  std::vector<std::string> unique = members;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  Space s;
  s.id = space_id.empty() ? core::random_digits(11) : space_id;
  s.app_key = app_key;
  s.name = name;
  s.members = std::move(unique);
  s.created_ms = store_.clock().now_ms();
  store_.metadata().commit(space_id.empty() ? core::WriteBatch().create(kSpaces, s.id, core::to_record(s))
                                            : core::WriteBatch().put(kSpaces, s.id, core::to_record(s)));
  return s;
}

std::optional<Space> Model::space(const std::string& space_id) const {
  auto o = store_.metadata().record(kSpaces, space_id);
  if (!o) return std::nullopt;
  return core::from_record(*o, &Space::id, space_id);
}

std::vector<Space> Model::spaces_of(const std::string& app_key) const {
  std::vector<Space> out;
  for (auto it = store_.metadata().scan(kSpaces); it.valid(); it.next()) {
    if (str(it.value(), "app_key") == app_key) out.push_back(core::from_record(it.value(), &Space::id, it.key()));
  }
  return out;
}

void Model::update_space(const Space& space) {
  store_.metadata().commit(core::WriteBatch().put(kSpaces, space.id, core::to_record(space)));
}

std::int64_t Model::used_bytes(const std::string& space_id) const {
  std::int64_t used = 0;
  for (const auto& [key, d] : space_dentries(space_id, {}, SIZE_MAX)) used += d.folder ? 0 : d.size;
  return used;
}

// ---- the tree -----------------------------------------------------------------------------------------------

std::optional<Dentry> Model::stored_dentry(const std::string& dentry_id) const {
  auto o = store_.metadata().record(kDentries, dentry_id);
  if (!o) return std::nullopt;
  return core::from_record(*o, &Dentry::id, dentry_id);
}

std::optional<Dentry> Model::dentry(const std::string& dentry_id) const {
  auto d = stored_dentry(dentry_id);
  if (!d || !d->recycle_item.empty()) return std::nullopt;
  return d;
}

std::optional<Dentry> Model::dentry_by_uuid(const std::string& uuid) const {
  for (auto it = store_.metadata().scan(kDentries); it.valid(); it.next()) {
    if (str(it.value(), "uuid") != uuid) continue;
    Dentry d = core::from_record(it.value(), &Dentry::id, it.key());
    if (d.recycle_item.empty()) return d;
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, Dentry>> Model::space_dentries(const std::string& space_id,
                                                                  const std::string& after_key,
                                                                  std::size_t limit) const {
  // Children of a recycled folder keep their index entries (a restore brings them back as they were): skip them.
  std::vector<std::pair<std::string, Dentry>> out;
  for (auto it = store_.metadata().scan(kChildren, space_id + "/", after_key); out.size() < limit && it.valid();
       it.next()) {
    if (auto d = dentry(str(it.value(), "dentry_id"))) out.emplace_back(it.key(), std::move(*d));
  }
  return out;
}

std::vector<Dentry> Model::files() const {
  std::vector<Dentry> out;
  for (auto it = store_.metadata().scan(kDentries); it.valid(); it.next()) {
    Dentry d = core::from_record(it.value(), &Dentry::id, it.key());
    if (!d.folder && d.recycle_item.empty()) out.push_back(std::move(d));
  }
  return out;
}

std::optional<Dentry> Model::child(const std::string& space_id, const std::string& parent_id,
                                   const std::string& name) const {
  auto o = store_.metadata().record(kChildren, child_key(space_id, parent_id, name));
  if (!o) return std::nullopt;
  return dentry(str(*o, "dentry_id"));
}

std::vector<Dentry> Model::children(const std::string& space_id, const std::string& parent_id,
                                    const std::string& after_name, std::size_t limit) const {
  const std::string prefix = child_prefix(space_id, parent_id);
  const std::string after = after_name.empty() ? std::string() : prefix + after_name;
  std::vector<Dentry> out;
  for (auto it = store_.metadata().scan(kChildren, prefix, after, limit); out.size() < limit && it.valid(); it.next()) {
    if (auto d = dentry(str(it.value(), "dentry_id"))) out.push_back(std::move(*d));
  }
  return out;
}

std::vector<Version> Model::versions(const std::string& dentry_id) const {
  std::vector<Version> out;
  for (auto it = store_.metadata().scan(kVersions, dentry_id + "/"); it.valid(); it.next()) {
    const std::string_view number = std::string_view(it.key()).substr(dentry_id.size() + 1);
    out.push_back(core::from_record(it.value(), &Version::version, core::text::parse_i64(number).value_or(0)));
  }
  return out;
}

std::optional<Version> Model::version(const std::string& dentry_id, std::int64_t number) const {
  auto o = store_.metadata().record(kVersions, version_key(dentry_id, number));
  if (!o) return std::nullopt;
  return core::from_record(*o, &Version::version, number);
}

bool Model::holds(const std::string& dentry_id, std::string_view object_id) const {
  const auto file = dentry(dentry_id);
  if (!file || file->folder) return false;
  if (file->object_id == object_id) return true;  // the current version, the usual case: no scan
  const std::vector<Version> all = versions(dentry_id);
  return std::any_of(all.begin(), all.end(), [&](const Version& v) { return v.object_id == object_id; });
}

Placement Model::place(const Space& space, const Dentry* parent, const std::string& name, ConflictStrategy strategy,
                       const std::function<Dentry(const std::string&)>& fresh,
                       const std::function<core::WriteBatch(const Dentry&)>& extra,
                       const std::function<Dentry(const Dentry&)>& overwrite, const Commit& commit,
                       const std::string& dentry_id) {
  const std::string parent_id = parent ? parent->id : std::string(kRootId);
  unsigned rename = 0;
  for (unsigned attempt = 0; attempt < kMaxPlacementAttempts; ++attempt) {
    const std::string candidate = rename == 0 ? name : auto_renamed(name, rename);
    if (auto existing = child(space.id, parent_id, candidate)) {
      switch (strategy) {
        case ConflictStrategy::auto_rename:
          ++rename;
          continue;
        case ConflictStrategy::return_existing:
          return Placement{Placement::Outcome::existing, *existing};
        case ConflictStrategy::fail:
          return Placement{Placement::Outcome::name_taken, {}};
        case ConflictStrategy::overwrite:
          if (existing->folder || !overwrite) return Placement{Placement::Outcome::folder_in_the_way, {}};
          return Placement{Placement::Outcome::new_version, overwrite(*existing)};
      }
    }
    Dentry d = fresh(candidate);
    d.id = dentry_id.empty() ? core::random_digits(11) : dentry_id;
    d.uuid = core::random_alphanumeric(32);
    d.space_id = space.id;
    d.parent_id = parent_id;
    d.name = candidate;
    d.path = (parent ? parent->path : std::string()) + "/" + candidate;
    core::WriteBatch writes;
    writes.create(kChildren, child_key(space.id, parent_id, candidate), {{"dentry_id", d.id}})
        .create(kDentries, d.id, core::to_record(d))
        .append(extra(d));
    try {
      record(commit, std::move(writes));
      return Placement{Placement::Outcome::created, d};
    } catch (const core::RecordExists&) {
      // Someone took the name (or, astronomically rarely, the id) in the meantime: look again. A fixed id that is
      // taken stays taken, so trying again cannot help.
      if (!dentry_id.empty()) throw;
    }
  }
  throw std::runtime_error("could not find a free name for " + name);
}

Placement Model::add_folder(const Space& space, const Dentry* parent, const std::string& name,
                            const std::string& union_id, ConflictStrategy strategy) {
  const std::int64_t now = store_.clock().now_ms();
  auto fresh = [&](const std::string&) {
    Dentry d;
    d.folder = true;
    d.creator_id = d.modifier_id = union_id;
    d.created_ms = d.modified_ms = now;
    return d;
  };
  auto no_writes = [](const Dentry&) { return core::WriteBatch(); };
  return place(space, parent, name, strategy, fresh, no_writes, {}, {}, {});
}

void Model::record(const Commit& commit, core::WriteBatch writes) {
  if (commit) {
    commit(std::move(writes));
  } else {
    store_.metadata().commit(writes);
  }
}

core::WriteBatch Model::end_upload_writes(const Upload& upload) const {
  // A multipart upload's parts session ends by the commit core::UploadParts::complete hands out; an import has no
  // session (no key) to end.
  if (upload.key.empty()) return core::WriteBatch();
  return core::WriteBatch().erase(kUploads, upload.key);
}

Placement Model::commit_file(const Upload& upload, const core::ObjectRecord& object, const Dentry* parent,
                             const std::string& name, const std::string& union_id, ConflictStrategy strategy,
                             const Commit& commit, const std::string& dentry_id) {
  const std::int64_t now = store_.clock().now_ms();
  const auto size = static_cast<std::int64_t>(object.digests.size);
  auto fresh = [&](const std::string&) {
    Dentry d;
    d.version = 1;
    d.size = size;
    d.object_id = object.id;
    d.creator_id = d.modifier_id = union_id;
    d.created_ms = d.modified_ms = now;
    return d;
  };
  auto first_version = [&](const Dentry& d) {
    core::WriteBatch writes = end_upload_writes(upload);
    writes.create(kVersions, version_key(d.id, 1), core::to_record(Version{1, object.id, size, d.name, union_id, now}));
    return writes;
  };
  auto next_version = [&](const Dentry& existing) {
    return commit_version(upload, existing, object, union_id, commit);
  };
  return place(*space(upload.space_id), parent, name, strategy, fresh, first_version, next_version, commit, dentry_id);
}

Placement Model::import_file(core::StagedBlob& staged, const Space& space, const Dentry* parent,
                             const std::string& name, const std::string& union_id, ConflictStrategy strategy,
                             const std::string& dentry_id) {
  const core::ObjectRecord object = store_.publish_object(staged, upload_object(name));
  Upload no_session;
  no_session.space_id = space.id;
  const Commit with_object = [&](core::WriteBatch writes) {
    writes.new_object = object;
    store_.metadata().commit(writes);
  };
  return commit_file(no_session, object, parent, name, union_id, strategy, with_object, dentry_id);
}

Dentry Model::commit_version(const Upload& upload, const Dentry& file, const core::ObjectRecord& object,
                             const std::string& union_id, const Commit& commit) {
  for (unsigned attempt = 0; attempt < kMaxPlacementAttempts; ++attempt) {
    auto current = dentry(file.id);
    if (!current) throw std::runtime_error("dentry " + file.id + " vanished during commit");
    Dentry d = *current;
    d.version += 1;
    d.size = static_cast<std::int64_t>(object.digests.size);
    d.object_id = object.id;
    d.modifier_id = union_id;
    d.modified_ms = store_.clock().now_ms();
    core::WriteBatch writes = end_upload_writes(upload);
    writes.put(kDentries, d.id, core::to_record(d));
    // create, not put: two concurrent overwrites cannot both become version N+1.
    writes.create(kVersions, version_key(d.id, d.version),
                  core::to_record(Version{d.version, d.object_id, d.size, d.name, union_id, d.modified_ms}));
    try {
      record(commit, std::move(writes));
      return d;
    } catch (const core::RecordExists&) {
    }
  }
  throw std::runtime_error("could not add a version to " + file.id);
}

void Model::remove(const Dentry& top) { store_.metadata().commit(remove_writes(top)); }

bool Model::set_archived(const std::string& dentry_id, bool archived) {
  auto d = dentry(dentry_id);
  if (!d || d->folder) return false;
  d->archived = archived;
  d->unarchive_from_ms = 0;
  store_.metadata().commit(core::WriteBatch().put(kDentries, d->id, core::to_record(*d)));
  return true;
}

bool Model::attempt_archived_download(const std::string& dentry_id, std::int64_t delay_ms) {
  auto d = dentry(dentry_id);
  if (!d || !d->archived) return true;
  const std::int64_t now = store_.clock().now_ms();
  if (d->unarchive_from_ms == 0) {
    // The platform: "Unarchiving is automatically triggered. Try again later." Even a zero delay fails this once.
    d->unarchive_from_ms = now;
  } else if (now - d->unarchive_from_ms >= delay_ms) {
    d->archived = false;
    d->unarchive_from_ms = 0;
  } else {
    return false;
  }
  store_.metadata().commit(core::WriteBatch().put(kDentries, d->id, core::to_record(*d)));
  return !d->archived;
}

// ---- uploads ------------------------------------------------------------------------------------------------

Upload Model::create_upload(Upload upload, std::uint64_t declared_size) {
  upload.key = "upk_" + core::random_hex(20);
  upload.created_ms = store_.clock().now_ms();
  if (upload.multipart) multipart_.begin(upload.key, upload.app_key, declared_size, 0, kMultipartLifetimeMs);
  store_.metadata().commit(core::WriteBatch().create(kUploads, upload.key, core::to_record(upload)));
  return upload;
}

std::optional<Upload> Model::upload(const std::string& key) const {
  auto o = store_.metadata().record(kUploads, key);
  if (!o) return std::nullopt;
  return core::from_record(*o, &Upload::key, key);
}

std::size_t Model::end_abandoned_uploads() {
  const std::int64_t cutoff = store_.clock().now_ms() - kMultipartLifetimeMs;
  core::WriteBatch writes;
  std::size_t ended = 0;
  for (auto it = store_.metadata().scan(kUploads); it.valid(); it.next()) {
    if (core::record_fields::i64(it.value(), "created_ms") > cutoff) continue;
    if (auto session = multipart_.find(it.key())) multipart_.abort(*session);
    writes.erase(kUploads, it.key());
    ++ended;
  }
  if (ended > 0) store_.metadata().commit(writes);
  multipart_.sweep_expired(core::UploadParts::kKeepExpiredMs, 0);
  return ended;
}

core::ObjectRecord Model::store_upload_bytes(core::StagedBlob& staged, const Upload& upload) {
  const std::string name = upload.name.empty() ? upload.key : upload.name;
  return store_.commit_object(staged, upload_object(name), [&](const core::ObjectRecord& o) {
    Upload updated = upload;
    updated.multipart = false;
    updated.object_id = o.id;
    return core::WriteBatch().put(kUploads, upload.key, core::to_record(updated));
  });
}

std::optional<core::UploadedPart> Model::store_part(core::StagedBlob& staged, const Upload& upload,
                                                    std::int64_t part_number) {
  const auto session = multipart_.find(upload.key);
  if (!session || multipart_.expired(*session)) return std::nullopt;
  return multipart_.put_part(*session, static_cast<std::uint64_t>(part_number), staged);
}

std::variant<Dentry, core::UploadParts::Refused> Model::complete_multipart(
    const Upload& upload, std::optional<std::uint64_t> declared_size,
    const std::function<Dentry(const core::ObjectRecord&, const Commit&)>& place) {
  const std::string name = upload.name.empty() ? upload.key : upload.name;
  core::UploadParts::Assembly how;
  how.object = upload_object(name);
  how.gaps_allowed = true;  // whatever parts arrived, in part-number order
  how.total_size = declared_size;
  how.with_md5 = true;
  const auto placed = [&](const core::ObjectRecord& object, const std::vector<core::UploadedPart>&,
                          const Commit& commit) { return place(object, commit); };
  return multipart_.complete(upload.key, how, placed);
}

}  // namespace filegate::dialects::dingtalk
