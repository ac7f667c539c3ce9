// Feishu Drive's JSON request bodies: upload_prepare and upload_finish, then the pieces of an upload target that need
// no stored state (the file name, parent_type, and `extra` as the Bitable check reads it).
#include <cstddef>
#include <cstdint>
#include <string>

#include "check.hpp"
#include "dialects/feishu/drive_bodies.hpp"
#include "dialects/feishu/drive_rules.hpp"
#include "refused.hpp"

namespace feishu = filegate::dialects::feishu;
using filegate::fuzz::accepted;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);

  accepted([&] {
    std::uint64_t declared = 0;
    const feishu::UploadTarget target = feishu::parse_upload_prepare(body, declared);
    FUZZ_CHECK(declared <= static_cast<std::uint64_t>(INT64_MAX));
    static_cast<void>(feishu::is_valid_file_name(target.file_name));
    static_cast<void>(feishu::is_parent_type(target.parent_type));
    static_cast<void>(feishu::is_bitable_extra(target.extra));
  });
  accepted([&] {
    std::uint64_t block_num = 0;
    const std::string upload_id = feishu::parse_upload_finish(body, block_num);
    FUZZ_CHECK(!upload_id.empty() && block_num <= static_cast<std::uint64_t>(INT64_MAX));
  });
  // `extra` arrives as text (a query value or a form field) and is parsed as JSON itself.
  static_cast<void>(feishu::is_bitable_extra(body));
  static_cast<void>(feishu::is_valid_file_name(body));
  return 0;
}
