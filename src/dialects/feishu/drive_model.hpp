#pragma once
// Feishu Drive as filegate keeps it: cloud documents (made by the admin CLI, since filegate has no document API),
// the media uploaded into them, and which other apps a document is shared with.
//
// Access: a document's owner app and the apps it is granted to may upload into it and read all of its media; the
// app that uploaded a medium may always read that medium. Everyone else gets 403.
#include <optional>
#include <string>
#include <vector>

#include "core/store.hpp"

namespace filegate::dialects::feishu {

// Record namespace of chunked Drive uploads (core::UploadParts sessions); shared with the admin CLI.
inline constexpr std::string_view kDriveUploadNamespace = "feishu.drive_upload";

struct DriveDocument {
  std::string token;  // 27 alphanumerics, like current docx/sheet/base tokens
  std::string type;   // docx, doc, sheet, bitable
  std::string owner_app_id;
  bool advanced_permissions = false;  // Bitable only: media downloads then need the `extra` query parameter
};

struct DriveMedia {
  std::string file_token;
  std::string object_id;
  std::string app_id;  // the uploader
  std::string doc_token;
  std::string parent_type;
};

class DriveModel {
 public:
  explicit DriveModel(core::Store& store) : store_(store) {}

  static bool is_document_type(std::string_view type);

  // Under `token` when given (fixtures: it replaces that document), else under a new token.
  DriveDocument create_document(const std::string& owner_app_id, const std::string& type, bool advanced_permissions,
                                const std::string& token = {});
  std::optional<DriveDocument> document(const std::string& token) const;
  void grant(const std::string& doc_token, const std::string& app_id);

  bool may_edit(const DriveDocument& doc, const std::string& app_id) const;
  bool may_read(const DriveMedia& media, const DriveDocument& doc, const std::string& app_id) const;

  // Stores the staged bytes as a medium of `media.doc_token`. Fills in object_id, and file_token unless it is set
  // (fixtures: the medium then replaces what that token held).
  DriveMedia commit_media(core::StagedBlob& staged, DriveMedia media, const std::string& file_name,
                          const std::string& content_type);
  // How a medium's bytes are described in the store.
  static core::NewObject media_object(const std::string& file_name, const std::string& content_type) {
    return {file_name, content_type, "feishu.drive"};
  }
  // The record that makes `object` a medium of `media.doc_token`, for a caller that commits the object itself (a
  // chunked upload, which core::UploadParts completes). Fills in object_id, and file_token unless it is set.
  core::WriteBatch media_record(DriveMedia& media, const core::ObjectRecord& object) const;
  std::optional<DriveMedia> media(const std::string& file_token) const;
  std::vector<DriveMedia> all_media() const;
  bool delete_media(const std::string& file_token);

  // The writes that delete what the app owns in Drive: its documents with their grants and every medium in them,
  // the media it uploaded into others' documents, and the grants it was given.
  core::WriteBatch app_erasure(const std::string& app_id) const;

 private:
  core::Store& store_;
};

}  // namespace filegate::dialects::feishu
