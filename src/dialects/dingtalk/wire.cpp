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

boost::json::object dentry_reply(const Dentry& dentry) {
  boost::json::object o;
  o["dentry"] = dentry_json(dentry);
  return o;
}

boost::json::object recycle_item_json(const RecycleItem& item, const Dentry& top) {
  boost::json::object o;
  o["id"] = item.id;
  o["dentryId"] = top.id;
  o["spaceId"] = item.space_id;
  o["originalName"] = top.name;
  o["originalPath"] = top.path;
  o["size"] = top.folder ? 0 : top.size;
  o["type"] = top.folder ? "folder" : "file";  // the SDK's example: lower case, unlike a dentry's type
  o["operatorId"] = item.operator_id;
  o["operatorTime"] = iso_minutes(item.operator_ms);
  return o;
}

boost::json::object task_json(const Task& task) {
  boost::json::object o;
  o["id"] = task.id;
  o["status"] = task.status;
  o["totalCount"] = task.total;
  o["successCount"] = task.succeeded;
  o["failCount"] = task.failed;
  if (!task.fail_message.empty()) o["failMessage"] = task.fail_message;
  o["beginTime"] = iso_minutes(task.begin_ms);
  if (task.end_ms != 0) o["endTime"] = iso_minutes(task.end_ms);  // none while IN_PROGRESS
  return o;
}

boost::json::object space_json(const Space& space, std::int64_t used, const std::string& corp_id) {
  boost::json::object quota;
  quota["type"] = "SPACE";
  quota["max"] = space.quota;
  quota["reserved"] = 0;
  quota["used"] = used;
  boost::json::object partition;
  partition["partitionType"] = "PUBLIC_OSS_PARTITION";
  partition["quota"] = std::move(quota);
  boost::json::object capabilities;
  capabilities["canRecordRecentFile"] = true;
  capabilities["canRename"] = true;
  capabilities["canSearch"] = true;
  boost::json::object o;
  o["id"] = space.id;
  o["name"] = space.name;
  o["appId"] = space.app_key;
  o["corpId"] = corp_id;
  o["scene"] = space.scene;
  o["sceneId"] = space.scene_id;
  o["ownerType"] = space.owner_type;
  o["ownerId"] = space.owner_id.empty() ? space.app_key : space.owner_id;
  o["creatorId"] = space.creator_id;
  o["modifierId"] = space.creator_id;
  o["createTime"] = iso_minutes(space.created_ms);
  o["modifiedTime"] = iso_minutes(space.created_ms);
  o["status"] = "NORMAL";
  o["quota"] = space.quota;
  o["usedQuota"] = used;
  o["capabilities"] = std::move(capabilities);
  o["partitions"] = boost::json::array{std::move(partition)};
  return o;
}

boost::json::object header_signature_info(const SignedSlot& slot, std::int64_t expiration_seconds) {
  boost::json::object headers;
  if (!slot.authorization.empty()) {  // a presigned URL carries its signature itself
    headers["Authorization"] = slot.authorization;
    headers["x-oss-date"] = slot.oss_date;
  }
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
