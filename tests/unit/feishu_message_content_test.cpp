// A message's resources are read from its content wherever the platform puts them: a file, an image, a media's video
// and cover, the images and media inside a rich-text post, with or without the locale wrapper a sent post has.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "dialects/feishu/message_content.hpp"

namespace {

using filegate::dialects::feishu::resource_keys;
using filegate::dialects::feishu::single_resource_content;
using Keys = std::vector<std::string>;

TEST(FeishuMessageContent, FindsEveryResourceOnce) {
  EXPECT_EQ(resource_keys(boost::json::parse(R"({"file_key":"f","file_name":"a.txt"})")), Keys{"f"});
  EXPECT_EQ(resource_keys(boost::json::parse(R"({"image_key":"i"})")), Keys{"i"});
  EXPECT_EQ(resource_keys(boost::json::parse(R"({"file_key":"v","image_key":"c","duration":2000})")), (Keys{"v", "c"}));
  EXPECT_EQ(resource_keys(boost::json::parse(
                R"({"zh_cn":{"title":"t","content":[[{"tag":"img","image_key":"a"}],[{"tag":"text","text":"x"}],)"
                R"([{"tag":"media","file_key":"m","image_key":"a"}]]}})")),
            (Keys{"a", "m"}));
  EXPECT_TRUE(resource_keys(boost::json::parse(R"({"text":"file_key"})")).empty());
  EXPECT_TRUE(resource_keys(boost::json::parse(R"({"file_key":""})")).empty());
}

TEST(FeishuMessageContent, ShapesSingleResourceContentPerType) {
  EXPECT_EQ(*single_resource_content("file", "k", "a.pdf"),
            (boost::json::object{{"file_key", "k"}, {"file_name", "a.pdf"}}));
  EXPECT_EQ(*single_resource_content("image", "k", "x.png"), (boost::json::object{{"image_key", "k"}}));
  EXPECT_EQ(*single_resource_content("audio", "k", "v.opus"), (boost::json::object{{"file_key", "k"}}));
  EXPECT_FALSE(single_resource_content("text", "k", "x"));
}

}  // namespace
