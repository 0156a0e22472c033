// Placeholders in the FFmpeg chain templates of the resource looks (resource_look_families.cpp):
// `{expr}` is arithmetic over named values, e.g. `gblur=sigma={max(0.5,effects_adjust_blur*W/40)}`.
// The tables keep the look's numbers beside the chain, and render/ computes them for the canvas,
// the effect window and the draft's parameters. scripts/gen_resource_looks.py parses every
// placeholder with the same grammar.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace cutqueue::render {

/// The value of one placeholder expression:
///   expr := term (('+'|'-') term)*     term := unary (('*'|'/') unary)*
///   unary := '-' unary | primary       primary := number | name | name '(' args ')' | '(' expr ')'
/// Functions: min(a,b), max(a,b), pow(a,b), round(a) (half away from zero), floor(a),
/// even(a) = max(2, 2*floor(a/2)) (an even pixel size of at least 2).
/// Throws std::invalid_argument on a syntax error, an unknown name or function, or a result
/// that is not finite.
double evaluate_look_expression(std::string_view expr, const std::map<std::string, double>& names);

/// `tmpl` with every `{expr}` replaced by its value, written with at most 6 decimals and no
/// trailing zeros ("4", "0.25", "-3.5"), so FFmpeg reads it as an option value or inside its
/// own expressions. Text outside braces is copied as is. Throws std::invalid_argument as
/// evaluate_look_expression does, or on an unbalanced brace.
std::string expand_look_template(std::string_view tmpl, const std::map<std::string, double>& names);

/// How a placeholder value is written: fixed, at most 6 decimals, trailing zeros dropped,
/// never "-0".
std::string format_look_number(double v);

} // namespace cutqueue::render
