#include "dialects/feishu/drive_model.hpp"

#include <array>
#include <set>

#include "core/random_ids.hpp"
#include "core/record_fields.hpp"

namespace filegate::dialects::feishu {
namespace {

constexpr std::string_view kDocuments = "feishu.drive_doc";
constexpr std::string_view kGrants = "feishu.drive_grant";  // key: <doc token>/<app id>
constexpr std::string_view kMedia = "feishu.drive_media";
constexpr std::array<std::string_view, 4> kDocumentTypes = {"docx", "doc", "sheet", "bitable"};

// The stored records; keys: the document token, "<doc token>/<app id>", the file token.
struct DocumentRecord {
  std::string type;
  std::string owner_app_id;
  bool advanced_permissions = false;
  std::int64_t created_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(DocumentRecord, (), (type, owner_app_id, advanced_permissions, created_at_ms))

struct GrantRecord {
  std::int64_t granted_at_ms = 0;
};
BOOST_DESCRIBE_STRUCT(GrantRecord, (), (granted_at_ms))

struct MediaRecord {
  std::string object_id;
  std::string app_id;
  std::string doc_token;
  std::string parent_type;
};
BOOST_DESCRIBE_STRUCT(MediaRecord, (), (object_id, app_id, doc_token, parent_type))

std::string grant_key(const std::string& doc_token, const std::string& app_id) { return doc_token + "/" + app_id; }

DriveMedia media_from(const std::string& file_token, const boost::json::object& o) {
  auto r = core::from_record<MediaRecord>(o);
  return DriveMedia{file_token, std::move(r.object_id), std::move(r.app_id), std::move(r.doc_token),
                    std::move(r.parent_type)};
}

}  // namespace

bool DriveModel::is_document_type(std::string_view type) {
  for (std::string_view t : kDocumentTypes) {
    if (t == type) return true;
  }
  return false;
}

DriveDocument DriveModel::create_document(const std::string& owner_app_id, const std::string& type,
                                          bool advanced_permissions, const std::string& token) {
  DriveDocument doc{token.empty() ? core::random_alphanumeric(27) : token, type, owner_app_id, advanced_permissions};
  auto record =
      core::to_record(DocumentRecord{doc.type, doc.owner_app_id, doc.advanced_permissions, store_.clock().now_ms()});
  store_.metadata().commit(token.empty() ? core::WriteBatch().create(kDocuments, doc.token, std::move(record))
                                         : core::WriteBatch().put(kDocuments, doc.token, std::move(record)));
  return doc;
}

std::optional<DriveDocument> DriveModel::document(const std::string& token) const {
  auto o = store_.metadata().record(kDocuments, token);
  if (!o) return std::nullopt;
  auto r = core::from_record<DocumentRecord>(*o);
  return DriveDocument{token, std::move(r.type), std::move(r.owner_app_id), r.advanced_permissions};
}

void DriveModel::grant(const std::string& doc_token, const std::string& app_id) {
  store_.metadata().commit(core::WriteBatch().put(kGrants, grant_key(doc_token, app_id),
                                                  core::to_record(GrantRecord{store_.clock().now_ms()})));
}

bool DriveModel::may_edit(const DriveDocument& doc, const std::string& app_id) const {
  return doc.owner_app_id == app_id || store_.metadata().record(kGrants, grant_key(doc.token, app_id)) != nullptr;
}

bool DriveModel::may_read(const DriveMedia& media, const DriveDocument& doc, const std::string& app_id) const {
  return media.app_id == app_id || may_edit(doc, app_id);
}

DriveMedia DriveModel::commit_media(core::StagedBlob& staged, DriveMedia media, const std::string& file_name,
                                    const std::string& content_type) {
  store_.commit_object(staged, media_object(file_name, content_type),
                       [&](const core::ObjectRecord& o) { return media_record(media, o); });
  return media;
}

core::WriteBatch DriveModel::media_record(DriveMedia& media, const core::ObjectRecord& object) const {
  const bool fixed_token = !media.file_token.empty();
  if (!fixed_token) media.file_token = core::random_alphanumeric(27);
  media.object_id = object.id;
  auto record = core::to_record(MediaRecord{object.id, media.app_id, media.doc_token, media.parent_type});
  return fixed_token ? core::WriteBatch().put(kMedia, media.file_token, std::move(record))
                     : core::WriteBatch().create(kMedia, media.file_token, std::move(record));
}

std::optional<DriveMedia> DriveModel::media(const std::string& file_token) const {
  auto o = store_.metadata().record(kMedia, file_token);
  if (!o) return std::nullopt;
  return media_from(file_token, *o);
}

std::vector<DriveMedia> DriveModel::all_media() const {
  std::vector<DriveMedia> out;
  for (auto it = store_.metadata().scan(kMedia); it.valid(); it.next()) out.push_back(media_from(it.key(), it.value()));
  return out;
}

bool DriveModel::delete_media(const std::string& file_token) {
  if (!media(file_token)) return false;
  store_.metadata().commit(core::WriteBatch().erase(kMedia, file_token));
  return true;
}

core::WriteBatch DriveModel::app_erasure(const std::string& app_id) const {
  auto& metadata = store_.metadata();
  core::WriteBatch writes;
  std::set<std::string, std::less<>> documents;  // the app's own
  for (auto it = metadata.scan(kDocuments); it.valid(); it.next()) {
    if (core::from_record<DocumentRecord>(it.value()).owner_app_id != app_id) continue;
    documents.insert(it.key());
    writes.erase(kDocuments, it.key());
    metadata.erase_matching(writes, kGrants, it.key() + "/");
  }
  metadata.erase_matching(writes, kMedia, {}, [&](const std::string& key, const boost::json::object& record) {
    const DriveMedia media = media_from(key, record);
    return media.app_id == app_id || documents.contains(media.doc_token);
  });
  // Grants are keyed "<doc token>/<app id>", and neither part holds a '/'.
  metadata.erase_matching(writes, kGrants, {}, [&](const std::string& key, const boost::json::object&) {
    return key.ends_with("/" + app_id);
  });
  return writes;
}

}  // namespace filegate::dialects::feishu
