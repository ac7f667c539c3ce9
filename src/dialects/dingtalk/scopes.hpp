#pragma once
// The API permission (scope) each DingTalk endpoint needs. An app has all of them unless the fixtures list its
// `scopes`; a call the app lacks the scope of answers Forbidden.AccessDenied.AccessTokenPermissionDenied.
#include <string_view>

namespace filegate::dialects::dingtalk {

// The scope `endpoint` (errors.hpp endpoints) needs; "" when it needs none (the access token itself).
std::string_view required_scope(std::string_view endpoint);

}  // namespace filegate::dialects::dingtalk
