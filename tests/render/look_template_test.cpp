// The placeholder arithmetic of the look chain templates.
#include "render/look_template.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace cutqueue::render {
namespace {

const std::map<std::string, double> names = {
    {"W", 1920}, {"H", 1080}, {"t0", 2.5}, {"t1", 4}, {"effects_adjust_blur", 0.5}};

double eval(const std::string& e) {
  return evaluate_look_expression(e, names);
}

TEST(LookTemplate, EvaluatesArithmeticWithPrecedence) {
  EXPECT_DOUBLE_EQ(eval("1+2*3"), 7);
  EXPECT_DOUBLE_EQ(eval("(1+2)*3"), 9);
  EXPECT_DOUBLE_EQ(eval("10-4-3"), 3); // left to right
  EXPECT_DOUBLE_EQ(eval("12/3/2"), 2);
  EXPECT_DOUBLE_EQ(eval("-2*-3"), 6);
  EXPECT_DOUBLE_EQ(eval("1-0.12*effects_adjust_blur"), 0.94);
  EXPECT_DOUBLE_EQ(eval(" t1 - t0 "), 1.5);
  EXPECT_DOUBLE_EQ(eval(".5+1."), 1.5);
}

TEST(LookTemplate, Functions) {
  EXPECT_DOUBLE_EQ(eval("max(0.5,effects_adjust_blur*W/40)"), 24);
  EXPECT_DOUBLE_EQ(eval("min(13,3+2*floor(W/640))"), 9);
  EXPECT_DOUBLE_EQ(eval("pow(2,12/12)"), 2);
  EXPECT_DOUBLE_EQ(eval("round(2.5)"), 3);
  EXPECT_DOUBLE_EQ(eval("round(-2.5)"), -3); // half away from zero, as the generator rounds
  EXPECT_DOUBLE_EQ(eval("even(W*1.1)"), 2112);
  EXPECT_DOUBLE_EQ(eval("even(1081)"), 1080);
  EXPECT_DOUBLE_EQ(eval("even(0.3)"), 2); // never below 2 pixels
}

TEST(LookTemplate, RejectsWhatItCannotRead) {
  for (const char* bad :
       {"", "1+", "(1", "1)", "x", "foo(1)", "min(1)", "round(1,2)", "1/0", "2 3", "1..2"})
    EXPECT_THROW(eval(bad), std::invalid_argument) << bad;
}

TEST(LookTemplate, ExpandsPlaceholdersAndKeepsTheRest) {
  EXPECT_EQ(expand_look_template("gblur=sigma={max(0.5,effects_adjust_blur*W/40)}", names),
            "gblur=sigma=24");
  EXPECT_EQ(expand_look_template("fade=t=in:st={t0}:d={t1-t0}", names), "fade=t=in:st=2.5:d=1.5");
  EXPECT_EQ(expand_look_template("eq=brightness='0.03*sin(2*PI*t)':eval=frame", names),
            "eq=brightness='0.03*sin(2*PI*t)':eval=frame");
  EXPECT_THROW(expand_look_template("a={W", names), std::invalid_argument);
  EXPECT_THROW(expand_look_template("a=W}", names), std::invalid_argument);
  EXPECT_THROW(expand_look_template("a={{W}}", names), std::invalid_argument);
}

TEST(LookTemplate, NumbersAreShortAndExact) {
  EXPECT_EQ(format_look_number(4), "4");
  EXPECT_EQ(format_look_number(0.25), "0.25");
  EXPECT_EQ(format_look_number(-3.5), "-3.5");
  EXPECT_EQ(format_look_number(-0.0000001), "0");
  EXPECT_EQ(format_look_number(1.0 / 3), "0.333333");
  EXPECT_EQ(format_look_number(36000.125), "36000.125"); // ten hours in: still exact
}

} // namespace
} // namespace cutqueue::render
