// The SMH tree over the metadata store: listing a directory is one prefix scan that never picks up a sibling whose
// name merely starts the same way, deletes take whole subtrees and nothing else, and overwrites add versions.
#include <gtest/gtest.h>

#include "core/digests.hpp"
#include "dialects/smh/model.hpp"
#include "http/refusal.hpp"
#include "smh_model_fixture.hpp"

using namespace filegate::dialects::smh;

namespace {

class SmhModelTest : public filegate::test_support::SmhModelFixture {
 protected:
  std::vector<std::string> names(const std::vector<std::string>& dir) {
    std::vector<std::string> out;
    for (const auto& n : model_->children(scope_, dir, "", 100)) out.push_back(n.path.back());
    return out;
  }
};

}  // namespace

TEST_F(SmhModelTest, ListingIsExactlyTheDirectChildren) {
  model_->create_directory(scope_, {"a", "b"}, false);
  model_->create_directory(scope_, {"ab"}, false);
  model_->create_directory(scope_, {"a b"}, false);
  put_file({"a", "b", "x.txt"}, "x", "rename");
  put_file({"a", "y.txt"}, "y", "rename");
  EXPECT_EQ(names({}), (std::vector<std::string>{"a", "a b", "ab"}));
  EXPECT_EQ(names({"a"}), (std::vector<std::string>{"b", "y.txt"}));
  EXPECT_EQ(names({"a", "b"}), (std::vector<std::string>{"x.txt"}));
  const auto counts = model_->count_children(scope_, {"a"});
  EXPECT_EQ(counts.dirs, 1u);
  EXPECT_EQ(counts.files, 1u);
  // Paging continues strictly after the marker.
  const auto after = model_->children(scope_, {}, "a", 100);
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].path.back(), "a b");
}

// Regression: a directory with a non-ASCII name listed nothing, because the store compared key prefixes by
// characters while their length was counted in bytes.
TEST_F(SmhModelTest, ADirectoryWithANonAsciiNameListsItsFiles) {
  model_->create_directory(scope_, {"d", "子目录"}, false);
  model_->create_directory(scope_, {"d", "子目录x"}, false);
  put_file({"d", "子目录", "f.bin"}, "f", "rename");
  put_file({"d", "子目录", "文件 2.txt"}, "2", "rename");
  put_file({"d", "子目录x", "other.bin"}, "o", "rename");
  EXPECT_EQ(names({"d", "子目录"}), (std::vector<std::string>{"f.bin", "文件 2.txt"}));
  EXPECT_EQ(names({"d"}), (std::vector<std::string>{"子目录", "子目录x"}));
  EXPECT_EQ(model_->count_children(scope_, {"d", "子目录"}).files, 2u);
  // Deleting it takes its files, not its sibling's.
  model_->remove(scope_, {"d", "子目录"}, true);
  EXPECT_EQ(names({"d", "子目录x"}), (std::vector<std::string>{"other.bin"}));
  EXPECT_FALSE(model_->node(scope_, {"d", "子目录", "f.bin"}).has_value());
}

TEST_F(SmhModelTest, DeletingADirectoryTakesItsSubtreeAndNothingElse) {
  model_->create_directory(scope_, {"a", "b", "c"}, false);
  model_->create_directory(scope_, {"ab", "keep"}, false);
  put_file({"a", "b", "c", "deep.txt"}, "deep", "rename");
  put_file({"ab", "keep", "k.txt"}, "k", "rename");
  EXPECT_TRUE(model_->remove(scope_, {"a"}, false).has_value());
  EXPECT_FALSE(model_->node(scope_, {"a"}));
  EXPECT_FALSE(model_->node(scope_, {"a", "b", "c", "deep.txt"}));
  EXPECT_TRUE(model_->node(scope_, {"ab", "keep", "k.txt"}));
  EXPECT_EQ(names({}), (std::vector<std::string>{"ab"}));
  EXPECT_FALSE(model_->remove(scope_, {"ab"}, true).has_value());  // permanent: no recycle-bin item
  EXPECT_TRUE(names({}).empty());
}

TEST_F(SmhModelTest, OverwriteAddsAVersionRenameFindsAFreeNameAskRefuses) {
  const Confirmed first = put_file({"r.txt"}, "one", "rename");
  EXPECT_FALSE(first.overwritten);
  const Confirmed second = put_file({"r.txt"}, "two!", "overwrite");
  EXPECT_TRUE(second.overwritten);
  EXPECT_EQ(second.node.file_uid, first.node.file_uid);
  EXPECT_EQ(second.node.current.version, 2);
  const auto history = model_->history(scope_, second.node.file_uid);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].size, 3u);
  EXPECT_EQ(history[1].size, 4u);
  EXPECT_EQ(model_->version(scope_, first.node.file_uid, first.node.current.id)->object_id,
            first.node.current.object_id);
  EXPECT_EQ(put_file({"r.txt"}, "three", "rename").node.path.back(), "r (1).txt");
  EXPECT_THROW(put_file({"r.txt"}, "four", "ask"), filegate::http::Refusal);
}

