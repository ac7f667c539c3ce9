#pragma once
// The JSON bodies and x-smh-* headers SMH answers with, built from the model. Plain functions, outside any
// coroutine (src/README.md, coroutine rule 2).
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "dialects/smh/model.hpp"

namespace filegate::dialects::smh {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

boost::json::array path_json(const std::vector<std::string>& path);
boost::json::object meta_json(const Meta& meta);

// x-smh-type, x-smh-creation-time, x-smh-modification-time, x-smh-content-type, x-smh-size, x-smh-etag,
// x-smh-crc64 and x-smh-meta-*, for the 302 of a download and for HEAD.
HeaderList file_headers(const Node& file, const Version& version);

// GET …?info: size as a string, eTag quoted, crc64 unsigned decimal; cosUrl unless pre_check.
boost::json::object file_info(const Node& file, const Version& version, const std::optional<std::string>& cos_url);
// POST …?confirm.
boost::json::object confirmed_file(const Confirmed& confirmed);
// One entry of a directory listing (file or directory).
boost::json::object listing_entry(const Node& node);
// GET /directory/…?info.
boost::json::object directory_info(const Node& dir);
boost::json::object history_entry(const Version& version, std::int64_t latest_id);
// Adds "inode" (with_inode=1): the node's file_uid; the root's is "" (it has none), as is that of a directory made
// before filegate kept inodes.
void with_inode(boost::json::object& body, const Node& node);

}  // namespace filegate::dialects::smh
