// The S3 client against a real S3 server: the one-node Ceph of s3_ceph_fixture.hpp.
#include <gtest/gtest.h>

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.hpp"
#include "core/digests.hpp"
#include "core/s3/client.hpp"
#include "s3_ceph_fixture.hpp"

namespace {

using filegate::core::ManualClock;
using filegate::core::StreamHasher;
using filegate::core::SystemClock;
using namespace filegate::core::s3;
using namespace filegate::s3_test;

constexpr std::uint64_t MiB = 1 << 20;

// A Reader over pattern bytes [first, first + size), recording how it was asked.
struct PatternSource {
  std::uint64_t seed;
  std::uint64_t first = 0;
  std::uint64_t size = 0;
  std::uint64_t produced = 0;
  std::size_t calls = 0;
  std::size_t largest_request = 0;
  StreamHasher hasher{true};

  Reader reader() {
    return [this](std::span<std::byte> buffer) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - produced));
      for (std::size_t i = 0; i < n; ++i) buffer[i] = std::byte(pattern_byte(seed, first + produced + i));
      hasher.update(buffer.first(n));
      produced += n;
      ++calls;
      largest_request = std::max(largest_request, buffer.size());
      return n;
    };
  }
};

// A Sink that checks every byte against the pattern as it arrives.
struct PatternCheck {
  std::uint64_t seed;
  std::uint64_t first = 0;
  std::uint64_t received = 0;
  std::uint64_t mismatches = 0;
  std::size_t chunks = 0;
  std::size_t largest_chunk = 0;

  Sink sink() {
    return [this](std::span<const std::byte> chunk) {
      for (std::size_t i = 0; i < chunk.size(); ++i) {
        if (static_cast<char>(chunk[i]) != pattern_byte(seed, first + received + i)) ++mismatches;
      }
      received += chunk.size();
      ++chunks;
      largest_chunk = std::max(largest_chunk, chunk.size());
    };
  }
};

Sink collect_into(std::string& out) {
  return [&out](std::span<const std::byte> chunk) {
    out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
  };
}

std::string put_text(const Client& client, const std::string& key, const std::string& text) {
  std::size_t offset = 0;
  const Reader read = [&](std::span<std::byte> buffer) {
    const std::size_t n = std::min(buffer.size(), text.size() - offset);
    std::memcpy(buffer.data(), text.data() + offset, n);
    offset += n;
    return n;
  };
  return client.put_object(key, text.size(), read, "text/plain");
}

// A plain HTTP GET, no credentials: how a browser or an SDK client fetches a presigned URL.
struct Fetched {
  long status = 0;
  std::string body;
  std::string headers;
};

Fetched fetch(const std::string& url, const char* range = nullptr) {
  Fetched out;
  CURL* curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  using Append = std::size_t (*)(char*, std::size_t, std::size_t, void*);
  const Append append = [](char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  };
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &out.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &out.headers);
  if (range != nullptr) curl_easy_setopt(curl, CURLOPT_RANGE, range);
  if (curl_easy_perform(curl) == CURLE_OK) curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  curl_easy_cleanup(curl);
  return out;
}

template <typename F>
Error error_of(F&& call) {
  try {
    call();
  } catch (const Error& e) {
    return e;
  }
  throw std::runtime_error("expected an s3::Error, nothing was thrown");
}

class S3Store : public CephTest {
 protected:
  const Client& client() const { return *ceph->client; }
};

TEST_F(S3Store, PutAndGetStreamAMultiMebibyteBody) {
  PatternSource source{.seed = 1, .size = 8 * MiB + 3};
  const std::string etag =
      client().put_object("stream/big.bin", source.size, source.reader(), "application/octet-stream");
  EXPECT_EQ(source.produced, source.size);
  // Pulled piece by piece as it was sent, never asked for whole.
  EXPECT_GT(source.calls, 8u);
  EXPECT_LE(source.largest_request, MiB);
  // A single PUT's ETag is the body's MD5.
  EXPECT_EQ(etag, "\"" + source.hasher.finish().md5_hex + "\"");

  PatternCheck check{.seed = 1};
  const GetResult got = client().get_object("stream/big.bin", std::nullopt, check.sink());
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.content_length, source.size);
  EXPECT_EQ(got.object.size, source.size);
  EXPECT_EQ(got.object.etag, etag);
  EXPECT_EQ(check.received, source.size);
  EXPECT_EQ(check.mismatches, 0u);
  EXPECT_GT(check.chunks, 8u);
  EXPECT_LE(check.largest_chunk, MiB);
}

