#include "render/look_template.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace cutqueue::render {
namespace {

/// A recursive-descent parser evaluating as it goes: the expressions are a few tokens long and
/// evaluated once per chain, so there is no tree to build.
class parser {
public:
  parser(std::string_view text, const std::map<std::string, double>& names)
      : text_(text), names_(names) {}

  double parse() {
    const double v = sum();
    skip_space();
    if (pos_ != text_.size())
      fail("unexpected '" + std::string(1, text_[pos_]) + "'");
    return v;
  }

private:
  [[noreturn]] void fail(const std::string& why) const {
    throw std::invalid_argument("look template {" + std::string(text_) + "}: " + why);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])))
      ++pos_;
  }

  bool take(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  void expect(char c) {
    if (!take(c))
      fail(std::string("expected '") + c + "'");
  }

  double sum() {
    double v = product();
    for (;;) {
      if (take('+'))
        v += product();
      else if (take('-'))
        v -= product();
      else
        return v;
    }
  }

  double product() {
    double v = unary();
    for (;;) {
      if (take('*'))
        v *= unary();
      else if (take('/'))
        v /= unary();
      else
        return v;
    }
  }

  double unary() {
    if (take('-'))
      return -unary();
    return primary();
  }

  static bool name_char(char c, bool first) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' ||
           (!first && std::isdigit(static_cast<unsigned char>(c)));
  }

  double primary() {
    skip_space();
    if (pos_ >= text_.size())
      fail("unexpected end");
    const char c = text_[pos_];
    if (c == '(') {
      ++pos_;
      const double v = sum();
      expect(')');
      return v;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.')
      return number();
    if (name_char(c, true)) {
      const std::size_t start = pos_;
      while (pos_ < text_.size() && name_char(text_[pos_], false))
        ++pos_;
      const std::string name(text_.substr(start, pos_ - start));
      if (take('('))
        return call(name);
      const auto it = names_.find(name);
      if (it == names_.end())
        fail("unknown name " + name);
      return it->second;
    }
    fail("unexpected '" + std::string(1, c) + "'");
  }

  double number() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() &&
           (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.'))
      ++pos_;
    const std::string digits(text_.substr(start, pos_ - start));
    char* end = nullptr;
    const double v = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size())
      fail("bad number " + digits);
    return v;
  }

  double call(const std::string& fn) {
    std::vector<double> args{sum()};
    while (take(','))
      args.push_back(sum());
    expect(')');
    auto arity = [&](std::size_t n) {
      if (args.size() != n)
        fail(fn + " takes " + std::to_string(n) + " argument(s)");
    };
    if (fn == "min" || fn == "max" || fn == "pow") {
      arity(2);
      if (fn == "min")
        return std::min(args[0], args[1]);
      if (fn == "max")
        return std::max(args[0], args[1]);
      return std::pow(args[0], args[1]);
    }
    arity(1);
    if (fn == "round")
      return std::round(args[0]);
    if (fn == "floor")
      return std::floor(args[0]);
    if (fn == "even")
      return std::max(2.0, 2.0 * std::floor(args[0] / 2.0));
    fail("unknown function " + fn);
  }

  std::string_view text_;
  const std::map<std::string, double>& names_;
  std::size_t pos_ = 0;
};

} // namespace

double evaluate_look_expression(std::string_view expr, const std::map<std::string, double>& names) {
  const double v = parser(expr, names).parse();
  if (!std::isfinite(v))
    throw std::invalid_argument("look template {" + std::string(expr) + "}: not a finite number");
  return v;
}

std::string format_look_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0')
    s.pop_back();
  if (!s.empty() && s.back() == '.')
    s.pop_back();
  if (s == "-0" || s.empty())
    return "0";
  return s;
}

std::string expand_look_template(std::string_view tmpl,
                                 const std::map<std::string, double>& names) {
  std::string out;
  out.reserve(tmpl.size());
  std::size_t i = 0;
  while (i < tmpl.size()) {
    const std::size_t open = tmpl.find_first_of("{}", i);
    if (open == std::string_view::npos) {
      out.append(tmpl.substr(i));
      break;
    }
    if (tmpl[open] == '}')
      throw std::invalid_argument("look template: '}' without '{' in " + std::string(tmpl));
    const std::size_t close = tmpl.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || tmpl[close] != '}')
      throw std::invalid_argument("look template: unclosed '{' in " + std::string(tmpl));
    out.append(tmpl.substr(i, open - i));
    out += format_look_number(
        evaluate_look_expression(tmpl.substr(open + 1, close - open - 1), names));
    i = close + 1;
  }
  return out;
}

} // namespace cutqueue::render
