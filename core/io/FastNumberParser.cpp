#include "core/io/FastNumberParser.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace kinemark {

namespace {

// from_chars takes no leading '+'; and it would accept "inf" and "nan", which
// the scanner in the header has already ruled out by requiring digits.
const char* skipPlus(const char* p, const char* end)
{
    return p < end && *p == '+' ? p + 1 : p;
}

} // namespace

bool FastNumberParser::isNonFinite(const char* p, const char* end)
{
    if (p < end && (*p == '-' || *p == '+'))
        ++p;
    auto startsWith = [&](const char* word) {
        const size_t n = std::strlen(word);
        if (size_t(end - p) < n)
            return false;
        for (size_t i = 0; i < n; ++i) {
            if ((p[i] | 0x20) != word[i])
                return false;
        }
        return true;
    };
    return startsWith("nan") || startsWith("inf");
}

const char* FastNumberParser::scanLongDecimal(const char* p, const char* end, Decimal* d)
{
    if (p < end && (*p == '-' || *p == '+')) {
        d->negative = *p == '-';
        ++p;
    }
    uint64_t m = 0;
    int significant = 0;
    int exponent = 0;
    bool anyDigit = false;
    auto digit = [&](char c, bool fraction) {
        anyDigit = true;
        if (significant < 19) {
            m = m * 10 + uint64_t(c - '0');
            significant += m != 0; // leading zeros are not significant
            exponent -= fraction ? 1 : 0;
        } else {
            d->truncated = true;
            exponent += fraction ? 0 : 1;
        }
    };
    while (p < end && isDigit(*p))
        digit(*p++, false);
    if (p < end && *p == '.') {
        ++p;
        while (p < end && isDigit(*p))
            digit(*p++, true);
    }
    if (!anyDigit)
        return nullptr;
    if (p < end && (*p == 'e' || *p == 'E'))
        p = scanExponent(p, end, &exponent);
    d->mantissa = m;
    d->exponent = exponent;
    return p;
}

bool FastNumberParser::parseFloatSlow(const char* begin, const char* end, float* out)
{
    const char* p = skipPlus(begin, end);
    float value = 0;
    const auto result = std::from_chars(p, end, value, std::chars_format::general);
    if (result.ec == std::errc() && result.ptr == end && std::isfinite(value)) {
        *out = value;
        return true;
    }
    if (result.ec == std::errc::result_out_of_range) {
        // Too small for a float is a (signed) zero or a denormal; too large is an error.
        double wide = 0;
        const auto r = std::from_chars(p, end, wide, std::chars_format::general);
        if (r.ec == std::errc() && r.ptr == end &&
            std::fabs(wide) < double(std::numeric_limits<float>::min())) {
            *out = float(wide);
            return true;
        }
    }
    return false;
}

bool FastNumberParser::parseDoubleSlow(const char* begin, const char* end, double* out)
{
    const char* p = skipPlus(begin, end);
    double value = 0;
    const auto result = std::from_chars(p, end, value, std::chars_format::general);
    if (result.ec == std::errc() && result.ptr == end && std::isfinite(value)) {
        *out = value;
        return true;
    }
    return false;
}

const char* FastNumberParser::parseScaledSlow(const char* begin, const char* end,
                                              int fractionDigits, int64_t* out)
{
    // Exponents or more than 18 digits: rare in time stamps, so double precision
    // (about 15 significant digits) is acceptable here.
    const char* p = skipPlus(begin, end);
    double value = 0;
    const auto result = std::from_chars(p, end, value, std::chars_format::general);
    if (result.ec != std::errc() || !std::isfinite(value))
        return nullptr;
    const double scaled = value * kPowersOfTen[fractionDigits];
    if (!(std::fabs(scaled) < 9.2e18))
        return nullptr;
    *out = std::llround(scaled);
    return result.ptr;
}

} // namespace kinemark
