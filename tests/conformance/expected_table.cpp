#include "tests/conformance/expected_table.hpp"

#include <regex>
#include <sstream>

namespace cutqueue::conformance {

namespace {

const std::string number = "([0-9]+(?:\\.[0-9]+)?)";

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos)
    return {};
  auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

/// "| a | b |" -> {"a", "b"}.
std::vector<std::string> cells_of(const std::string& line) {
  std::string body = trim(line);
  body = body.substr(1);
  if (!body.empty() && body.back() == '|')
    body.pop_back();
  std::vector<std::string> cells;
  std::stringstream in(body);
  std::string cell;
  while (std::getline(in, cell, '|'))
    cells.push_back(trim(cell));
  return cells;
}

bool is_separator(const std::vector<std::string>& cells) {
  for (const auto& c : cells)
    if (c.find_first_not_of("-: ") != std::string::npos)
      return false;
  return true;
}

std::optional<tag> tag_of(const std::string& s) {
  if (s == "hard")
    return tag::hard;
  if (s == "soft")
    return tag::soft;
  if (s == "base")
    return tag::base;
  return std::nullopt;
}

bool full_match(const std::string& text, const std::string& pattern, std::smatch& m) {
  return std::regex_match(text, m, std::regex(pattern));
}

double num(const std::ssub_match& s) {
  return std::stod(s.str());
}

/// Builds the check a row describes, or says why it cannot.
check interpret(tag level, const std::string& when, const std::string& where,
                const std::string& expected, const std::string& meaning, const std::string& draft,
                const computed_lookup& find_computed) {
  std::smatch m, t, e;
  check c;
  c.problem = "unrecognised 'where' column";
  if (where == "file") {
    std::smatch tol;
    if (when != "-")
      c.problem = "a file row has no time";
    else if (!full_match(expected, number + " s, ([0-9]+)x([0-9]+), ([0-9]+/[0-9]+)", e))
      c.problem = "file row: expected is not '<seconds> s, <W>x<H>, <num>/<den>'";
    else if (!std::regex_search(meaning, tol, std::regex("\\(\\+-" + number + "\\)")))
      c.problem = "file row: no '(+-<tolerance>)' in the meaning";
    else
      c = file_check(level, num(e[1]), num(tol[1]), std::stoi(e[2].str()), std::stoi(e[3].str()),
                     e[4].str(), meaning);
  } else if (full_match(where, "pixel \\(([0-9]+), ?([0-9]+)\\)", m)) {
    if (!full_match(when, number + " s", t))
      c.problem = "pixel row: time is not '<T> s'";
    else if (!full_match(expected, "rgb \\(([0-9]+), ?([0-9]+), ?([0-9]+)\\) ±([0-9]+)", e))
      c.problem = "pixel row: expected is not 'rgb (r, g, b) ±tol'";
    else
      c = pixel_check(level, num(t[1]), std::stoi(m[1].str()), std::stoi(m[2].str()),
                      {num(e[1]), num(e[2]), num(e[3])}, std::stoi(e[4].str()), meaning);
  } else if (full_match(where, number + " Hz amplitude", m)) {
    // Times are written with an en dash ("0.5–1.5 s"); a hyphen is read the same way.
    if (!full_match(when, number + " ?(?:–|-) ?" + number + " s", t))
      c.problem = "amplitude row: time is not '<t0>–<t1> s'";
    else if (full_match(expected, number + " ±" + number + " dB", e))
      c = tone_check(level, num(t[1]), num(t[2]), num(m[1]), num(e[1]), num(e[2]), meaning);
    else if (full_match(expected, "< ?" + number, e))
      c = absent_check(level, num(t[1]), num(t[2]), num(m[1]), num(e[1]), meaning);
    else
      c.problem = "amplitude row: expected is neither '<amp> ±<db> dB' nor '< <amp>'";
  } else if (where == "computed") {
    auto fn = find_computed(draft, meaning, expected);
    if (fn)
      c = computed_check(level, expected, meaning, std::move(*fn));
    else
      c.problem = "no C++ implementation of this computed row (add it to computed_checks.cpp)";
  }
  // The report quotes the row as written, whatever was understood of it.
  c.level = level;
  c.when = when;
  c.where = where;
  c.expected = expected;
  c.meaning = meaning;
  if (c.run)
    c.problem.clear();
  return c;
}

} // namespace

checks_table read_checks_table(const std::string& markdown, const std::string& draft,
                               const computed_lookup& find_computed) {
  checks_table out;
  std::stringstream in(markdown);
  std::string line;
  bool in_section = false, seen_section = false, seen_header = false;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.rfind("## ", 0) == 0) {
      in_section = trim(line) == "## Checks";
      seen_section = seen_section || in_section;
      seen_header = false;
      continue;
    }
    if (!in_section)
      continue;
    if (trim(line).rfind('|', 0) != 0) {
      seen_header = false; // a later table starts with its own header
      continue;
    }
    auto cells = cells_of(line);
    if (!seen_header) {
      // The header names the columns this reader relies on; another layout is not guessed at.
      if (cells != std::vector<std::string>{"tag", "time", "where", "expected", "meaning"}) {
        out.error = "line " + std::to_string(line_no) +
                    ": the Checks table header is not | tag | time | where | expected | meaning |";
        return out;
      }
      seen_header = true;
      continue;
    }
    if (is_separator(cells))
      continue;
    check c;
    auto level = cells.empty() ? std::nullopt : tag_of(cells[0]);
    if (cells.size() != 5 || !level) {
      // Unknown shape: treat as hard so that it fails rather than vanishes.
      c.level = tag::hard;
      c.meaning = trim(line);
      c.problem = cells.size() != 5 ? "row does not have 5 cells" : "tag is not hard/soft/base";
    } else {
      c = interpret(*level, cells[1], cells[2], cells[3], cells[4], draft, find_computed);
    }
    c.line = line_no;
    out.checks.push_back(std::move(c));
  }
  if (!seen_section)
    out.error = "no '## Checks' section";
  else if (out.checks.empty() && out.error.empty())
    out.error = "the Checks section has no rows";
  return out;
}

} // namespace cutqueue::conformance