TEST_F(S3Store, EmptyObjectRoundTrips) {
  PatternSource source{.seed = 2, .size = 0};
  client().put_object("stream/empty", 0, source.reader());
  std::string body = "untouched";
  body.clear();
  const GetResult got = client().get_object("stream/empty", std::nullopt, collect_into(body));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.object.size, 0u);
  EXPECT_EQ(body, "");
}

TEST_F(S3Store, RangedGetsDeliverExactlyTheRange) {
  PatternSource source{.seed = 3, .size = 3 * MiB};
  client().put_object("range/obj", source.size, source.reader());

  std::string body;
  GetResult got = client().get_object("range/obj", ByteRange{1000, 1999}, collect_into(body));
  EXPECT_EQ(got.status, 206);
  EXPECT_EQ(got.content_length, 1000u);
  EXPECT_EQ(got.object.size, source.size);  // the whole object's, from Content-Range
  EXPECT_EQ(body, pattern(3, 1000, 1000));

  body.clear();
  got = client().get_object("range/obj", ByteRange{source.size - 10, std::nullopt}, collect_into(body));
  EXPECT_EQ(got.status, 206);
  EXPECT_EQ(body, pattern(3, source.size - 10, 10));

  const Error beyond = error_of([&] {
    client().get_object("range/obj", ByteRange{source.size + 10, {}}, collect_into(body));
  });
  EXPECT_EQ(beyond.status(), 416);
  EXPECT_EQ(beyond.code(), "InvalidRange");
}

TEST_F(S3Store, HeadDescribesTheObject) {
  const std::string etag = put_text(client(), "head/a.txt", "hello, head");
  const ObjectInfo info = client().head_object("head/a.txt");
  EXPECT_EQ(info.size, 11u);
  EXPECT_EQ(info.etag, etag);
  EXPECT_EQ(info.content_type, "text/plain");
  const std::int64_t now_s = SystemClock().now_s();
  EXPECT_GT(info.last_modified_s, now_s - 600);
  EXPECT_LT(info.last_modified_s, now_s + 600);
}

TEST_F(S3Store, CopyObjectCopiesAndACopyOntoItselfWithNewMetadataRenewsLastModified) {
  put_text(client(), "copy/a.txt", "copied bytes");
  client().copy_object("copy/a.txt", "copy/b c.txt");  // a key that needs encoding in x-amz-copy-source
  std::string body;
  client().get_object("copy/b c.txt", std::nullopt, collect_into(body));
  EXPECT_EQ(body, "copied bytes");

  // S3 refuses a copy onto itself that changes nothing.
  EXPECT_EQ(error_of([&] { client().copy_object("copy/a.txt", "copy/a.txt"); }).status(), 400);
  const ObjectInfo before = client().head_object("copy/a.txt");
  // Last-Modified has whole seconds: the copy must fall in a later one to be seen.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  client().copy_object("copy/a.txt", "copy/a.txt", true);
  const ObjectInfo after = client().head_object("copy/a.txt");
  EXPECT_GT(after.last_modified_s, before.last_modified_s);
  EXPECT_EQ(after.size, before.size);
  EXPECT_EQ(after.etag, before.etag);

  const Error missing = error_of([&] { client().copy_object("copy/none.txt", "copy/x.txt"); });
  EXPECT_EQ(missing.status(), 404);
  EXPECT_EQ(missing.code(), "NoSuchKey");
}

TEST_F(S3Store, DeletedObjectsAreNotFound) {
  put_text(client(), "delete/gone.txt", "soon gone");
  client().delete_object("delete/gone.txt");
  std::string body;
  const Error get = error_of([&] { client().get_object("delete/gone.txt", std::nullopt, collect_into(body)); });
  EXPECT_EQ(get.status(), 404);
  EXPECT_EQ(get.code(), "NoSuchKey");
  EXPECT_EQ(body, "");  // the error document never reaches the sink
  const Error head = error_of([&] { client().head_object("delete/gone.txt"); });
  EXPECT_EQ(head.status(), 404);
  EXPECT_EQ(head.code(), "NotFound");
  EXPECT_NO_THROW(client().delete_object("delete/gone.txt"));  // deleting nothing succeeds, as in S3
}

