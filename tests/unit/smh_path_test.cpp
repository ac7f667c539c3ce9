// SMH FilePath decoding: both client encodings name the same file, and nothing that could step outside the
// library (., .., empty segments, NUL, backslashes, invalid UTF-8) is ever accepted.
#include <gtest/gtest.h>

#include "dialects/smh/path.hpp"

using filegate::dialects::smh::decode_path;
using filegate::dialects::smh::join_path;
using Segments = std::vector<std::string>;

TEST(SmhPath, EmptyIsTheRoot) {
  const auto p = decode_path("", true);
  EXPECT_TRUE(p.ok());
  EXPECT_TRUE(p.segments.empty());
}

TEST(SmhPath, JavaAndAndroidEncodingsAreTheSamePath) {
  // Java: segment by segment; Android (Retrofit @Path): the whole path as one segment, '/' as %2F.
  const auto java = decode_path("%E6%B5%8B%E8%AF%95/%E6%96%87%E4%BB%B6%201.txt", true);
  const auto android = decode_path("%E6%B5%8B%E8%AF%95%2F%E6%96%87%E4%BB%B6%201.txt", true);
  ASSERT_TRUE(java.ok());
  ASSERT_TRUE(android.ok());
  EXPECT_EQ(java.segments, (Segments{"测试", "文件 1.txt"}));
  EXPECT_EQ(android.segments, java.segments);
  EXPECT_EQ(decode_path("a%2fb", true).segments, (Segments{"a", "b"}));  // lower-case hex too
}

TEST(SmhPath, PlusAndReservedCharactersStayLiteral) {
  const auto p = decode_path("a+b/c&d=e;f@g(1)!$'*,.txt", true);
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p.segments, (Segments{"a+b", "c&d=e;f@g(1)!$'*,.txt"}));
}

TEST(SmhPath, TraversalIsRejectedHoweverItIsSpelled) {
  for (const char* raw : {"..", ".", "a/../b", "a/./b", "../etc/passwd", "%2E%2E", "%2e%2e%2Fsecret", "a%2F..%2Fb",
                          "%2E", "a/%2E%2E/b", "..%2F..%2Fother%2F-%2Fsecret.txt"}) {
    const auto p = decode_path(raw, true);
    EXPECT_FALSE(p.ok()) << raw;
    EXPECT_EQ(p.error, "IllegalFileName") << raw;
    EXPECT_TRUE(p.segments.empty()) << raw;
  }
}

TEST(SmhPath, EmptySegmentsAreRejected) {
  for (const char* raw : {"a%2F%2Fb", "%2Fa", "a%2F", "/a", "a/", "a//b", "%2F"}) {
    EXPECT_EQ(decode_path(raw, true).error, "IllegalFileName") << raw;
  }
}

TEST(SmhPath, NulControlBackslashAndBadEscapesAreRejected) {
  for (const char* raw : {"%00", "a%00.txt", "a/%00/b", "a%0Ab", "a%7F", "a%5Cb", "a\\b", "%", "%2", "%zz",
                          "%C0%AE%C0%AE",      // overlong '.'
                          "%FF", "%ED%A0%80",  // surrogate
                          "%E6%B5"}) {         // truncated
    EXPECT_EQ(decode_path(raw, true).error, "IllegalFileName") << raw;
  }
}

TEST(SmhPath, NamesUpTo255CharactersNotBytes) {
  std::string name_255;
  for (int i = 0; i < 251; ++i) name_255 += "文";  // 3 bytes each
  name_255 += ".txt";
  EXPECT_TRUE(decode_path(name_255, true).ok());
  EXPECT_TRUE(decode_path("dir/" + name_255, true).ok());
  const std::string name_256 = "文" + name_255;
  EXPECT_EQ(decode_path(name_256, true).error, "FileNameLengthExceed");
  EXPECT_EQ(decode_path(name_256 + "/x.txt", true).error, "DirectoryNameLengthExceed");
  EXPECT_EQ(decode_path("a/" + name_256, false).error, "DirectoryNameLengthExceed");
}

TEST(SmhPath, JoinIsTheInverseOfSplitting) {
  EXPECT_EQ(join_path({}), "");
  EXPECT_EQ(join_path({"a", "b c", "d.txt"}), "a/b c/d.txt");
}
