// Uploads store their bytes off the event loop: a real server on one event-loop thread, real requests, and a blob
// store that notes the thread of every publish and kept part (the disk-bound step: stage fsync, rename, directory
// fsync, then the SQLite commit in the same call). None may be the loop's thread.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "core/random_ids.hpp"
#include "core/rate_limiter.hpp"
#include "core/store.hpp"
#include "core/token_service.hpp"
#include "core/url_signer.hpp"
#include "dialects/coze/model.hpp"
#include "dialects/dialect.hpp"
#include "dialects/feishu/drive_model.hpp"
#include "dialects/feishu/model.hpp"
#include "http/server.hpp"

namespace filegate {
namespace {

namespace fs = std::filesystem;
using namespace http;

// The local blob store, noting which thread publishes blobs and keeps parts.
class ThreadNotingBlobStore final : public core::BlobStore {
 public:
  explicit ThreadNotingBlobStore(std::unique_ptr<core::BlobStore> inner) : inner_(std::move(inner)) {}

  std::unique_ptr<core::StagedBlob> stage(bool with_md5) override { return inner_->stage(with_md5); }
  void publish(core::StagedBlob& blob) override {
    note();
    inner_->publish(blob);
  }
  core::BlobReader open(std::string_view sha256_hex) const override { return inner_->open(sha256_hex); }
  std::size_t remove_orphaned_stages() override { return inner_->remove_orphaned_stages(); }
  void keep_part(core::StagedBlob& blob, std::string_view upload, std::string_view part) override {
    note();
    inner_->keep_part(blob, upload, part);
  }
  void append_part(std::string_view upload, std::string_view part, std::uint64_t expected_size,
                   core::StagedBlob& into) const override {
    inner_->append_part(upload, part, expected_size, into);
  }
  void remove_parts(std::string_view upload) override { inner_->remove_parts(upload); }
  void list_blobs(const std::function<void(const StoredItem&)>& visit) const override { inner_->list_blobs(visit); }
  void list_part_uploads(const std::function<void(const StoredItem&)>& visit) const override {
    inner_->list_part_uploads(visit);
  }
  bool remove_blob_idle_since(std::string_view sha256_hex, std::int64_t cutoff_ms) override {
    return inner_->remove_blob_idle_since(sha256_hex, cutoff_ms);
  }
  bool quarantine_blob(std::string_view sha256_hex) override { return inner_->quarantine_blob(sha256_hex); }

  std::vector<std::thread::id> threads() const {
    std::lock_guard lock(mutex_);
    return threads_;
  }

 private:
  void note() {
    std::lock_guard lock(mutex_);
    threads_.push_back(std::this_thread::get_id());
  }

  std::unique_ptr<core::BlobStore> inner_;
  mutable std::mutex mutex_;
  std::vector<std::thread::id> threads_;
};

struct Reply {
  unsigned status = 0;
  boost::json::object body;
};

const std::string kBoundary = "----filegate-test-boundary";

std::string form(const std::vector<std::pair<std::string, std::string>>& fields, const std::string& file_bytes) {
  std::string body;
  for (const auto& [name, value] : fields) {
    body += "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
  }
  body += "--" + kBoundary +
          "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
          "Content-Type: application/octet-stream\r\n\r\n" +
          file_bytes + "\r\n--" + kBoundary + "--\r\n";
  return body;
}

class UploadOffLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("filegate-off-loop-test-" + core::random_hex(6));
    fs::create_directories(dir_);
    auto blobs = std::make_unique<ThreadNotingBlobStore>(core::make_local_blob_store(dir_));
    blobs_ = blobs.get();
    store_ =
        std::make_unique<core::Store>(std::move(blobs), core::open_sqlite_metadata(dir_ / "metadata.sqlite3"), clock_);
    tokens_ = std::make_unique<core::TokenService>(store_->metadata(), clock_);
    signer_ = std::make_unique<core::UrlSigner>(core::UrlSigner::load_or_create_secret(store_->metadata()), clock_);
    rate_limiter_ = std::make_unique<core::RateLimiter>(clock_);
    server_ = std::make_unique<Server>(std::vector<asio::io_context*>{&loop_}, router_, ServerLimits{}, AccessLog{});
    port_ = server_->listen("127.0.0.1", 0).port();
    services_ = std::make_unique<dialects::Services>(dialects::Services{*store_,
                                                                        *tokens_,
                                                                        *signer_,
                                                                        *rate_limiter_,
                                                                        clock_,
                                                                        false,
                                                                        "",
                                                                        "http://127.0.0.1:" + std::to_string(port_),
                                                                        {}});
    for (const auto& entry : dialects::registered_dialects()) dialects_.push_back(entry.make(*services_));
    for (auto& dialect : dialects_) {
      dialect->register_routes(router_);
      dialect->dev_credentials();  // the default accounts
    }
    server_->start();
    loop_thread_ = std::thread([this] {
      const auto keep_running = asio::make_work_guard(loop_);
      loop_.run();
    });
  }

  void TearDown() override {
    asio::post(loop_, [this] {
      server_->stop();
      loop_.stop();
    });
    loop_thread_.join();
    server_.reset();
    dialects_.clear();
    store_.reset();
    fs::remove_all(dir_);
  }

