#include "dialects/coze/model.hpp"

#include <algorithm>
#include <limits>

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"
#include "core/text.hpp"

namespace filegate::dialects::coze {
namespace {

using core::from_record;
using core::to_record;

constexpr std::string_view kPatKind = "coze.pat";  // the TokenService kind
constexpr std::string_view kPats = "coze.pat";     // listing: pat id -> {token, name, created_at_ms}
constexpr std::string_view kDefaultPat = "coze.default_pat";
constexpr std::string_view kFiles = "coze.file";  // file id -> {object_id, owner}
constexpr std::string_view kOrigin = "coze";
constexpr std::string_view kApps = "coze.app";            // app id -> AppRecord
constexpr std::string_view kAppTokenKind = "coze.oauth";  // the TokenService kind of the JWT flow's access tokens
constexpr std::string_view kUsedJtis = "coze.jti";        // "<app id>/<jti>" -> {expires_at_ms}

// PATs are created with an expiry the user picks, "permanent" included; filegate's never expire (100 years).
constexpr std::int64_t kPatLifetimeSeconds = 100LL * 365 * 24 * 3600;

// 19 digits starting with 7, like the platform's ids (7369495981102022700): below INT64_MAX, so clients that
// parse ids as numbers keep working.
std::string new_numeric_id() { return "7" + core::random_digits(18); }

// The persisted records, described once: Boost.JSON writes and reads them under these member names (the field names
// every filegate version has written).
struct PatRecord {
  std::string token;
  std::string name;
  std::int64_t created_at_ms = 0;
  Permissions permissions;  // absent in records of older filegates: every permission
};
BOOST_DESCRIBE_STRUCT(PatRecord, (), (token, name, created_at_ms, permissions))

struct AppRecord {
  std::string name;
  std::string key_id;
  std::string public_key;
  Permissions permissions;
  bool deactivated = false;
  std::int64_t created_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(AppRecord, (), (name, key_id, public_key, permissions, deactivated, created_at_ms))

struct UsedJtiRecord {
  std::int64_t expires_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(UsedJtiRecord, (), (expires_at_ms))

OAuthApp app_from(const std::string& id, const boost::json::object& object) {
  auto r = from_record<AppRecord>(object);
  return OAuthApp{id,
                  std::move(r.name),
                  std::move(r.key_id),
                  std::move(r.public_key),
                  std::move(r.permissions),
                  r.deactivated,
                  r.created_at_ms};
}

std::string jti_key(const std::string& app_id, const std::string& jti) { return app_id + "/" + jti; }

struct DefaultPatRecord {
  std::string pat_id;
};
BOOST_DESCRIBE_STRUCT(DefaultPatRecord, (), (pat_id))

struct FileRecord {
  std::string object_id;
  std::string owner;  // the PAT id
};
BOOST_DESCRIBE_STRUCT(FileRecord, (), (object_id, owner))

StoredFile stored_file_from(const std::string& id, const boost::json::object& object) {
  auto record = from_record<FileRecord>(object);
  return StoredFile{id, std::move(record.object_id), std::move(record.owner)};
}

Pat pat_from(const std::string& id, const boost::json::object& object) {
  auto record = from_record<PatRecord>(object);
  return Pat{id, std::move(record.token), std::move(record.name), record.created_at_ms, std::move(record.permissions)};
}

}  // namespace

bool permits(const Permissions& permissions, std::string_view permission) {
  return !permissions || std::find(permissions->begin(), permissions->end(), permission) != permissions->end();
}

std::string file_name_or_default(const std::optional<std::string>& part_filename) {
  return part_filename && !part_filename->empty() ? *part_filename : std::string(kUnnamedFileName);
}

bool is_file_id(std::string_view s) {
  const std::optional<std::uint64_t> value = core::text::parse_u64(s);
  return value && *value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

Pat Model::create_pat(const std::string& name, const Permissions& permissions) {
  const std::string id = new_numeric_id();
  const core::Token token = tokens_.issue(std::string(kPatKind), id, kPatLifetimeSeconds, "pat_");
  Pat pat{id, token.value, name, store_.clock().now_ms(), permissions};
  store_.metadata().commit(core::WriteBatch().create(
      kPats, pat.id, to_record(PatRecord{pat.token, pat.name, pat.created_at_ms, pat.permissions})));
  return pat;
}

Pat Model::put_pat(const std::string& token, const std::string& name, const Permissions& permissions) {
  const auto existing = pat_by_token(token);
  Pat pat{existing ? existing->id : new_numeric_id(), token, name, store_.clock().now_ms(), permissions};
  tokens_.put(std::string(kPatKind), pat.id, kPatLifetimeSeconds, token);
  store_.metadata().commit(core::WriteBatch().put(
      kPats, pat.id, to_record(PatRecord{pat.token, pat.name, pat.created_at_ms, pat.permissions})));
  return pat;
}

std::optional<Pat> Model::pat(const std::string& id) const {
  auto o = store_.metadata().record(kPats, id);
  if (!o) return std::nullopt;
  return pat_from(id, *o);
}

std::vector<Pat> Model::pats() const {
  std::vector<Pat> out;
  for (auto it = store_.metadata().scan(kPats); it.valid(); it.next()) out.push_back(pat_from(it.key(), it.value()));
  return out;
}

Pat Model::default_pat() {
  if (auto pointer = store_.metadata().record(kDefaultPat, "default")) {
    auto existing = pat(from_record<DefaultPatRecord>(*pointer).pat_id);
    if (existing && pat_by_token(existing->token)) return *existing;
  }
  Pat created = create_pat("default");
  store_.metadata().commit(core::WriteBatch().put(kDefaultPat, "default", to_record(DefaultPatRecord{created.id})));
  return created;
}

std::optional<Pat> Model::pat_by_token(const std::string& token) const {
  auto found = tokens_.find(std::string(kPatKind), token);
  if (!found) return std::nullopt;
  return pat(found->subject);
}

void Model::delete_pat(const Pat& pat) {
  core::WriteBatch writes = tokens_.subject_revocation(std::string(kPatKind), pat.id);
  writes.erase(kPats, pat.id);
  auto& metadata = store_.metadata();
  metadata.erase_matching(writes, kFiles, {}, [&](const std::string& id, const boost::json::object& file) {
    return stored_file_from(id, file).owner == pat.id;
  });
  metadata.erase_matching(writes, kDefaultPat, {}, [&](const std::string&, const boost::json::object& pointer) {
    return from_record<DefaultPatRecord>(pointer).pat_id == pat.id;
  });
  metadata.commit(writes);
}

OAuthApp Model::put_app(OAuthApp app) {
  // 13 digits, like the platform's OAuth app ids (1127900106117).
  if (app.id.empty()) app.id = core::random_digits(13);
  if (app.created_at_ms == 0) app.created_at_ms = store_.clock().now_ms();
  store_.metadata().commit(core::WriteBatch().put(
      kApps, app.id,
      to_record(AppRecord{app.name, app.key_id, app.public_key, app.permissions, app.deactivated, app.created_at_ms})));
  return app;
}

std::optional<OAuthApp> Model::app(const std::string& id) const {
  auto o = store_.metadata().record(kApps, id);
  if (!o) return std::nullopt;
  return app_from(id, *o);
}

std::vector<OAuthApp> Model::apps() const {
  std::vector<OAuthApp> out;
  for (auto it = store_.metadata().scan(kApps); it.valid(); it.next()) out.push_back(app_from(it.key(), it.value()));
  return out;
}

void Model::delete_app(const OAuthApp& app) {
  core::WriteBatch writes = tokens_.subject_revocation(std::string(kAppTokenKind), app.id);
  writes.erase(kApps, app.id);
  auto& metadata = store_.metadata();
  metadata.erase_matching(writes, kFiles, {}, [&](const std::string& id, const boost::json::object& file) {
    return stored_file_from(id, file).owner == app.id;
  });
  metadata.erase_matching(writes, kUsedJtis, app.id + "/");
  metadata.commit(writes);
}

bool Model::claim_jti(const std::string& app_id, const std::string& jti, std::int64_t expires_at_s) {
  const std::int64_t now_ms = store_.clock().now_ms();
  const std::string key = jti_key(app_id, jti);
  auto& metadata = store_.metadata();
  // A JWT past its exp is refused anyway, so its jti need not be remembered any longer: those go in this commit, and
  // the claim is a create, so that of two requests racing with one JWT only one wins.
  core::WriteBatch writes;
  metadata.erase_matching(writes, kUsedJtis, app_id + "/", [&](const std::string&, const boost::json::object& v) {
    return from_record<UsedJtiRecord>(v).expires_at_ms <= now_ms;
  });
  const bool forgotten =
      std::any_of(writes.writes.begin(), writes.writes.end(), [&](const core::RecordWrite& w) { return w.key == key; });
  if (!forgotten && metadata.record(kUsedJtis, key)) return false;
  if (forgotten) {
    writes.put(kUsedJtis, key, to_record(UsedJtiRecord{expires_at_s * 1000}));
  } else {
    writes.create(kUsedJtis, key, to_record(UsedJtiRecord{expires_at_s * 1000}));
  }
  try {
    metadata.commit(writes);
  } catch (const core::RecordExists&) {
    return false;
  }
  return true;
}

AppToken Model::issue_app_token(const OAuthApp& app, std::int64_t lifetime_seconds) {
  const core::Token token = tokens_.issue(std::string(kAppTokenKind), app.id, lifetime_seconds, "czs_");
  return AppToken{token.value, token.expires_at_ms};
}

std::optional<Caller> Model::caller_by_token(const std::string& token) const {
  if (auto pat = pat_by_token(token)) return Caller{pat->id, std::move(pat->permissions)};
  const auto found = tokens_.find(std::string(kAppTokenKind), token);
  if (!found) return std::nullopt;
  auto owner = app(found->subject);
  if (!owner || owner->deactivated) return std::nullopt;
  return Caller{owner->id, std::move(owner->permissions)};
}

FileInfo Model::commit_file(core::StagedBlob& staged, const std::string& owner_pat_id, const std::string& file_name,
                            const std::string& content_type, const std::string& file_id) {
  const std::string id = file_id.empty() ? new_numeric_id() : file_id;
  core::ObjectRecord object =
      store_.commit_object(staged, {file_name, content_type, std::string(kOrigin)}, [&](const core::ObjectRecord& o) {
        auto record = to_record(FileRecord{o.id, owner_pat_id});
        return file_id.empty() ? core::WriteBatch().create(kFiles, id, std::move(record))
                               : core::WriteBatch().put(kFiles, id, std::move(record));
      });
  return FileInfo{id, object.digests.size, object.name, object.created_at_ms / 1000};
}

std::optional<FileInfo> Model::file(const std::string& file_id, const std::string& owner_pat_id) const {
  const auto record = stored_file(file_id);
  if (!record || record->owner != owner_pat_id) return std::nullopt;
  auto object = store_.metadata().object(record->object_id);
  if (!object) return std::nullopt;
  return FileInfo{file_id, object->digests.size, object->name, object->created_at_ms / 1000};
}

std::vector<StoredFile> Model::files() const {
  std::vector<StoredFile> out;
  for (auto it = store_.metadata().scan(kFiles); it.valid(); it.next()) {
    out.push_back(stored_file_from(it.key(), it.value()));
  }
  return out;
}

std::optional<StoredFile> Model::stored_file(const std::string& file_id) const {
  auto o = store_.metadata().record(kFiles, file_id);
  if (!o) return std::nullopt;
  return stored_file_from(file_id, *o);
}

bool Model::delete_file(const std::string& file_id) {
  if (!stored_file(file_id)) return false;
  store_.metadata().commit(core::WriteBatch().erase(kFiles, file_id));
  return true;
}

}  // namespace filegate::dialects::coze
