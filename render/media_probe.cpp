#include "render/media_probe.hpp"

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>
#include <cstdlib>
#include <memory>
#include <mutex>

namespace cutqueue::render {

namespace {

using clock = std::chrono::steady_clock;

std::string av_error(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof buf);
  return buf;
}

/// Display rotation in degrees: FFmpeg auto-rotates on decode, so a 90/270 rotation swaps the
/// size the filter graph will see.
int rotation_of(const AVStream* st) {
  if (auto* tag = av_dict_get(st->metadata, "rotate", nullptr, 0))
    return std::atoi(tag->value);
  size_t size = 0;
  const uint8_t* matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (matrix && size >= 9 * sizeof(int32_t)) {
    double r = av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
    if (!std::isnan(r))
      return static_cast<int>(std::lround(r));
  }
  return 0;
}

/// libavformat checks this between reads: a file that would make it read forever (a FIFO, a
/// pathological container) ends with an error instead of hanging the export.
int past_deadline(void* opaque) {
  return clock::now() > *static_cast<clock::time_point*>(opaque) ? 1 : 0;
}

struct context_closer {
  void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};

} // namespace

probe_outcome probe_media(const std::string& file, probe_info& out,
                          std::chrono::milliseconds limit) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
  out = probe_info{};
  probe_outcome res;
  auto deadline = clock::now() + limit;
  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) {
    res.error = "out of memory";
    return res;
  }
  raw->interrupt_callback = {past_deadline, &deadline};
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "protocol_whitelist", "file", 0);
  // "file:" keeps a name with a colon from being read as another protocol.
  int rc = avformat_open_input(&raw, ("file:" + file).c_str(), nullptr, &opts);
  av_dict_free(&opts);
  if (rc < 0) { // avformat_open_input frees the context on failure
    res.error = clock::now() > deadline ? "probing timed out" : av_error(rc);
    return res;
  }
  std::unique_ptr<AVFormatContext, context_closer> ctx(raw);
  if ((rc = avformat_find_stream_info(ctx.get(), nullptr)) < 0) {
    res.error = clock::now() > deadline ? "probing timed out" : av_error(rc);
    return res;
  }
  for (unsigned i = 0; i < ctx->nb_streams; ++i) {
    const AVStream* st = ctx->streams[i];
    const AVCodecParameters* par = st->codecpar;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO && !out.has_video) {
      // Cover art in audio files is a video stream with attached_pic; it is not picture.
      if (st->disposition & AV_DISPOSITION_ATTACHED_PIC)
        continue;
      out.has_video = true;
      out.width = par->width;
      out.height = par->height;
      const AVPixFmtDescriptor* fmt = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(par->format));
      out.has_alpha = fmt && (fmt->flags & AV_PIX_FMT_FLAG_ALPHA);
      if (std::abs(rotation_of(st)) % 180 == 90)
        std::swap(out.width, out.height);
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO && !out.has_audio) {
      out.has_audio = true;
      out.audio_channels = par->ch_layout.nb_channels;
    }
  }
  if (ctx->duration != AV_NOPTS_VALUE && ctx->duration > 0)
    out.duration = static_cast<double>(ctx->duration) / AV_TIME_BASE;
  if (!out.has_video && !out.has_audio) {
    res.error = "no audio or video stream";
    return res;
  }
  res.ok = true;
  return res;
}

} // namespace cutqueue::render
