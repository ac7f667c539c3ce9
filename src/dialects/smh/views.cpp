#include "dialects/smh/views.hpp"

#include <boost/json/value_from.hpp>

#include "dialects/smh/wire.hpp"

namespace filegate::dialects::smh {
namespace json = boost::json;

json::array path_json(const std::vector<std::string>& path) { return std::move(json::value_from(path).as_array()); }

json::object meta_json(const Meta& meta) { return std::move(json::value_from(meta).as_object()); }

HeaderList file_headers(const Node& file, const Version& version) {
  HeaderList h{
      {"x-smh-type", std::string(file_kind(version.name).type)},
      {"x-smh-creation-time", iso8601_ms(file.creation_ms)},
      {"x-smh-modification-time", iso8601_ms(version.created_ms)},
      {"x-smh-content-type", version.content_type},
      {"x-smh-size", std::to_string(version.size)},
      {"x-smh-etag", version.etag},
      {"x-smh-crc64", crc64_text(version.crc64)},
  };
  for (const auto& [k, v] : file.meta) h.emplace_back(k, v);
  return h;
}

json::object file_info(const Node& file, const Version& version, const std::optional<std::string>& cos_url) {
  const FileKind kind = file_kind(version.name);
  json::object o;
  if (cos_url) o["cosUrl"] = *cos_url;
  o["type"] = kind.type;
  o["fileType"] = kind.file_type;
  o["creationTime"] = iso8601_ms(file.creation_ms);
  o["modificationTime"] = iso8601_ms(version.created_ms);
  o["contentType"] = version.content_type;
  o["size"] = std::to_string(version.size);
  o["eTag"] = version.etag;
  o["crc64"] = crc64_text(version.crc64);
  o["metaData"] = meta_json(file.meta);
  o["previewByDoc"] = false;
  o["previewByCI"] = false;
  o["previewAsIcon"] = false;
  o["versionId"] = version.id;
  return o;
}

json::object confirmed_file(const Confirmed& confirmed) {
  const Node& file = confirmed.node;
  const FileKind kind = file_kind(file.path.back());
  json::object o;
  o["path"] = path_json(file.path);
  o["name"] = file.path.back();
  o["type"] = kind.type;
  o["fileType"] = kind.file_type;
  o["creationTime"] = iso8601_ms(file.creation_ms);
  o["modificationTime"] = iso8601_ms(file.modification_ms);
  o["contentType"] = file.current.content_type;
  o["size"] = std::to_string(file.current.size);
  o["eTag"] = file.current.etag;
  o["crc64"] = crc64_text(file.current.crc64);
  o["metaData"] = meta_json(file.meta);
  o["isOverwritten"] = confirmed.overwritten;
  o["versionId"] = file.current.id;
  o["previewByDoc"] = false;
  o["previewByCI"] = false;
  o["previewAsIcon"] = false;
  return o;
}

json::object listing_entry(const Node& node) {
  json::object o;
  o["name"] = node.path.empty() ? std::string() : node.path.back();
  o["creationTime"] = iso8601_ms(node.creation_ms);
  o["modificationTime"] = iso8601_ms(node.modification_ms);
  if (node.is_dir) {
    o["type"] = "dir";
    return o;
  }
  const FileKind kind = file_kind(node.path.back());
  o["type"] = kind.type;
  o["fileType"] = kind.file_type;
  o["contentType"] = node.current.content_type;
  o["size"] = std::to_string(node.current.size);
  o["eTag"] = node.current.etag;
  o["crc64"] = crc64_text(node.current.crc64);
  o["metaData"] = meta_json(node.meta);
  o["versionId"] = node.current.id;
  return o;
}

json::object directory_info(const Node& dir) {
  json::object o;
  o["path"] = path_json(dir.path);
  o["type"] = "dir";
  o["creationTime"] = iso8601_ms(dir.creation_ms);
  o["modificationTime"] = iso8601_ms(dir.modification_ms);
  return o;
}

void with_inode(json::object& body, const Node& node) { body["inode"] = node.file_uid; }

json::object history_entry(const Version& version, std::int64_t latest_id) {
  json::object o;
  o["id"] = version.id;
  o["createdBy"] = version.created_by;
  o["creationWay"] = version.creation_way;
  o["version"] = version.version;
  o["isLatestVersion"] = version.id == latest_id;
  o["name"] = version.name;
  o["size"] = std::to_string(version.size);
  o["eTag"] = version.etag;
  o["crc64"] = crc64_text(version.crc64);
  o["contentType"] = version.content_type;
  o["creationTime"] = iso8601_ms(version.created_ms);
  o["setLatestTime"] = iso8601_ms(version.created_ms);
  return o;
}

}  // namespace filegate::dialects::smh
