#pragma once
// Pure naming and paging rules of DingTalk storage, kept free of I/O so they can be unit tested.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace filegate::dialects::dingtalk {

// The extension DingTalk reports for a file: what follows the last '.', lower-cased; "" for "a", ".bashrc" or "a.".
std::string extension_of(std::string_view name);

// The name AUTO_RENAME tries on its n-th attempt (n >= 1): "report.pdf" -> "report(1).pdf", "notes" -> "notes(1)",
// ".env" -> ".env(1)" (a leading dot is part of the stem, not an extension).
std::string auto_renamed(std::string_view name, unsigned n);

// Whether `name` can be a file or folder name: not empty, not "." or "..", at most 255 bytes, no '/', no
// control characters and none of the characters the platform forbids (* " < > |).
bool is_valid_name(std::string_view name);

// Whether `s` has the shape of a space, dentry or parent id: 1 to 20 decimal digits.
bool is_numeric_id(std::string_view s);

// List pages resume after the last name returned. The token is that name in hex, so it survives any URL
// encoding and is opaque to clients; decode returns nullopt for anything that is not such a token.
std::string encode_page_token(std::string_view last_key);
std::optional<std::string> decode_page_token(std::string_view token);

// The corpId of the organisation an app belongs to, as its tokens know it. An internal app belongs to one organisation
// and filegate keeps no organisations of its own, so it is the app's: "ding" and 32 hex digits of the SHA-256 of the
// app key (the same on every start and node).
std::string corp_id_of(std::string_view app_key);

// The document/image/video/... category DingTalk derives from an extension.
std::string category_of(std::string_view extension);

}  // namespace filegate::dialects::dingtalk