TEST_F(SmhModelTest, AFileInTheWayOfADirectoryIsAConflict) {
  put_file({"f"}, "file", "rename");
  EXPECT_THROW(model_->create_directory(scope_, {"f", "sub"}, true), filegate::http::Refusal);
  EXPECT_THROW(model_->create_directory(scope_, {"f"}, true), filegate::http::Refusal);
  model_->create_directory(scope_, {"d"}, false);
  EXPECT_EQ(model_->create_directory(scope_, {"d"}, true).path, (std::vector<std::string>{"d (1)"}));
}

// A refusal's catalog code, or "" when `f` does not refuse.
template <typename F>
std::string refusal_code(F&& f) {
  try {
    f();
  } catch (const filegate::http::Refusal& refusal) {
    return std::string(refusal.entry().code);
  }
  return "";
}

TEST_F(SmhModelTest, MovingADirectoryRekeysItsWholeSubtreeAndFilesKeepTheirHistory) {
  model_->create_directory(scope_, {"a", "b"}, false);
  model_->create_directory(scope_, {"ab"}, false);
  put_file({"a", "b", "f.txt"}, "one", "rename");
  const Confirmed second = put_file({"a", "b", "f.txt"}, "two", "overwrite");
  put_file({"ab", "keep.txt"}, "k", "rename");

  EXPECT_EQ(model_->move_directory(scope_, {"a"}, {"x", "y"}, false), (std::vector<std::string>{"x", "y"}));
  EXPECT_FALSE(model_->node(scope_, {"a"}).has_value());
  EXPECT_FALSE(model_->node(scope_, {"a", "b", "f.txt"}).has_value());
  EXPECT_EQ(names({}), (std::vector<std::string>{"ab", "x"}));
  const auto moved = model_->node(scope_, {"x", "y", "b", "f.txt"});
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->file_uid, second.node.file_uid);
  EXPECT_EQ(model_->history(scope_, moved->file_uid).size(), 2u);
  EXPECT_EQ(names({"ab"}), (std::vector<std::string>{"keep.txt"}));

  EXPECT_EQ(refusal_code([&] {
              model_->move_directory(scope_, {"x"}, {"x", "y", "in"}, false);
            }),
            "InvalidSourceDirectory");
  EXPECT_EQ(refusal_code([&] { model_->move_directory(scope_, {"ab"}, {"x"}, false); }),
            "SameNameDirectoryOrFileExists");
  EXPECT_EQ(model_->move_directory(scope_, {"ab"}, {"x"}, true), (std::vector<std::string>{"x (1)"}));
  EXPECT_EQ(refusal_code([&] { model_->move_directory(scope_, {"gone"}, {"z"}, false); }), "SourceDirectoryNotFound");
}

TEST_F(SmhModelTest, ACopySharesTheStoredObjectAndIsAFileOfItsOwn) {
  model_->create_directory(scope_, {"src", "sub"}, false);
  const Confirmed original = put_file({"src", "sub", "f.txt"}, "bytes", "rename");
  EXPECT_EQ(model_->copy_file(scope_, {"src", "sub", "f.txt"}, {"g.txt"}, "rename", "u"),
            (std::vector<std::string>{"g.txt"}));
  const auto copy = model_->node(scope_, {"g.txt"});
  ASSERT_TRUE(copy.has_value());
  EXPECT_NE(copy->file_uid, original.node.file_uid);
  EXPECT_EQ(copy->current.object_id, original.node.current.object_id);
  EXPECT_NE(copy->current.id, original.node.current.id);
  EXPECT_EQ(model_->history(scope_, copy->file_uid).size(), 1u);

  // Overwrite adds the copy as the next version of the file in the way.
  put_file({"h.txt"}, "other", "rename");
  model_->copy_file(scope_, {"g.txt"}, {"h.txt"}, "overwrite", "u");
  const auto h = model_->node(scope_, {"h.txt"});
  EXPECT_EQ(h->current.version, 2);
  EXPECT_EQ(h->current.object_id, original.node.current.object_id);

  EXPECT_EQ(model_->copy_directory(scope_, {"src"}, {"dst"}, false, "u"), (std::vector<std::string>{"dst"}));
  const auto deep = model_->node(scope_, {"dst", "sub", "f.txt"});
  ASSERT_TRUE(deep.has_value());
  EXPECT_EQ(deep->current.object_id, original.node.current.object_id);
  model_->remove(scope_, {"src"}, true);
  EXPECT_TRUE(model_->version(scope_, deep->file_uid, deep->current.id).has_value());
  EXPECT_EQ(refusal_code([&] {
              model_->copy_file(scope_, {"src", "sub", "f.txt"}, {"z.txt"}, "rename", "u");
            }),
            "SourceFileNotFound");
}

