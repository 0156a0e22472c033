// Pixels use the former tests' tolerance (24); tones use the EXPECTED.md conventions: source tones
// are 0.125 of full scale, +-1.5 dB, "absent" below 0.004.
#include "tests/conformance/readme_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace cutqueue::conformance {

namespace {

using testing::analysis_error;
using testing::mean_rgb;

constexpr int tol = 24;
constexpr double tone_amp = 0.125, tone_db = 1.5, absent = 0.004;
const mean_rgb red{255, 0, 0}, green{0, 255, 0}, blue{0, 0, 255}, yellow{255, 255, 0},
    magenta{255, 0, 255}, cyan{0, 255, 255}, black{0, 0, 0}, orange{254, 127, 0},
    purple{127, 0, 254};

/// Pixels of the box whose luma (Rec.601) is below 60: a caption's black outline.
check_fn dark_pixels(double t, int x, int y, int w, int h, bool want_some) {
  return [=](media_file& m) -> measured<verdict> {
    auto fr = m.frame(t);
    if (!fr)
      return analysis_error{fr.error()};
    const auto& f = **fr;
    if (x + w > f.width || y + h > f.height)
      return analysis_error{"box outside the frame"};
    int n = 0;
    for (int yy = y; yy < y + h; ++yy)
      for (int xx = x; xx < x + w; ++xx) {
        const uint8_t* p = f.at(xx, yy);
        n += 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2] < 60;
      }
    return verdict{want_some ? n > 20 : n == 0, std::to_string(n) + " dark px"};
  };
}

std::vector<check> basic_video() {
  std::vector<check> cs = {
      file_check(tag::hard, 9.0, 0.05, 640, 360, "30/1", "9 s, 640x360, 30 fps")};
  for (auto [t, c, name] :
       {std::tuple{1.5, red, "red"}, {4.0, green, "green"}, {7.0, blue, "blue"}})
    for (auto [x, y] : {std::pair{320, 180}, {20, 20}, {620, 340}})
      cs.push_back(pixel_check(tag::hard, t, x, y, c, tol,
                               std::string(name) + " clip in the middle of its segment"));
  cs.push_back(tone_check(tag::hard, 0.5, 2.5, 440, tone_amp, tone_db, "red clip's 440 Hz"));
  cs.push_back(tone_check(tag::hard, 3.5, 4.5, 660, tone_amp, tone_db, "green clip's 660 Hz"));
  cs.push_back(absent_check(tag::hard, 3.5, 4.5, 440, absent, "440 Hz ended with the red clip"));
  cs.push_back(tone_check(tag::hard, 5.5, 8.5, 880, tone_amp, tone_db, "blue clip's 880 Hz"));
  return cs;
}

std::vector<check> av_captions() {
  std::vector<check> cs = {
      file_check(tag::hard, 10.0, 0.05, 640, 360, "30/1", "10 s, 640x360, 30 fps")};
  // Captions centred at (320, 306): black outline pixels inside their windows only.
  const std::tuple<double, bool, const char*> outline[] = {
      {1.5, true, "HELLO ONE (0.5-3.0 s)"},
      {3.2, false, "gap 3.0-3.5 s"},
      {5.0, true, "SECOND LINE (3.5-6.5 s)"},
      {6.8, false, "gap 6.5-7.0 s"},
      {8.0, true, "第三行 字幕 (7.0-9.5 s): Chinese glyphs drawn"},
      {9.8, false, "after 9.5 s"}};
  for (auto [t, want, what] : outline)
    cs.push_back(computed_check(tag::hard, want ? "> 20 dark px" : "no dark px",
                                "caption outline in x 200..440, y 286..326 at " + fixed(t, 1) +
                                    " s: " + what,
                                dark_pixels(t, 200, 286, 240, 40, want)));
  cs.push_back(pixel_check(tag::hard, 1.5, 320, 100, yellow, tol, "captions leave the clip alone"));
  cs.push_back(
      pixel_check(tag::hard, 8.0, 320, 100, magenta, tol, "captions leave the clip alone"));
  // Mixed without normalisation: the clip keeps its level, the music (volume 0.5) sits 6 dB below.
  cs.push_back(
      tone_check(tag::hard, 0.1, 0.9, 550, tone_amp, tone_db, "yellow clip's 550 Hz alone"));
  cs.push_back(absent_check(tag::hard, 0.1, 0.9, 300, absent, "music starts at 1 s"));
  cs.push_back(
      tone_check(tag::hard, 2.0, 4.5, 550, tone_amp, tone_db, "550 Hz not lowered by the mix"));
  cs.push_back(
      tone_check(tag::hard, 2.0, 4.5, 300, tone_amp * 0.5, tone_db, "music at volume 0.5"));
  cs.push_back(tone_check(tag::hard, 9.2, 9.9, 770, tone_amp, tone_db, "magenta clip's 770 Hz"));
  cs.push_back(absent_check(tag::hard, 9.2, 9.9, 300, absent, "music ended at 9 s"));
  return cs;
}

