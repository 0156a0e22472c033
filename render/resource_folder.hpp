// An operator's folder of Jianying resources, the exact looks we cannot ship:
//   filters/<resource_id or name>.cube       a 3D LUT, applied with the filter's intensity
//   stickers/<resource_id>.<png|webp|gif|apng|mp4|webm>
//   fonts/<font resource_id or name>.<ttf|otf>
//   text_effects/<resource_id>.png           a texture filling the characters (花字)
// A file that cannot be used is reported once when the folder is read and treated as absent.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cutqueue::render {

struct resource_folder {
  std::string root; ///< "" when no folder is configured
  /// By file name without its extension (a resource id or a name), the file's absolute path.
  std::map<std::string, std::string> luts, stickers, fonts, text_effects;
  /// One line per file left out, e.g. "filters/x.cube: LUT_3D_SIZE 33 needs 35937 rows, has 12".
  std::vector<std::string> problems;

  /// The LUT of a filter: by resource id, else by name; "" when the folder has none.
  std::string lut_for(const std::string& resource_id, const std::string& name) const;
  std::string sticker_for(const std::string& resource_id) const;
  std::string font_for(const std::string& resource_id, const std::string& name = {}) const;
  std::string text_effect_for(const std::string& resource_id) const;
  size_t size() const { return luts.size() + stickers.size() + fonts.size() + text_effects.size(); }
};

/// Reads `dir` (sub-folders filters, stickers, fonts, text_effects; anything else is ignored).
/// Every file is checked the way it will be used: a LUT is parsed, a font opened with FreeType,
/// a texture decoded, a sticker's header read. A missing `dir` is one problem, not an error.
resource_folder scan_resource_folder(const std::string& dir);

/// Why a .cube file cannot be used, or "" when it is a well-formed 3D LUT.
std::string cube_problem(const std::string& text);

/// The folder an export uses: read at start, read again on reload() (SIGHUP), shared by the
/// export threads. Each export takes one snapshot, so a reload never changes a running export.
class resource_library {
public:
  explicit resource_library(std::string dir);
  /// Reads the folder again and logs what it holds and every file it left out.
  void reload();
  std::shared_ptr<const resource_folder> current() const;
  const std::string& dir() const { return dir_; }

private:
  std::string dir_;
  mutable std::mutex mutex_;
  std::shared_ptr<const resource_folder> current_;
};

} // namespace cutqueue::render
