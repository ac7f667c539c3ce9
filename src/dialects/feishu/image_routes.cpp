// IM images: upload (POST /im/v1/images, multipart image_type + image) and download of the app's own message images
// (GET /im/v1/images/:image_key). Formats, size and resolution limits are the documented ones; images users sent
// are fetched through message resources instead.
#include "core/image_probe.hpp"
#include "core/mime_types.hpp"
#include "dialects/feishu/feishu_dialect.hpp"
#include "http/blob_response.hpp"
#include "http/blocking_work.hpp"
#include "http/form_upload.hpp"

namespace filegate::dialects::feishu {
namespace {

const std::vector<core::Quota> kImageQuotas = {{50, 1'000}, {1000, 60'000}};
constexpr std::uint64_t kMaxImageBytes = 10ull * 1024 * 1024;

// The documented resolution limits: GIF 2000×2000, avatars 4096×4096, anything else 12000×12000.
bool within_resolution(const core::ImageInfo& info, std::string_view image_type) {
  const std::uint32_t limit = info.format == "gif" ? 2000 : image_type == "avatar" ? 4096 : 12000;
  return info.width <= limit && info.height <= limit;
}

// Checked on the published bytes, before any record names them: a refused image leaves only an unreferenced blob,
// which garbage collection removes.
void check_image(const std::optional<core::ImageInfo>& info, std::string_view image_type) {
  if (!info) throw http::Refusal(errors::im_image_format);
  if (!within_resolution(*info, image_type)) throw http::Refusal(errors::im_image_resolution);
}

http::Exchange::StringResponse uploaded(const ImImage& image) { return success({{"image_key", image.image_key}}); }

}  // namespace

http::awaitable<void> FeishuDialect::upload_image(http::Exchange& exchange) {
  const App app = admit(exchange, kImageQuotas);
  http::FormLimits limits;
  limits.file_field = "image";
  limits.max_file_bytes = kMaxImageBytes;
  auto parsed = co_await http::read_valid_form_upload(exchange, services_.store, limits);
  if (!parsed) throw http::Refusal(errors::im_invalid_param);
  http::FormUpload& form = *parsed;
  const std::string image_type = form.fields["image_type"];
  if ((image_type != "message" && image_type != "avatar") || (!form.file && !form.file_too_large)) {
    throw http::Refusal(errors::im_invalid_param);
  }
  if (form.file_too_large) throw http::Refusal(errors::im_file_too_large);
  if (form.file_size == 0) throw http::Refusal(errors::im_empty_file);
  const std::string name = form.file_name.value_or("image");
  const ImImage image = co_await http::run_blocking([&] {
    return model_.commit_image(*form.file, app.app_id, image_type, name, {},
                               [&](const std::optional<core::ImageInfo>& info) { check_image(info, image_type); });
  });
  http::Exchange::StringResponse response = uploaded(image);
  co_await exchange.respond(std::move(response));
}

http::awaitable<void> FeishuDialect::download_image(http::Exchange& exchange) {
  const App app = admit(exchange, kImageQuotas);
  const auto image = model_.image(exchange.param("image_key"));
  if (!image) throw http::Refusal(errors::im_file_not_found);
  // Only images the app uploaded to send in messages: not avatars, not other apps' or users' images.
  if (image->owner != app.app_id || image->image_type != "message") throw http::Refusal(errors::im_not_sender);
  const auto object = services_.store.metadata().object(image->object_id);
  if (!object) throw http::Refusal(errors::im_file_not_found);
  http::BlobResponseOptions options;
  options.content_type = image->format.empty() ? "application/octet-stream" : "image/" + image->format;
  options.range_refusal = &errors::im_range_not_satisfiable;
  const core::BlobReader blob = co_await http::open_blob(services_.store, *object);
  co_await http::send_blob(exchange, blob, options);
}

}  // namespace filegate::dialects::feishu