std::vector<check> images_mixed() {
  std::vector<check> cs = {
      file_check(tag::hard, 8.0, 0.05, 1280, 720, "30/1", "8 s, 1280x720, 30 fps")};
  // Images 1024x576 centred at (704,396); PiP 384x216 centred at (960,180), 80 % magenta.
  const std::tuple<double, int, int, mean_rgb, const char*> px[] = {
      {0.5, 960, 180, red, "PiP not yet started"},
      {0.5, 640, 360, red, "red full frame"},
      {2.0, 640, 360, red, "red full frame"},
      {2.0, 960, 180, {255, 0, 204}, "80 % magenta PiP over red"},
      {2.0, 700, 350, red, "just outside the PiP (768..1152, 72..288)"},
      {4.0, 704, 396, orange, "orange image centre"},
      {4.0, 210, 120, orange, "near the image's top-left corner (192,108)"},
      {4.0, 170, 90, black, "outside the image"},
      {4.0, 1250, 700, black, "outside the image"},
      {4.0, 960, 180, {255, 25, 204}, "PiP over orange"},
      {6.0, 704, 396, purple, "purple image centre"},
      {6.0, 960, 180, {229, 0, 255}, "PiP over purple"},
      {7.5, 960, 180, purple, "PiP over after 7 s"},
      {7.5, 704, 396, purple, "purple image to the end"},
      {7.5, 100, 50, black, "outside the image"},
  };
  for (auto [t, x, y, c, what] : px)
    cs.push_back(pixel_check(tag::hard, t, x, y, c, tol, what));
  cs.push_back(tone_check(tag::hard, 0.1, 0.9, 440, tone_amp, tone_db, "red clip's 440 Hz"));
  cs.push_back(absent_check(tag::hard, 0.1, 0.9, 770, absent, "PiP sound starts at 1 s"));
  cs.push_back(tone_check(tag::hard, 4.0, 6.5, 770, tone_amp, tone_db,
                          "PiP's 770 Hz at full volume (alpha is picture only)"));
  cs.push_back(computed_check(tag::hard, "RMS < 0.001 (-60 dBFS)", "silence 7.2-7.9 s",
                              [](media_file& m) -> measured<verdict> {
                                auto r = m.rms(7.2, 7.9);
                                if (!r)
                                  return analysis_error{r.error()};
                                return verdict{*r < 0.001, "RMS " + fixed(*r, 5)};
                              }));
  return cs;
}

std::vector<check> long_draft() {
  std::vector<check> cs = {
      file_check(tag::hard, 60.0, 0.05, 640, 360, "30/1", "60 s, 640x360, 30 fps")};
  const std::pair<mean_rgb, int> cycle[] = {
      {red, 440}, {green, 660}, {blue, 880}, {yellow, 550}, {magenta, 770}};
  for (int slot = 0; slot < 15; ++slot) {
    auto [colour, hz] = cycle[slot % 5];
    auto what = "slot " + std::to_string(slot) + " of 15";
    cs.push_back(pixel_check(tag::hard, slot * 4 + 2.0, 320, 180, colour, tol, what));
    cs.push_back(
        tone_check(tag::hard, slot * 4 + 1.5, slot * 4 + 2.5, hz, tone_amp, tone_db, what));
  }
  return cs;
}

