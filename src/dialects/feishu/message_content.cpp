#include "dialects/feishu/message_content.hpp"

#include <algorithm>
#include <array>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace filegate::dialects::feishu {
namespace {

void collect(const boost::json::value& value, std::vector<std::string>& keys) {
  if (const auto* array = value.if_array()) {
    for (const auto& element : *array) collect(element, keys);
    return;
  }
  const auto* object = value.if_object();
  if (!object) return;
  // A media carries its video as file_key and its cover as image_key: the video first, as the platform lists them.
  for (const char* name : {"file_key", "image_key"}) {
    const auto* key = object->if_contains(name);
    if (key && key->is_string() && !key->get_string().empty()) {
      std::string text(key->get_string());
      if (std::find(keys.begin(), keys.end(), text) == keys.end()) keys.push_back(std::move(text));
    }
  }
  for (const auto& member : *object) {
    if (member.key() != "file_key" && member.key() != "image_key") collect(member.value(), keys);
  }
}

}  // namespace

std::vector<std::string> resource_keys(const boost::json::value& content) {
  std::vector<std::string> keys;
  collect(content, keys);
  return keys;
}

std::optional<boost::json::object> single_resource_content(std::string_view msg_type, const std::string& key,
                                                           const std::string& file_name) {
  if (msg_type == "image") return boost::json::object{{"image_key", key}};
  if (msg_type == "file" || msg_type == "audio" || msg_type == "media") {
    boost::json::object content{{"file_key", key}};
    if (msg_type != "audio") content["file_name"] = file_name;
    return content;
  }
  return std::nullopt;
}

bool is_sendable_message_type(std::string_view msg_type) {
  static constexpr std::array<std::string_view, 6> kTypes = {"text", "post", "image", "file", "audio", "media"};
  return std::find(kTypes.begin(), kTypes.end(), msg_type) != kTypes.end();
}

}  // namespace filegate::dialects::feishu
