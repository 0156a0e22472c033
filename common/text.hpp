// Small text helpers shared by the URL code, the HTTP layer and the renderer's file names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cutqueue::text {

/// `s` without leading and trailing ASCII white space (space, \t, \n, \r, \f, \v).
std::string_view trim(std::string_view s);

/// Length of the well-formed UTF-8 sequence starting at s[i], with its code point in `cp`; 0
/// when the bytes there are not one (truncated, a bad continuation byte, an overlong form, a
/// surrogate or a value past U+10FFFF: what JSON encoders refuse).
size_t utf8_next(std::string_view s, size_t i, char32_t& cp);

constexpr uint64_t fnv1a_seed = 0xcbf29ce484222325ull; // 14695981039346656037

/// 64-bit FNV-1a of `bytes`, continuing from `h`. Unlike std::hash it is the same in every run,
/// build and machine, so it can name files that outlive the process.
uint64_t fnv1a(std::string_view bytes, uint64_t h = fnv1a_seed);

/// `h` as 16 lowercase hex digits: a fixed-length, file-name-safe key.
std::string hex16(uint64_t h);

} // namespace cutqueue::text