TEST_F(SmhModelTest, MultipartJoinsPartsInNumberOrderAndRefusesGaps) {
  const std::string content = "first-second-third";
  const Upload u = model_->begin_upload(scope_, {"mp.bin"}, "rename", content.size(), {}, "", 3600'000, true);
  EXPECT_TRUE(u.multipart);
  EXPECT_FALSE(u.upload_id.empty());
  auto put = [&](std::uint64_t n, std::string_view bytes) {
    auto staged = store_->stage(true);
    staged->write(filegate::core::as_bytes(bytes));
    return model_->store_part(*staged, *model_->upload(u.confirm_key), n);
  };
  ASSERT_TRUE(put(3, "third"));
  ASSERT_TRUE(put(1, "wrong bytes"));
  const auto claim = model_->claim_join(u);
  EXPECT_THROW(model_->join_parts(claim, *model_->upload(u.confirm_key)), filegate::http::Refusal);  // part 2 missing
  ASSERT_TRUE(put(2, "second-"));
  ASSERT_TRUE(put(1, "first-"));  // re-sent: replaces the first copy
  const auto parts = model_->parts(*model_->upload(u.confirm_key));
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].size, 6u);

  const Upload joined = model_->join_parts(claim, *model_->upload(u.confirm_key));
  EXPECT_EQ(joined.size, content.size());
  EXPECT_EQ(joined.crc64, filegate::core::crc64_xz(filegate::core::as_bytes(content)));
  EXPECT_EQ(joined.etag.substr(joined.etag.size() - 3), "-3\"");
  EXPECT_FALSE(put(4, "late"));  // the parts session ended with the join
  const Confirmed file = model_->confirm(*model_->upload(u.confirm_key), "rename");
  EXPECT_EQ(file.node.current.size, content.size());
  EXPECT_FALSE(model_->upload(u.confirm_key));
}

