// Tar reading and writing is libarchive's (Debian's libarchive-dev): an archive posted to the import API is untrusted
// input, and a maintained parser of tar's variants (ustar, pax, GNU long names) is safer than a hand-written one. Entry
// names are never used as paths: metadata goes to a scratch file, blobs into the store by their checked SHA-256.
#include "control/state_archive.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <set>
#include <vector>

#include "control/store_state.hpp"
#include "core/random_ids.hpp"
#include "core/text.hpp"
#include "core/unique_fd.hpp"

namespace filegate::control {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kChunk = 1 << 20;
constexpr std::string_view kMetadataEntry = "metadata.sqlite3";
constexpr std::string_view kBlobPrefix = "blobs/";

using WriteArchive = std::unique_ptr<archive, decltype(&archive_write_free)>;
using ReadArchive = std::unique_ptr<archive, decltype(&archive_read_free)>;
using Entry = std::unique_ptr<archive_entry, decltype(&archive_entry_free)>;

// A metadata copy in the scratch dir, removed (with SQLite's side files) however the work ends.
class ScratchDatabase {
 public:
  ScratchDatabase(const fs::path& dir, std::string_view purpose)
      : path_((fs::create_directories(dir), dir / (std::string(purpose) + "-" + core::random_hex(8) + ".sqlite3"))) {}
  ~ScratchDatabase() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_.string() + suffix, ignored);
  }
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void check_write(archive* a, int rc, std::string_view what) {
  if (rc < ARCHIVE_WARN) throw std::runtime_error(std::string(what) + ": " + archive_error_string(a));
}

void add_file(archive* a, const std::string& name, int fd, std::uint64_t size) {
  const Entry entry(archive_entry_new(), &archive_entry_free);
  archive_entry_set_pathname(entry.get(), name.c_str());
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(size));
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), 0644);
  check_write(a, archive_write_header(a, entry.get()), "tar header");
  std::vector<char> buffer(kChunk);
  for (std::uint64_t offset = 0; offset < size;) {
    const ssize_t n =
        ::pread(fd, buffer.data(), std::min<std::uint64_t>(kChunk, size - offset), static_cast<off_t>(offset));
    if (n <= 0) throw std::runtime_error("short read of " + name + " while archiving");
    if (archive_write_data(a, buffer.data(), static_cast<std::size_t>(n)) != n) {
      throw std::runtime_error("writing the archive: " + std::string(archive_error_string(a)));
    }
    offset += static_cast<std::uint64_t>(n);
  }
}

// libarchive reads the posted archive through this, by pread: the descriptor may be shared with downloads.
struct PreadSource {
  int fd;
  std::uint64_t offset = 0;
  std::vector<char> buffer = std::vector<char>(kChunk);
};

la_ssize_t pread_block(archive* a, void* data, const void** block) {
  auto* source = static_cast<PreadSource*>(data);
  const ssize_t n =
      ::pread(source->fd, source->buffer.data(), source->buffer.size(), static_cast<off_t>(source->offset));
  if (n < 0) {
    archive_set_error(a, errno, "cannot read the archive");
    return -1;
  }
  source->offset += static_cast<std::uint64_t>(n);
  *block = source->buffer.data();
  return n;
}

void check_read(archive* a, int rc) {
  if (rc < ARCHIVE_WARN) throw ArchiveError(std::string("not a readable tar archive: ") + archive_error_string(a));
}

// Hands the current entry's bytes to `sink` a chunk at a time.
template <typename Sink>
void read_entry(archive* a, Sink sink) {
  std::vector<char> buffer(kChunk);
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buffer.data(), buffer.size());
    if (n == 0) return;
    if (n < 0) throw ArchiveError(std::string("the archive is damaged: ") + archive_error_string(a));
    sink(std::span<const char>(buffer.data(), static_cast<std::size_t>(n)));
  }
}

// An entry name from the user, fit to quote in a message.
std::string quoted(std::string_view name) {
  std::string out;
  for (char c : name.substr(0, 120)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  return "\"" + out + "\"";
}

}  // namespace