  Reply post(const std::string& target, const std::string& content_type, const std::string& body,
             const std::string& bearer = "") {
    asio::io_context io;
    tcp::socket socket(io);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    bhttp::request<bhttp::string_body> request{bhttp::verb::post, target, 11};
    request.set(bhttp::field::host, "127.0.0.1");
    request.set(bhttp::field::content_type, content_type);
    if (!bearer.empty()) request.set(bhttp::field::authorization, "Bearer " + bearer);
    request.body() = body;
    request.prepare_payload();
    bhttp::write(socket, request);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> response;
    bhttp::read(socket, buffer, response);
    Reply reply;
    reply.status = response.result_int();
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(response.body(), ec);
    if (!ec && parsed.is_object()) reply.body = parsed.as_object();
    return reply;
  }
  Reply post_form(const std::string& target, const std::string& body, const std::string& bearer) {
    return post(target, "multipart/form-data; boundary=" + kBoundary, body, bearer);
  }

  std::string feishu_token(const dialects::feishu::App& app) {
    const Reply reply =
        post("/open-apis/auth/v3/tenant_access_token/internal", "application/json",
             boost::json::serialize(boost::json::object{{"app_id", app.app_id}, {"app_secret", app.app_secret}}));
    EXPECT_EQ(reply.status, 200u);
    const boost::json::value* token = reply.body.if_contains("tenant_access_token");
    return token && token->is_string() ? std::string(token->as_string()) : std::string();
  }

  // Every disk-bound step so far ran on a thread other than the loop's, and there were `expected` of them.
  void expect_off_the_loop(std::size_t expected) {
    const auto threads = blobs_->threads();
    EXPECT_EQ(threads.size(), expected);
    for (const std::thread::id id : threads) EXPECT_NE(id, loop_thread_.get_id()) << "stored on the event loop";
  }

  core::ManualClock clock_;
  fs::path dir_;
  ThreadNotingBlobStore* blobs_ = nullptr;
  std::unique_ptr<core::Store> store_;
  std::unique_ptr<core::TokenService> tokens_;
  std::unique_ptr<core::UrlSigner> signer_;
  std::unique_ptr<core::RateLimiter> rate_limiter_;
  asio::io_context loop_{1};
  Router router_;
  std::unique_ptr<Server> server_;
  unsigned short port_ = 0;
  std::unique_ptr<dialects::Services> services_;
  std::vector<std::unique_ptr<dialects::Dialect>> dialects_;
  std::thread loop_thread_;
};

TEST_F(UploadOffLoopTest, CozeUpload) {
  const auto pat = dialects::coze::Model(*store_).default_pat();
  const Reply reply = post_form("/v1/files/upload", form({}, "hello coze"), pat.token);
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body.at("code").as_int64(), 0);
  expect_off_the_loop(1);
}

TEST_F(UploadOffLoopTest, FeishuImUpload) {
  const auto app = dialects::feishu::Model(*store_).default_app();
  const std::string token = feishu_token(app);
  const Reply reply =
      post_form("/open-apis/im/v1/files", form({{"file_type", "stream"}, {"file_name", "a.bin"}}, "hello im"), token);
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body.at("code").as_int64(), 0);
  expect_off_the_loop(1);
}

TEST_F(UploadOffLoopTest, FeishuDriveUploadAllAndInBlocks) {
  const auto app = dialects::feishu::Model(*store_).default_app();
  const std::string token = feishu_token(app);
  const auto doc = dialects::feishu::DriveModel(*store_).create_document(app.app_id, "docx", false);
  const std::string bytes = "hello drive";
  const std::string size = std::to_string(bytes.size());
  Reply reply = post_form("/open-apis/drive/v1/medias/upload_all",
                          form({{"file_name", "a.bin"},
                                {"parent_type", "docx_file"},
                                {"parent_node", doc.token},
                                {"size", size},
                                {"checksum", std::to_string(core::adler32(core::as_bytes(bytes)))}},
                               bytes),
                          token);
  EXPECT_EQ(reply.status, 200u);
  EXPECT_EQ(reply.body.at("code").as_int64(), 0);
  expect_off_the_loop(1);

  reply = post(
      "/open-apis/drive/v1/medias/upload_prepare", "application/json",
      boost::json::serialize(boost::json::object{
          {"file_name", "b.bin"}, {"parent_type", "docx_file"}, {"parent_node", doc.token}, {"size", bytes.size()}}),
      token);
  ASSERT_EQ(reply.body.at("code").as_int64(), 0);
  const std::string upload_id(reply.body.at("data").at("upload_id").as_string());
  reply = post_form("/open-apis/drive/v1/medias/upload_part",
                    form({{"upload_id", upload_id}, {"seq", "0"}, {"size", size}}, bytes), token);
  EXPECT_EQ(reply.body.at("code").as_int64(), 0);
  expect_off_the_loop(2);
  reply = post("/open-apis/drive/v1/medias/upload_finish", "application/json",
               boost::json::serialize(boost::json::object{{"upload_id", upload_id}, {"block_num", 1}}), token);
  EXPECT_EQ(reply.body.at("code").as_int64(), 0);
  expect_off_the_loop(3);
}

}  // namespace
}  // namespace filegate
