#include "dialects/dingtalk/wire.hpp"

#include "core/text.hpp"
#include "dialects/dingtalk/naming.hpp"

namespace filegate::dialects::dingtalk {

namespace {

// "2024-05-01T10:20Z": the ISO-8601 form the storage API uses for createTime and modifiedTime.
std::string iso_minutes(std::int64_t unix_ms) {
  return core::text::iso8601_utc(unix_ms, core::text::TimePrecision::minutes);
}

}  // namespace

boost::json::object dentry_json(const Dentry& dentry, const Version* as_of) {
  boost::json::object o;
  o["id"] = dentry.id;
  o["uuid"] = dentry.uuid;
  o["spaceId"] = dentry.space_id;
  o["parentId"] = dentry.parent_id;
  o["type"] = dentry.folder ? "FOLDER" : "FILE";
  o["name"] = as_of ? as_of->name : dentry.name;
  o["path"] = dentry.path;
  o["status"] = "NORMAL";
  o["createTime"] = iso_minutes(dentry.created_ms);
  o["modifiedTime"] = iso_minutes(as_of ? as_of->modified_ms : dentry.modified_ms);
  o["creatorId"] = dentry.creator_id;
  o["modifierId"] = as_of ? as_of->modifier_id : dentry.modifier_id;
  o["partitionType"] = "PUBLIC_OSS_PARTITION";
  o["storageDriver"] = "DINGTALK";
  o["properties"] = boost::json::object{{"readOnly", false}};
  o["appProperties"] = boost::json::object{};
  if (!dentry.folder) {
    const std::string extension = extension_of(dentry.name);
    o["size"] = as_of ? as_of->size : dentry.size;
    o["version"] = as_of ? as_of->version : dentry.version;
    o["extension"] = extension;
    o["category"] = category_of(extension);
  }
  return o;
}

boost::json::object header_signature_info(const SignedSlot& slot, std::int64_t expiration_seconds) {
  boost::json::object headers;
  headers["Authorization"] = slot.authorization;
  headers["x-oss-date"] = slot.oss_date;
  boost::json::object info;
  info["resourceUrls"] = boost::json::array{slot.url};
  info["headers"] = std::move(headers);
  info["expirationSeconds"] = expiration_seconds;
  info["region"] = "ZHANGJIAKOU";
  // Documented as unused, but DingTalk's own download sample reads it: the same URL serves both.
  info["internalResourceUrls"] = boost::json::array{slot.url};
  return info;
}

}  // namespace filegate::dialects::dingtalk
