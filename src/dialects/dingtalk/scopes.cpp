#include "dialects/dingtalk/scopes.hpp"

#include <array>
#include <utility>

#include "dialects/dingtalk/errors.hpp"

namespace filegate::dialects::dingtalk {
namespace {

namespace ep = endpoints;

// Storage.DownloadInfo.Read is the seed page's ("Permissions required"). The other names follow its pattern
// (Storage.<resource>.<Read|Write>) and are inferred: the pages that state them were not readable.
constexpr std::string_view kDownloadInfoRead = "Storage.DownloadInfo.Read";
constexpr std::string_view kUploadInfoRead = "Storage.UploadInfo.Read";
constexpr std::string_view kFileRead = "Storage.File.Read";
constexpr std::string_view kFileWrite = "Storage.File.Write";
constexpr std::string_view kSpaceRead = "Storage.Space.Read";
constexpr std::string_view kSpaceWrite = "Storage.Space.Write";

constexpr std::array<std::pair<std::string_view, std::string_view>, 34> kScopes = {{
    {ep::download_info, kDownloadInfoRead},
    {ep::upload_info, kUploadInfoRead},
    {ep::multipart_init, kUploadInfoRead},
    {ep::multipart_infos, kUploadInfoRead},
    {ep::commit, kFileWrite},
    {ep::list_dentries, kFileRead},
    {ep::get_dentry, kFileRead},
    {ep::list_versions, kFileRead},
    {ep::get_dentries, kFileRead},
    {ep::list_all, kFileRead},
    {ep::dentry_id_by_uuid, kFileRead},
    {ep::get_task, kFileRead},
    {ep::get_recycle_bin, kFileRead},
    {ep::list_recycle_items, kFileRead},
    {ep::get_recycle_item, kFileRead},
    {ep::delete_dentry, kFileWrite},
    {ep::delete_dentries, kFileWrite},
    {ep::add_folder, kFileWrite},
    {ep::rename_dentry, kFileWrite},
    {ep::move_dentry, kFileWrite},
    {ep::move_dentries, kFileWrite},
    {ep::copy_dentry, kFileWrite},
    {ep::copy_dentries, kFileWrite},
    {ep::revert_version, kFileWrite},
    {ep::restore_recycle_item, kFileWrite},
    {ep::restore_recycle_items, kFileWrite},
    {ep::delete_recycle_item, kFileWrite},
    {ep::delete_recycle_items, kFileWrite},
    {ep::clear_recycle_bin, kFileWrite},
    {ep::get_space, kSpaceRead},
    {ep::add_space, kSpaceWrite},
    {ep::access_token, ""},
    {ep::oss_get, ""},
    {ep::oss_put, ""},
}};

}  // namespace

std::string_view required_scope(std::string_view endpoint) {
  for (const auto& [name, scope] : kScopes) {
    if (name == endpoint) return scope;
  }
  return {};
}

}  // namespace filegate::dialects::dingtalk