void write_state_archive(core::Store& store, const fs::path& archive_file, const fs::path& scratch_dir) {
  const ScratchDatabase metadata(scratch_dir, "export");
  store.metadata().save_copy(metadata.path());

  const WriteArchive a(archive_write_new(), &archive_write_free);
  check_write(a.get(), archive_write_set_format_pax_restricted(a.get()), "tar format");
  check_write(a.get(), archive_write_open_filename(a.get(), archive_file.c_str()), "opening the archive");
  {
    const core::UniqueFd fd(::open(metadata.path().c_str(), O_RDONLY | O_CLOEXEC));
    struct stat st {};
    if (!fd || ::fstat(fd.get(), &st) != 0) throw std::runtime_error("cannot read the metadata copy");
    add_file(a.get(), std::string(kMetadataEntry), fd.get(), static_cast<std::uint64_t>(st.st_size));
  }
  // The blobs of the copy's objects, not the live store's: the archive agrees with its own metadata.
  const auto copy = core::open_sqlite_metadata(metadata.path());
  std::set<std::string> archived;
  for (auto it = copy->scan_objects(); it.valid(); it.next()) {
    const std::string& sha256 = it.value().digests.sha256_hex;
    if (!archived.insert(sha256).second) continue;
    const core::BlobReader blob = store.blobs().open(sha256);
    add_file(a.get(), std::string(kBlobPrefix) + sha256, blob.fd.get(), blob.size);
  }
  check_write(a.get(), archive_write_close(a.get()), "closing the archive");
}

void read_state_archive(dialects::Services& services, int archive_fd, const fs::path& scratch_dir) {
  const ScratchDatabase metadata(scratch_dir, "import");
  const ReadArchive a(archive_read_new(), &archive_read_free);
  archive_read_support_format_tar(a.get());
  PreadSource source{archive_fd};
  check_read(a.get(), archive_read_open(a.get(), &source, nullptr, pread_block, nullptr));

  bool has_metadata = false;
  std::set<std::string, std::less<>> blobs;
  for (;;) {
    archive_entry* entry = nullptr;
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    check_read(a.get(), rc);
    if (archive_entry_filetype(entry) == AE_IFDIR) continue;  // tar tools add entries for directories
    const char* raw_name = archive_entry_pathname(entry);
    const std::string_view name = raw_name ? raw_name : "";
    if (name == kMetadataEntry) {
      std::ofstream out(metadata.path(), std::ios::binary | std::ios::trunc);
      read_entry(a.get(), [&](std::span<const char> bytes) {
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      });
      out.close();
      if (!out) throw std::runtime_error("cannot write the imported metadata");
      has_metadata = true;
    } else if (name.starts_with(kBlobPrefix) && name.size() == kBlobPrefix.size() + 64 &&
               core::text::from_hex(name.substr(kBlobPrefix.size()))) {
      const std::string_view sha256 = name.substr(kBlobPrefix.size());
      auto staged = services.store.stage();
      read_entry(a.get(), [&](std::span<const char> bytes) { staged->write(std::as_bytes(bytes)); });
      if (staged->seal().sha256_hex != sha256) throw ArchiveError(quoted(name) + ": its bytes do not match its name");
      services.store.blobs().publish(*staged);
      blobs.emplace(sha256);
    } else {
      throw ArchiveError("unexpected entry " + quoted(name) + ": an export holds metadata.sqlite3 and blobs/<sha256>");
    }
  }
  if (!has_metadata) throw ArchiveError("the archive has no metadata.sqlite3");
  {
    std::unique_ptr<core::MetadataStore> copy;
    try {
      copy = core::open_sqlite_metadata(metadata.path());  // migrates a copy from an older filegate
    } catch (const std::exception&) {
      throw ArchiveError("metadata.sqlite3 is not a filegate metadata database");
    }
    for (auto it = copy->scan_objects(); it.valid(); it.next()) {
      if (!blobs.contains(it.value().digests.sha256_hex)) {
        throw ArchiveError("object " + it.value().id + " refers to a blob the archive does not hold");
      }
    }
  }
  restore_state(services, metadata.path());
}

}  // namespace filegate::control
