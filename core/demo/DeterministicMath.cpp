#include "core/demo/DeterministicMath.h"

#include <cmath>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#endif

namespace kinemark::demo {

namespace {

// sin(x) for |x| <= pi/2 by its Taylor series to x^23 (error < 1e-20 there).
double sinSeries(double x)
{
    const double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 3; n <= 23; n += 2) {
        term *= -x2 / double((n - 1) * n);
        sum += term;
    }
    return sum;
}

} // namespace

double exactSin(double x)
{
    const double k = std::floor(x / kTwoPi + 0.5);
    double r = x - k * kTwoPi;
    if (r > kPi / 2)
        r = kPi - r;
    else if (r < -kPi / 2)
        r = -kPi - r;
    return sinSeries(r);
}

// x = m 2^e with m in [1/sqrt2, sqrt2), then log m = 2 atanh((m-1)/(m+1)),
// whose series converges fast for |z| < 0.172.
double detLog(double x)
{
    int e = 0;
    double m = std::frexp(x, &e);
    if (m < 0.70710678118654752440) {
        m *= 2;
        --e;
    }
    const double z = (m - 1) / (m + 1);
    const double z2 = z * z;
    double term = z;
    double sum = z;
    for (int n = 3; n <= 29; n += 2) {
        term *= z2;
        sum += term / n;
    }
    return 2 * sum + e * kLn2;
}

// x = n ln2 + r with |r| <= ln2/2, Taylor series of e^r, then scaling by 2^n.
double detExp(double x)
{
    const double n = std::floor(x / kLn2 + 0.5);
    const double r = x - n * kLn2;
    double term = 1;
    double sum = 1;
    for (int k = 1; k <= 20; ++k) {
        term *= r / k;
        sum += term;
    }
    return std::ldexp(sum, int(n));
}

} // namespace kinemark::demo
