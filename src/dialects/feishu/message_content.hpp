#pragma once
// The content JSON of IM messages, as the platform carries it in `im.message.receive_v1` events and message reads:
// {"file_key","file_name"} for a file, {"image_key"} for an image, {"file_key","image_key","file_name","duration"}
// for a media, {"title","content":[[{"tag":"img","image_key"}…]]} for rich text (post), {"text"} for text.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace filegate::dialects::feishu {

// The file and image keys `content` names, wherever they sit (a post nests them in its paragraphs), in document
// order, each once.
std::vector<std::string> resource_keys(const boost::json::value& content);

// The content of a `msg_type` message carrying `key` (a file or image key), named `file_name` where the type has a
// name; nullopt for a type that carries no single resource (text, post, interactive …).
std::optional<boost::json::object> single_resource_content(std::string_view msg_type, const std::string& key,
                                                           const std::string& file_name);

// The message types a bot may send through POST /im/v1/messages (those filegate can store and show).
bool is_sendable_message_type(std::string_view msg_type);

}  // namespace filegate::dialects::feishu
