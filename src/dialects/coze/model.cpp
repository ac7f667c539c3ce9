#include "dialects/coze/model.hpp"

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
};
BOOST_DESCRIBE_STRUCT(PatRecord, (), (token, name, created_at_ms))

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
  return Pat{id, std::move(record.token), std::move(record.name), record.created_at_ms};
}

}  // namespace

std::string file_name_or_default(const std::optional<std::string>& part_filename) {
  return part_filename && !part_filename->empty() ? *part_filename : std::string(kUnnamedFileName);
}

bool is_file_id(std::string_view s) {
  const std::optional<std::uint64_t> value = core::text::parse_u64(s);
  return value && *value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
}

Pat Model::create_pat(const std::string& name) {
  const std::string id = new_numeric_id();
  const core::Token token = tokens_.issue(std::string(kPatKind), id, kPatLifetimeSeconds, "pat_");
  Pat pat{id, token.value, name, store_.clock().now_ms()};
  store_.metadata().commit(
      core::WriteBatch().create(kPats, pat.id, to_record(PatRecord{pat.token, pat.name, pat.created_at_ms})));
  return pat;
}

Pat Model::put_pat(const std::string& token, const std::string& name) {
  const auto existing = pat_by_token(token);
  Pat pat{existing ? existing->id : new_numeric_id(), token, name, store_.clock().now_ms()};
  tokens_.put(std::string(kPatKind), pat.id, kPatLifetimeSeconds, token);
  store_.metadata().commit(
      core::WriteBatch().put(kPats, pat.id, to_record(PatRecord{pat.token, pat.name, pat.created_at_ms})));
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
