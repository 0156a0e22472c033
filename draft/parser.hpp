// Parses draft_content.json (Jianying 5.9 / capcut-mate format) into the typed draft model.
#pragma once

#include "draft/model.hpp"

#include <string>

namespace cutqueue::draft {

struct parse_result {
  bool ok = false;
  bool empty = false; ///< parsed, but not one segment on any track
  std::string error;  ///< when !ok: "Draft content is empty" or "invalid draft_content.json: ..."
};

/// Fills `out` from the JSON text. Never throws. A draft without any segment fails with
/// `empty` set and the api.md text "Draft content is empty". Unknown fields are ignored;
/// features the renderer cannot draw, and segments whose material is missing, are listed in
/// out.unsupported. Times are clamped into [0, 2^50] microseconds, so sums of them never overflow.
parse_result parse_draft(const std::string& json_text, document& out);

/// Reads and parses a file; an unreadable file is an error, never an exception.
parse_result parse_draft_file(const std::string& path, document& out);

} // namespace cutqueue::draft
