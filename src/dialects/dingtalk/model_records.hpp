#pragma once
// Where the DingTalk model keeps its records (namespaces and keys), shared by model.cpp and model_tree.cpp only.
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace filegate::dialects::dingtalk::records {

inline constexpr std::string_view kApps = "dingtalk.app";
inline constexpr std::string_view kDefault = "dingtalk.default";
inline constexpr std::string_view kSpaces = "dingtalk.space";
inline constexpr std::string_view kDentries = "dingtalk.dentry";
// "<space>/<parent>/<name>" -> dentry id: names are unique in a folder, and "<space>/" lists a whole tree.
inline constexpr std::string_view kChildren = "dingtalk.child";
inline constexpr std::string_view kVersions = "dingtalk.version";  // "<dentry>/<10-digit version>"
inline constexpr std::string_view kUploads = "dingtalk.upload";
inline constexpr std::string_view kRecycle = "dingtalk.recycle";  // "<space>/<item>" -> RecycleItem
inline constexpr std::string_view kTasks = "dingtalk.task";

// Past this many attempts a naming loop gives up: only reachable with thousands of same-named files.
inline constexpr unsigned kMaxPlacementAttempts = 10'000;

inline std::string padded(std::int64_t n, int width) {
  char out[32];
  std::snprintf(out, sizeof out, "%0*lld", width, static_cast<long long>(n));
  return out;
}

inline std::string child_prefix(const std::string& space_id, const std::string& parent_id) {
  return space_id + "/" + parent_id + "/";
}
inline std::string child_key(const std::string& space_id, const std::string& parent_id, const std::string& name) {
  return child_prefix(space_id, parent_id) + name;
}
inline std::string version_key(const std::string& dentry_id, std::int64_t version) {
  return dentry_id + "/" + padded(version, 10);
}
inline std::string recycle_key(const std::string& space_id, const std::string& item_id) {
  return space_id + "/" + item_id;
}

}  // namespace filegate::dialects::dingtalk::records