TEST_F(SmhModelTest, CancellingAMultipartUploadDropsItsParts) {
  const Upload u = model_->begin_upload(scope_, {"c.bin"}, "rename", std::nullopt, {}, "", 3600'000, true);
  auto staged = store_->stage(true);
  staged->write(filegate::core::as_bytes("bytes"));
  ASSERT_TRUE(model_->store_part(*staged, u, 1));
  model_->cancel_upload(u.confirm_key);
  EXPECT_FALSE(model_->upload(u.confirm_key));
  auto again = store_->stage(true);
  again->write(filegate::core::as_bytes("more"));
  EXPECT_FALSE(model_->store_part(*again, u, 2));
}

// Records as earlier filegates wrote them by hand, sizes and CRC-64s as decimal strings, still load; new records store
// numbers as numbers (a CRC-64 above 2^63 included: it is a string only on the wire) and read back the same.
TEST_F(SmhModelTest, RecordsOfEarlierFilegatesStillLoadAndNewOnesRoundTrip) {
  namespace json = boost::json;
  const std::string lib = scope_.library_id;
  const std::string crc = "11051210869376104954";
  const json::object version{{"id", 7},         {"version", 2},      {"object_id", "obj1"}, {"name", "a.txt"},
                             {"size", "9"},     {"crc64", crc},      {"etag", "\"e\""},     {"content_type", "x/y"},
                             {"created_ms", 5}, {"creation_way", 1}, {"created_by", "u1"}};
  json::object meta{{"x-smh-meta-k", "v"}};
  store_->metadata().commit(
      filegate::core::WriteBatch()
          .put("smh.node", lib + "\n-\n\ndocs", {{"type", "dir"}, {"creation_ms", 3}, {"modification_ms", 4}})
          .put("smh.node", lib + "\n-\ndocs\na.txt",
               {{"type", "file"},
                {"creation_ms", 1},
                {"modification_ms", 2},
                {"file_uid", "f1"},
                {"current", version},
                {"meta", meta}})
          .put("smh.history", lib + "\n-\nf1\n000000000007", version)
          .put("smh.upload", "ck1",
               {{"library_id", lib},
                {"space_id", "-"},
                {"path", json::array{"docs", "a.txt"}},
                {"strategy", "overwrite"},
                {"meta", meta},
                {"user_id", "u1"},
                {"expires_ms", clock_.now_ms() + 60'000},
                {"object_id", "obj1"},
                {"size", "9"},
                {"crc64", crc},
                {"etag", "\"e\""},
                {"multipart", false},
                {"upload_id", ""},
                {"filesize", "9"}}));

  const auto dir = model_->node(scope_, {"docs"});
  ASSERT_TRUE(dir);
  EXPECT_TRUE(dir->is_dir);
  EXPECT_EQ(dir->modification_ms, 4);
  const auto file = model_->node(scope_, {"docs", "a.txt"});
  ASSERT_TRUE(file);
  EXPECT_FALSE(file->is_dir);
  EXPECT_EQ(file->file_uid, "f1");
  EXPECT_EQ(file->current.size, 9u);
  EXPECT_EQ(file->current.crc64, 11051210869376104954ull);
  EXPECT_EQ(file->current.creation_way, 1);
  EXPECT_EQ(file->meta, (Meta{{"x-smh-meta-k", "v"}}));
  const auto history = model_->history(scope_, "f1");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].id, 7);
  EXPECT_EQ(history[0].crc64, 11051210869376104954ull);
  const auto upload = model_->upload("ck1");
  ASSERT_TRUE(upload);
  EXPECT_EQ(upload->scope.library_id, lib);
  EXPECT_EQ(upload->path, (std::vector<std::string>{"docs", "a.txt"}));
  EXPECT_EQ(upload->filesize, std::optional<std::uint64_t>(9));
  EXPECT_EQ(upload->crc64, 11051210869376104954ull);
  EXPECT_EQ(model_->children(scope_, {"docs"}, "", 10).size(), 1u);

  // Written now: numbers as numbers, and read back as they were.
  const Confirmed written = put_file({"docs", "b.txt"}, "123456789", "ask");
  const auto stored = store_->metadata().record("smh.node", lib + "\n-\ndocs\nb.txt");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->at("type"), "file");
  EXPECT_EQ(stored->at("current").at("crc64").as_uint64(), 11051210869376104954ull);
  EXPECT_TRUE(stored->at("current").at("size").is_int64());
  EXPECT_FALSE(store_->metadata().record("smh.node", lib + "\n-\n\ndocs")->contains("current"));
  const auto read = model_->node(scope_, {"docs", "b.txt"});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->current.crc64, written.node.current.crc64);
  EXPECT_EQ(read->current.size, 9u);
  EXPECT_EQ(read->current.etag, written.node.current.etag);
  EXPECT_EQ(read->file_uid, written.node.file_uid);
  const Upload begun = model_->begin_upload(scope_, {"c.txt"}, "ask", 42, {{"x-smh-meta-q", "r"}}, "u2", 60'000);
  const auto begun_record = store_->metadata().record("smh.upload", begun.confirm_key);
  EXPECT_TRUE(begun_record->at("filesize").is_int64());
  const auto read_upload = model_->upload(begun.confirm_key);
  ASSERT_TRUE(read_upload);
  EXPECT_EQ(read_upload->filesize, std::optional<std::uint64_t>(42));
  EXPECT_EQ(read_upload->scope.space_id, "-");
  EXPECT_EQ(read_upload->meta, begun.meta);
  EXPECT_EQ(read_upload->user_id, "u2");
  const Library library = model_->create_library("lib", true);
  const auto read_library = model_->library(library.library_id);
  ASSERT_TRUE(read_library);
  EXPECT_EQ(read_library->library_secret, library.library_secret);
  EXPECT_TRUE(read_library->multi_space);
}

TEST_F(SmhModelTest, AnUploadWhoseConfirmKeyExpiredIsEndedAndItsBytesBecomeGarbage) {
  const Upload u = model_->begin_upload(scope_, {"never-confirmed.txt"}, "rename", std::nullopt, {}, "", 3600'000);
  auto staged = store_->stage(true);
  staged->write(filegate::core::as_bytes("bytes PUT but never confirmed"));
  const filegate::core::ObjectRecord object =
      model_->attach_bytes(*staged, *model_->upload(u.confirm_key), "text/plain");

  EXPECT_EQ(model_->end_abandoned_uploads(), 0U) << "its confirm key is still valid";
  clock_.advance_ms(3600'000);
  EXPECT_EQ(model_->end_abandoned_uploads(), 1U);
  EXPECT_EQ(model_->end_abandoned_uploads(), 0U);
  EXPECT_EQ(store_->metadata().erase_unreferenced_objects({object.id}).size(), 1U) << "nothing refers to its bytes";
}
