#include "core/local_stage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "core/direct_io.hpp"
#include "core/errno_error.hpp"

namespace filegate::core {
namespace fs = std::filesystem;
namespace {

void fsync_path(const fs::path& path, int flags) {
  UniqueFd fd(::open(path.c_str(), flags | O_CLOEXEC));
  if (!fd) throw_errno("open " + path.string());
  if (::fsync(fd.get()) != 0) throw_errno("fsync " + path.string());
}

// The pipeline's full buffers are what the file can take without the page cache.
static_assert(IngestPipeline::kBufferAlignment % kDirectIoAlignment == 0 &&
              IngestPipeline::kBufferSize % kDirectIoAlignment == 0);

}  // namespace

LocalStagedBlob::LocalStagedBlob(fs::path path, bool with_md5, std::unique_ptr<StageFollower> follower)
    : file_(std::move(path)),
      follower_(std::move(follower)),
      pipeline_(with_md5, [this](std::span<const std::byte> bytes) {
        file_.append(bytes);
        if (follower_) follower_->written(file_.path(), file_.size());
      }) {}

LocalStagedBlob::~LocalStagedBlob() {
  if (!published_) ::unlink(file_.path().c_str());
}

std::span<std::byte> LocalStagedBlob::next_buffer() {
  if (sealed_) throw std::logic_error("write after seal");
  return pipeline_.next_buffer();
}

void LocalStagedBlob::commit(std::size_t n) { pipeline_.commit(n); }

void LocalStagedBlob::write(std::span<const std::byte> data) {
  if (sealed_) throw std::logic_error("write after seal");
  pipeline_.write(data);
}

const Digests& LocalStagedBlob::seal() {
  if (!sealed_) {
    digests_ = pipeline_.finish();
    file_.sync_and_close();
    sealed_ = true;
  }
  return digests_;
}

void fsync_directory(const fs::path& dir) { fsync_path(dir, O_RDONLY | O_DIRECTORY); }

void create_durable_directories(const fs::path& dir) {
  if (fs::exists(dir)) return;
  create_durable_directories(dir.parent_path());
  fs::create_directory(dir);
  fsync_directory(dir.parent_path());
}

void check_part_name(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 128 && name != "." && name != "..";
  for (char c : name) {
    ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
                c == '-');
  }
  if (!ok) throw std::invalid_argument("not a valid upload part name");
}

bool is_sha256_hex(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

BlobReader open_for_reading(const fs::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd) throw_errno("open " + path.string());
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("stat " + path.string());
  // A directory opens read-only too, and would then be sent as if it were bytes.
  if (!S_ISREG(st.st_mode)) throw std::runtime_error(path.string() + " is not a regular file");
  return BlobReader{SharedFd(std::move(fd)), static_cast<std::uint64_t>(st.st_size)};
}

}  // namespace filegate::core
