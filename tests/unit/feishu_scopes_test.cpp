// An app's scopes allow an endpoint when any one of the endpoint's documented scopes is granted; the gateway's
// message names them all. No scopes given means every scope.
#include <gtest/gtest.h>

#include "dialects/feishu/scopes.hpp"

namespace {

namespace feishu = filegate::dialects::feishu;
namespace ep = feishu::endpoints;

TEST(FeishuScopes, AnyOneOfTheDocumentedScopesAllowsTheEndpoint) {
  EXPECT_EQ(feishu::missing_scope_message(ep::media_download, {}), "") << "no scopes given: all of them";
  EXPECT_EQ(feishu::missing_scope_message(ep::media_download, {"docs:document.media:download"}), "");
  EXPECT_EQ(feishu::missing_scope_message(ep::im_file_get, {"im:resource"}), "") << "needs none";
  EXPECT_EQ(feishu::missing_scope_message(ep::im_message_create, {"im:message:send_as_bot"}), "");
}

TEST(FeishuScopes, TheRefusalNamesEveryScopeThatWouldDo) {
  EXPECT_EQ(feishu::missing_scope_message(ep::im_image_create, {"drive:drive"}),
            "Access denied. One of the following scopes is required: [im:resource, im:resource:upload].");
  const std::string drive = feishu::missing_scope_message(ep::media_download, {"im:resource"});
  EXPECT_EQ(drive.rfind("Access denied. One of the following scopes is required: [bitable:app, ", 0), 0u) << drive;
  EXPECT_EQ(feishu::required_scopes(ep::media_download).size(), 9u) << "the seed page lists nine";
}

}  // namespace
