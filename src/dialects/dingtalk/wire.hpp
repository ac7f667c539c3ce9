#pragma once
// JSON shapes of the storage API, as the SDK's models name and type them (ids are strings, size and version numbers).
#include <boost/json/object.hpp>
#include <cstdint>
#include <string>

#include "dialects/dingtalk/model.hpp"
#include "dialects/dingtalk/signed_slot.hpp"

namespace filegate::dialects::dingtalk {

// A dentry; with `as_of` set, the file as it was at that version (the versions list).
boost::json::object dentry_json(const Dentry& dentry, const Version* as_of = nullptr);

// {"dentry": dentry_json(dentry)}: what single-dentry calls answer.
boost::json::object dentry_reply(const Dentry& dentry);

// A recycle-bin item with the dentry it holds (ListRecycleItems' recycleItems[], GetRecycleItem's item).
boost::json::object recycle_item_json(const RecycleItem& item, const Dentry& top);

// GetTask's task.
boost::json::object task_json(const Task& task);

// GetSpace's / AddSpace's space; `used` is the bytes its files take, `corp_id` its organisation's (naming.hpp).
boost::json::object space_json(const Space& space, std::int64_t used, const std::string& corp_id);

// {resourceUrls, headers:{Authorization, x-oss-date}, expirationSeconds, region, internalResourceUrls}
boost::json::object header_signature_info(const SignedSlot& slot, std::int64_t expiration_seconds);

}  // namespace filegate::dialects::dingtalk
