// The S3 XML the client reads, in the shapes AWS and RADOS Gateway send (namespaces, url-encoded keys, the empty
// ETag of RADOS Gateway's CompleteMultipartUpload), and what it refuses.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/s3/xml.hpp"

namespace {

using namespace filegate::core::s3;

TEST(S3Xml, ReadsErrorDocuments) {
  const auto error = xml::parse_error(
      R"(<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The key</Message>)"
      R"(<RequestId>tx1</RequestId><HostId>h</HostId></Error>)");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, "NoSuchKey");
  EXPECT_EQ(error->message, "The key");
  EXPECT_EQ(error->request_id, "tx1");
  EXPECT_FALSE(xml::parse_error(""));
  EXPECT_FALSE(xml::parse_error("<html><body>502 Bad Gateway</body></html>"));
  EXPECT_FALSE(xml::parse_error("<Error><Code>NoSuch"));  // cut short
  EXPECT_FALSE(xml::parse_error("<Error><Message>no code</Message></Error>"));
}

TEST(S3Xml, ReadsListObjectsV2WithUrlEncodedKeys) {
  const ListPage page = xml::parse_list_objects_v2(
      R"(<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
      R"(<Name>b</Name><Prefix>p%2F</Prefix><MaxKeys>2</MaxKeys><EncodingType>url</EncodingType>)"
      R"(<IsTruncated>true</IsTruncated><Contents><Key>p/a+b%2Bc%C3%BC</Key>)"
      R"(<LastModified>2026-12-05T02:25:21.600Z</LastModified><ETag>&quot;e1&quot;</ETag><Size>6</Size></Contents>)"
      R"(<Contents><Key>p/z</Key><LastModified>2026-12-05T02:25:22Z</LastModified><ETag>"e2"</ETag>)"
      R"(<Size>0</Size></Contents><NextContinuationToken>tok/en=</NextContinuationToken><KeyCount>2</KeyCount>)"
      R"(</ListBucketResult>)");
  ASSERT_EQ(page.objects.size(), 2u);
  EXPECT_EQ(page.objects[0].key, "p/a b+c\xC3\xBC");
  EXPECT_EQ(page.objects[0].etag, "\"e1\"");
  EXPECT_EQ(page.objects[0].size, 6u);
  EXPECT_EQ(page.objects[0].last_modified_ms, 1796437521600);
  EXPECT_EQ(page.objects[1].key, "p/z");
  EXPECT_EQ(page.objects[1].last_modified_ms, 1796437522000);
  EXPECT_EQ(page.next_continuation_token, "tok/en=");
}

TEST(S3Xml, KeysAreTakenLiterallyWithoutEncodingType) {
  const ListPage page = xml::parse_list_objects_v2(
      "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a+b%20c</Key><Size>1</Size></Contents>"
      "</ListBucketResult>");
  ASSERT_EQ(page.objects.size(), 1u);
  EXPECT_EQ(page.objects[0].key, "a+b%20c");
  EXPECT_FALSE(page.next_continuation_token);
}

TEST(S3Xml, RefusesListingsItCannotFollow) {
  // Truncated without a token would list the first page forever.
  EXPECT_THROW(xml::parse_list_objects_v2("<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"),
               std::runtime_error);
  EXPECT_THROW(xml::parse_list_objects_v2("<ListBucketResult><Contents><Key>k</Key><Size>x</Size></Contents>"
                                          "</ListBucketResult>"),
               std::runtime_error);
  EXPECT_THROW(xml::parse_list_objects_v2("<Error><Code>AccessDenied</Code></Error>"), std::runtime_error);
  EXPECT_THROW(xml::parse_list_objects_v2("not xml"), std::runtime_error);
}

TEST(S3Xml, ReadsMultipartDocuments) {
  EXPECT_EQ(xml::parse_upload_id(R"(<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
                                 "<Bucket>b</Bucket><Key>k</Key><UploadId>2~abc</UploadId>"
                                 "</InitiateMultipartUploadResult>"),
            "2~abc");
  EXPECT_THROW(xml::parse_upload_id("<InitiateMultipartUploadResult/>"), std::runtime_error);
  // RADOS Gateway answers CompleteMultipartUpload with an empty ETag.
  EXPECT_EQ(xml::parse_complete_etag("<CompleteMultipartUploadResult><Location>l</Location><ETag></ETag>"
                                     "</CompleteMultipartUploadResult>"),
            "");
  EXPECT_EQ(xml::parse_complete_etag("<CompleteMultipartUploadResult><ETag>&quot;x-3&quot;</ETag>"
                                     "</CompleteMultipartUploadResult>"),
            "\"x-3\"");

  const MultipartUploadPage page = xml::parse_list_multipart_uploads(
      "<ListMultipartUploadsResult><Bucket>b</Bucket><EncodingType>url</EncodingType>"
      "<NextKeyMarker>p%2Fk2</NextKeyMarker><NextUploadIdMarker>u2</NextUploadIdMarker>"
      "<IsTruncated>true</IsTruncated><Upload><Key>p/k1</Key><UploadId>u1</UploadId>"
      "<Initiated>2026-12-05T02:25:21.000Z</Initiated></Upload></ListMultipartUploadsResult>");
  ASSERT_EQ(page.uploads.size(), 1u);
  EXPECT_EQ(page.uploads[0].key, "p/k1");
  EXPECT_EQ(page.uploads[0].upload_id, "u1");
  EXPECT_EQ(page.uploads[0].initiated_ms, 1796437521000);
  EXPECT_EQ(page.next_key_marker, "p/k2");
  EXPECT_EQ(page.next_upload_id_marker, "u2");
}

TEST(S3Xml, WritesTheCompletionBodyWithEscapedEtags) {
  EXPECT_EQ(xml::complete_request_body({{1, "\"a\""}, {2, "\"b\""}}),
            R"(<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">)"
            "<Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>&quot;b&quot;</ETag></Part></CompleteMultipartUpload>");
}

TEST(S3Xml, ParsesIso8601Times) {
  EXPECT_EQ(xml::parse_iso8601_ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(xml::parse_iso8601_ms("2013-05-24T00:00:00.5Z"), 1369353600500);
  EXPECT_FALSE(xml::parse_iso8601_ms("2013-02-30T00:00:00Z"));
  EXPECT_FALSE(xml::parse_iso8601_ms("2013-05-24 00:00:00Z"));
  EXPECT_FALSE(xml::parse_iso8601_ms("2013-05-24T00:00:00.Z"));
  EXPECT_FALSE(xml::parse_iso8601_ms(""));
}

}  // namespace
