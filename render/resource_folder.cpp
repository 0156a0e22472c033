#include "render/resource_folder.hpp"

#include "common/log.hpp"
#include "render/png_reader.hpp"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cutqueue::render {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string read_head(const fs::path& p, size_t n) {
  std::ifstream in(p, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(std::max<std::streamsize>(0, in.gcount())));
  return s;
}

/// Whether the first bytes are those of the container the extension names: a renamed file
/// would otherwise fail only inside FFmpeg, in the middle of an export.
std::string sticker_problem(const fs::path& p, const std::string& ext) {
  const std::string h = read_head(p, 16);
  auto starts = [&](const std::string& magic, size_t at = 0) {
    return h.size() >= at + magic.size() && h.compare(at, magic.size(), magic) == 0;
  };
  bool ok = false;
  if (ext == ".png" || ext == ".apng")
    ok = starts("\x89PNG\r\n\x1a\n");
  else if (ext == ".gif")
    ok = starts("GIF87a") || starts("GIF89a");
  else if (ext == ".webp")
    ok = starts("RIFF") && starts("WEBP", 8);
  else if (ext == ".mp4")
    ok = starts("ftyp", 4);
  else if (ext == ".webm")
    ok = starts("\x1a\x45\xdf\xa3");
  return ok ? "" : "not a " + ext.substr(1) + " file";
}

std::string font_problem(const fs::path& p) {
  FT_Library ft = nullptr;
  if (FT_Init_FreeType(&ft) != 0)
    return "FreeType cannot start";
  FT_Face face = nullptr;
  const FT_Error e = FT_New_Face(ft, p.c_str(), 0, &face);
  std::string why;
  if (e != 0)
    why = "FreeType cannot open it (error " + std::to_string(e) + ")";
  else if (face->num_glyphs < 1)
    why = "the font has no glyphs";
  if (face)
    FT_Done_Face(face);
  FT_Done_FreeType(ft);
  return why;
}

std::string texture_problem(const fs::path& p) {
  std::string err;
  return read_png_rgba(p.string(), err).empty() ? err : "";
}

std::string lut_problem(const fs::path& p) {
  std::error_code ec;
  if (fs::file_size(p, ec) > (64u << 20))
    return "larger than 64 MB";
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return cube_problem(text.str());
}

} // namespace

std::string cube_problem(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  long size = 0, rows = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    const size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#')
      continue;
    std::istringstream words(line.substr(first));
    std::string key;
    words >> key;
    if (key == "LUT_3D_SIZE") {
      if (!(words >> size) || size < 2 || size > 256)
        return "LUT_3D_SIZE must be 2..256";
    } else if (key == "LUT_1D_SIZE") {
      return "a 1D LUT; only 3D LUTs (LUT_3D_SIZE) are used";
    } else if (key == "TITLE" || key == "DOMAIN_MIN" || key == "DOMAIN_MAX" ||
               key == "LUT_3D_INPUT_RANGE") {
      continue;
    } else {
      std::istringstream row(line);
      double r, g, b;
      if (!(row >> r >> g >> b))
        return "line \"" + line.substr(0, 40) + "\" is neither a keyword nor three numbers";
      ++rows;
    }
  }
  if (size == 0)
    return "no LUT_3D_SIZE line";
  if (rows != size * size * size)
    return "LUT_3D_SIZE " + std::to_string(size) + " needs " + std::to_string(size * size * size) +
           " rows, has " + std::to_string(rows);
  return "";
}

std::string resource_folder::lut_for(const std::string& resource_id,
                                     const std::string& name) const {
  for (const auto* key : {&resource_id, &name})
    if (!key->empty())
      if (auto it = luts.find(*key); it != luts.end())
        return it->second;
  return "";
}

std::string resource_folder::sticker_for(const std::string& resource_id) const {
  auto it = stickers.find(resource_id);
  return it == stickers.end() ? "" : it->second;
}

std::string resource_folder::font_for(const std::string& resource_id,
                                      const std::string& name) const {
  for (const auto* key : {&resource_id, &name})
    if (!key->empty())
      if (auto it = fonts.find(*key); it != fonts.end())
        return it->second;
  return "";
}

std::string resource_folder::text_effect_for(const std::string& resource_id) const {
  auto it = text_effects.find(resource_id);
  return it == text_effects.end() ? "" : it->second;
}

resource_folder scan_resource_folder(const std::string& dir) {
  resource_folder f;
  f.root = dir;
  if (dir.empty())
    return f;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    f.problems.push_back(dir + ": not a readable folder");
    return f;
  }
  struct kind {
    const char* folder;
    std::vector<std::string> extensions;
    std::map<std::string, std::string>* into;
  };
  const kind kinds[] = {
      {"filters", {".cube"}, &f.luts},
      {"stickers", {".png", ".webp", ".gif", ".apng", ".mp4", ".webm"}, &f.stickers},
      {"fonts", {".ttf", ".otf"}, &f.fonts},
      {"text_effects", {".png"}, &f.text_effects},
  };
  for (const auto& k : kinds) {
    const fs::path sub = fs::path(dir) / k.folder;
    if (!fs::is_directory(sub, ec))
      continue;
    std::vector<fs::path> files;
    for (auto it = fs::directory_iterator(sub, ec); !ec && it != fs::directory_iterator();
         it.increment(ec))
      files.push_back(it->path());
    std::sort(files.begin(), files.end()); // one winner per key, the same on every read
    for (const auto& p : files) {
      const std::string shown = std::string(k.folder) + "/" + p.filename().string();
      const std::string ext = lower(p.extension().string());
      if (std::find(k.extensions.begin(), k.extensions.end(), ext) == k.extensions.end())
        continue; // READMEs, licences and the like
      if (!fs::is_regular_file(p, ec)) {
        f.problems.push_back(shown + ": not a regular file");
        continue;
      }
      std::string why;
      if (k.into == &f.luts)
        why = lut_problem(p);
      else if (k.into == &f.stickers)
        why = sticker_problem(p, ext);
      else if (k.into == &f.fonts)
        why = font_problem(p);
      else
        why = texture_problem(p);
      const std::string key = p.stem().string();
      if (why.empty() && k.into->count(key))
        why = "another file already gives " + key;
      if (!why.empty()) {
        f.problems.push_back(shown + ": " + why);
        continue;
      }
      (*k.into)[key] = fs::absolute(p).lexically_normal().string();
    }
  }
  return f;
}

resource_library::resource_library(std::string dir) : dir_(std::move(dir)) {
  current_ = std::make_shared<const resource_folder>();
  if (!dir_.empty())
    reload();
}

void resource_library::reload() {
  auto next = std::make_shared<const resource_folder>(scan_resource_folder(dir_));
  log::info("resources: ", dir_, ": ", next->luts.size(), " LUTs, ", next->stickers.size(),
            " stickers, ", next->fonts.size(), " fonts, ", next->text_effects.size(),
            " text effect textures");
  for (const auto& p : next->problems)
    log::warn("resources: left out ", p);
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = std::move(next);
}

std::shared_ptr<const resource_folder> resource_library::current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

} // namespace cutqueue::render