std::vector<check> too_short() {
  // Below upstream's 3 s minimum; cutqueue exports it anyway.
  return {file_check(tag::hard, 2.5, 0.05, 640, 360, "30/1", "2.5 s, 640x360, 30 fps"),
          pixel_check(tag::hard, 1.25, 320, 180, cyan, tol, "cyan clip"),
          tone_check(tag::hard, 0.5, 2.0, 990, tone_amp, tone_db, "cyan clip's 990 Hz")};
}

/// Photos (scale 0.8: x 192..1728, y 108..972) alternate orange/purple every 5 s over six
/// stretched background clips (20 s each); captions (white, black outline) sit at y ~918.
std::vector<check> scale_2min() {
  std::vector<check> cs = {
      file_check(tag::hard, 120.0, 0.05, 1920, 1080, "30/1", "120 s, 1920x1080, 30 fps")};
  const mean_rgb background[] = {red, green, blue, yellow, magenta, cyan};
  for (double t : {2.5, 22.5, 47.5, 72.5, 97.5, 117.5}) {
    int slot = static_cast<int>(t / 5);
    bool is_orange = slot % 2 == 0;
    cs.push_back(pixel_check(tag::hard, t, 960, 400, is_orange ? orange : purple, tol,
                             std::string("photo ") + std::to_string(slot + 1) + " of 24 (" +
                                 (is_orange ? "orange" : "purple") + ")"));
    cs.push_back(pixel_check(tag::hard, t, 60, 60, background[static_cast<int>(t / 20)], tol,
                             "background clip " + std::to_string(static_cast<int>(t / 20) + 1) +
                                 " of 6, around the photo"));
    cs.push_back(computed_check(tag::hard, "> 200 white px in x 192..1728, y 860..972",
                                "caption " + std::to_string(static_cast<int>(t / 3) + 1) +
                                    " of 40 drawn at " + fixed(t, 1) + " s",
                                [t](media_file& m) -> measured<verdict> {
                                  auto box = m.white_box(t, 192, 1728, 860, 972);
                                  if (!box)
                                    return analysis_error{box.error()};
                                  long n = *box ? (*box)->count : 0;
                                  return verdict{n > 200, std::to_string(n) + " white px"};
                                }));
  }
  return cs;
}

} // namespace

std::vector<check> readme_checks(const std::string& draft) {
  static const std::map<std::string, std::vector<check> (*)()> by_draft = {
      {"basic_video", basic_video}, {"av_captions", av_captions}, {"images_mixed", images_mixed},
      {"long_draft", long_draft},   {"too_short", too_short},     {"scale_2min", scale_2min}};
  auto it = by_draft.find(draft);
  return it == by_draft.end() ? std::vector<check>{} : it->second();
}

std::vector<check> export_checks(const std::vector<int>& progress) {
  std::vector<check> cs;
  cs.push_back(computed_check(
      tag::hard, "h264 yuv420p + aac", "encoding", [](media_file& m) -> measured<verdict> {
        const auto& f = m.facts();
        if (!f)
          return analysis_error{f.error()};
        bool ok = f->video_codec == "h264" && f->pix_fmt == "yuv420p" && f->audio_codec == "aac";
        return verdict{ok, f->video_codec + " " + f->pix_fmt + " + " +
                               (f->has_audio ? f->audio_codec : "none")};
      }));
  cs.push_back(computed_check(tag::hard, "never falls, ends at 100", "gen_video_status progress",
                              [progress](media_file&) -> measured<verdict> {
                                std::string got;
                                for (int p : progress)
                                  got += (got.empty() ? "" : " ") + std::to_string(p);
                                bool ok = !progress.empty() &&
                                          std::is_sorted(progress.begin(), progress.end()) &&
                                          progress.back() == 100;
                                return verdict{ok, got.empty() ? "none seen" : got};
                              }));
  return cs;
}

} // namespace cutqueue::conformance