TEST_F(S3Store, MultipartUploadAssemblesPartsInOrder) {
  const std::string key = "mp/assembled.bin";
  const std::string upload_id = client().create_multipart_upload(key, "application/x-test");
  const std::vector<std::uint64_t> sizes = {5 * MiB, 5 * MiB, 1 * MiB};
  std::vector<CompletedPart> parts;
  std::uint64_t offset = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    PatternSource source{.seed = 4, .first = offset, .size = sizes[i]};
    const int number = static_cast<int>(i) + 1;
    parts.push_back({number, client().upload_part(key, upload_id, number, sizes[i], source.reader())});
    EXPECT_EQ(parts.back().etag, "\"" + source.hasher.finish().md5_hex + "\"");
    offset += sizes[i];
  }
  const std::string etag = client().complete_multipart_upload(key, upload_id, parts);
  // RADOS Gateway answers with an empty ETag; S3 with the multipart one.
  EXPECT_TRUE(etag.empty() || etag.ends_with("-3\"")) << etag;

  const ObjectInfo info = client().head_object(key);
  EXPECT_EQ(info.size, 11 * MiB);
  EXPECT_TRUE(info.etag.ends_with("-3\"")) << info.etag;
  EXPECT_EQ(info.content_type, "application/x-test");

  // Across the first boundary, across the second, and the whole object checked byte by byte.
  std::string body;
  client().get_object(key, ByteRange{5 * MiB - 5, 5 * MiB + 4}, collect_into(body));
  EXPECT_EQ(body, pattern(4, 5 * MiB - 5, 10));
  body.clear();
  client().get_object(key, ByteRange{10 * MiB - 3, 10 * MiB + 2}, collect_into(body));
  EXPECT_EQ(body, pattern(4, 10 * MiB - 3, 6));
  PatternCheck check{.seed = 4};
  client().get_object(key, std::nullopt, check.sink());
  EXPECT_EQ(check.received, 11 * MiB);
  EXPECT_EQ(check.mismatches, 0u);

  for (const MultipartUpload& upload : client().list_multipart_uploads("mp/")) {
    EXPECT_NE(upload.upload_id, upload_id) << "a completed upload is still listed";
  }
}

TEST_F(S3Store, AbandonedUploadsAreListedAndAborted) {
  const std::string first = client().create_multipart_upload("abandon/one");
  const std::string second = client().create_multipart_upload("abandon/two");
  PatternSource source{.seed = 5, .size = 1000};
  client().upload_part("abandon/one", first, 1, source.size, source.reader());
  client().create_multipart_upload("elsewhere/three");

  std::vector<std::string> listed;
  const std::int64_t now_ms = SystemClock().now_ms();
  for (const MultipartUpload& upload : client().list_multipart_uploads("abandon/")) {
    listed.push_back(upload.key + " " + upload.upload_id);
    EXPECT_GT(upload.initiated_ms, now_ms - 600'000);
  }
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, (std::vector<std::string>{"abandon/one " + first, "abandon/two " + second}));
  // The same, one upload per page: each page continues where the last ended.
  std::vector<std::string> paged;
  for (const MultipartUpload& upload : client().list_multipart_uploads("abandon/", 1)) {
    paged.push_back(upload.key + " " + upload.upload_id);
  }
  std::sort(paged.begin(), paged.end());
  EXPECT_EQ(paged, listed);

  client().abort_multipart_upload("abandon/one", first);
  client().abort_multipart_upload("abandon/two", second);
  EXPECT_TRUE(client().list_multipart_uploads("abandon/").empty());
  PatternSource late{.seed = 5, .size = 10};
  const Error gone = error_of([&] { client().upload_part("abandon/one", first, 2, late.size, late.reader()); });
  EXPECT_EQ(gone.status(), 404);
  EXPECT_EQ(gone.code(), "NoSuchUpload");
}

TEST_F(S3Store, ListsByPrefixAcrossPages) {
  std::vector<std::string> expected = {"list/0",     "list/1",        "list/a b+c", "list/deep/x",
                                       "list/x=y&z", "list/\xC3\xA9", "list/~tilde"};
  for (const std::string& key : expected) put_text(client(), key, key);
  for (const char* other : {"listing", "other/list/0"}) put_text(client(), other, "not under the prefix");
  std::sort(expected.begin(), expected.end());

  std::vector<std::string> keys;
  std::optional<std::string> token;
  int pages = 0;
  do {
    ListPage page = client().list_objects_v2("list/", token, 2);
    EXPECT_LE(page.objects.size(), 2u);
    for (const ObjectSummary& object : page.objects) {
      keys.push_back(object.key);
      EXPECT_EQ(object.size, object.key.size());
      EXPECT_FALSE(object.etag.empty());
      EXPECT_GT(object.last_modified_ms, 0);
    }
    token = page.next_continuation_token;
    ++pages;
  } while (token && pages < 20);
  EXPECT_EQ(keys, expected);
  EXPECT_EQ(pages, 4);

  std::vector<std::string> visited;
  client().for_each_object(
      "list/", [&](const ObjectSummary& object) { visited.push_back(object.key); }, 3);
  EXPECT_EQ(visited, expected);
}

