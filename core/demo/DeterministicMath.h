#pragma once

// The elementary functions of the demo generator, computed so that they give
// the same bits on every machine and standard library.
//
// Determinism. The same demo options must give bit-identical samples on every
// run and machine, so nothing in the demo depends on the standard library's
// random distributions or on libm's transcendental functions (both differ
// between implementations). Randomness comes from DemoRandom; sine, logarithm
// and exponential are our own series evaluated with + - * /, sqrt, frexp and
// ldexp only, which IEEE-754 defines exactly. That also needs the compiler not
// to fuse a*b+c into one FMA: GCC does not in ISO mode (-std=c++17,
// CMAKE_CXX_EXTENSIONS OFF), and clang is told so in every demo source. Each
// statement makes at most one random draw, because compilers evaluate a
// call's arguments in different orders. (Checked: GCC 12 and clang 14, -O0 to
// -O3 -march=native, give the same bits; tst_demo pins a fingerprint.)

namespace kinemark::demo {

constexpr double kPi = 3.14159265358979323846;
constexpr double kTwoPi = 2 * kPi;
constexpr double kLn2 = 0.69314718055994530942;

// Accurate sine for building tables and for set-up; hot loops use SineTable.
double exactSin(double x);
// Natural logarithm for x > 0.
double detLog(double x);
// e^x.
double detExp(double x);

} // namespace kinemark::demo