TEST_F(S3Store, PresignedGetIsFetchableWithoutCredentialsAndNotOnceTampered) {
  const std::string text = "presigned body, 0123456789";
  put_text(client(), "presign/a.txt", text);
  put_text(client(), "presign/b.txt", "another object");
  const std::string url = client().presign_get("presign/a.txt", std::chrono::minutes(5));

  const Fetched whole = fetch(url);
  EXPECT_EQ(whole.status, 200);
  EXPECT_EQ(whole.body, text);
  const Fetched part = fetch(url, "0-3");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, "pres");

  std::string forged_signature = url;
  forged_signature.back() = forged_signature.back() == '0' ? '1' : '0';
  EXPECT_EQ(fetch(forged_signature).status, 403);
  std::string other_key = url;
  other_key.replace(other_key.find("/a.txt"), 6, "/b.txt");
  EXPECT_EQ(fetch(other_key).status, 403);
  std::string longer = url;
  longer.replace(longer.find("X-Amz-Expires=300"), 17, "X-Amz-Expires=900");
  EXPECT_EQ(fetch(longer).status, 403);
}

TEST_F(S3Store, PresignedGetCarriesContentDispositionAndTypeAndExpires) {
  put_text(client(), "presign/report", "report body");
  ResponseOverrides overrides;
  overrides.content_disposition = R"(attachment; filename="report 1.txt")";
  overrides.content_type = "text/csv";
  const std::string url = client().presign_get("presign/report", std::chrono::minutes(5), overrides);
  const Fetched fetched = fetch(url);
  EXPECT_EQ(fetched.status, 200);
  EXPECT_NE(fetched.headers.find(R"(Content-Disposition: attachment; filename="report 1.txt")"), std::string::npos)
      << fetched.headers;
  EXPECT_NE(fetched.headers.find("Content-Type: text/csv"), std::string::npos) << fetched.headers;
  // Naming another type than the one signed for breaks the signature.
  std::string retyped = url;
  retyped.replace(retyped.find("text%2Fcsv"), 10, "text%2Fxml");
  EXPECT_EQ(fetch(retyped).status, 403);

  // Signed an hour ago for a minute.
  const ManualClock past(SystemClock().now_ms() - 3'600'000);
  const Client earlier(ceph->config(), past);
  EXPECT_EQ(fetch(earlier.presign_get("presign/report", std::chrono::seconds(60))).status, 403);
}

TEST_F(S3Store, ErrorsCarryStatusAndCodeButNeverTheSecret) {
  Config wrong = ceph->config();
  wrong.secret_key = "not-the-secret-Kp3w";
  const Client impostor(wrong, ceph->clock);
  const Error refused = error_of([&] { impostor.list_objects_v2("list/"); });
  EXPECT_EQ(refused.status(), 403);
  EXPECT_EQ(refused.code(), "SignatureDoesNotMatch");
  EXPECT_EQ(std::string(refused.what()).find("not-the-secret"), std::string::npos) << refused.what();

  Config nowhere = ceph->config();
  nowhere.endpoint = "http://127.0.0.1:" + std::to_string(free_ports(1)[0]);
  const Client unreachable(nowhere, ceph->clock);
  const Error no_answer = error_of([&] { unreachable.head_object("x"); });
  EXPECT_EQ(no_answer.status(), 0);
  EXPECT_EQ(no_answer.code(), "");
  EXPECT_EQ(std::string(no_answer.what()).find(secret_key), std::string::npos) << no_answer.what();
}

TEST_F(S3Store, AFailingReaderAbortsThePutAndLeavesNothing) {
  std::uint64_t produced = 0;
  const Reader failing = [&](std::span<std::byte> buffer) -> std::size_t {
    if (produced >= MiB) throw std::logic_error("the source broke");
    std::fill(buffer.begin(), buffer.end(), std::byte{'x'});
    produced += buffer.size();
    return buffer.size();
  };
  EXPECT_THROW(client().put_object("broken/put", 4 * MiB, failing), std::logic_error);
  EXPECT_EQ(error_of([&] { client().head_object("broken/put"); }).status(), 404);

  // A reader that ends before the declared size is a failure too, never a short object.
  PatternSource short_source{.seed = 6, .size = 100};
  EXPECT_THROW(client().put_object("broken/short", 200, short_source.reader()), std::runtime_error);
  EXPECT_EQ(error_of([&] { client().head_object("broken/short"); }).status(), 404);
}

}  // namespace
