#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__GNUC__)
#define KINEMARK_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define KINEMARK_ALWAYS_INLINE inline
#endif

namespace kinemark {

// Number and time-stamp parsing for the text readers, written for the hot loop:
// no locale, no allocation, no copy of the field. Every function parses from
// `p` (no leading blanks) and returns the position after the last character it
// used, or nullptr when the text there is not what it parses; the caller then
// checks that the returned position is a delimiter or the line end, which is
// how "12abc" or "1.5e" are rejected without scanning the field twice.
//
// The hot paths are inline here; the rare cases (more than 19 significant
// digits, large exponents) go to std::from_chars in the .cpp, so every value is
// the correctly rounded one.
class FastNumberParser
{
public:
    // Decimal number ([+-]digits[.digits][e[+-]digits]) as the nearest float.
    // "inf", "nan", hexadecimal and values beyond the float range fail.
    KINEMARK_ALWAYS_INLINE static const char* parseFloat(const char* p, const char* end, float* out)
    {
        Decimal d;
        const char* q = scanDecimal(p, end, &d);
        if (!q)
            return nullptr;
        if (d.mantissa == 0 && !d.truncated) {
            *out = d.negative ? -0.0f : 0.0f;
            return q;
        }
        // double(m) and the power of ten are exact, and one IEEE division or
        // multiplication rounds once to double; the cast to float then rounds
        // again, which could go wrong only if the double landed exactly on a
        // float midpoint (a 25-bit number) that the decimal is not. For
        // m / 10^k with m < 2^53 and k <= 12, a decimal that is not such a
        // midpoint differs from it by at least 1 / (5^k * 2^25) relative
        // (> 2^-53, half a double step), and a product m * 10^k below 2^53 is
        // exact; so these cases give the correctly rounded float, and all
        // others go to from_chars.
        if (!d.truncated && d.mantissa < kMaxExactMantissa) {
            if (d.exponent <= 0 && d.exponent >= -12) {
                const double v = double(d.mantissa) / kPowersOfTen[-d.exponent];
                *out = float(v * kSigns[d.negative]);
                return q;
            }
            if (d.exponent > 0 && d.exponent <= 15 &&
                d.mantissa <= kMaxExactMantissa / uint64_t(kPowersOfTen[d.exponent])) {
                const double v = double(d.mantissa) * kPowersOfTen[d.exponent];
                *out = float(v * kSigns[d.negative]);
                return q;
            }
        }
        return parseFloatSlow(p, q, out) ? q : nullptr;
    }

    // Decimal number as the nearest double (Clinger's fast path, else from_chars).
    static const char* parseDouble(const char* p, const char* end, double* out)
    {
        Decimal d;
        const char* q = scanDecimal(p, end, &d);
        if (!q)
            return nullptr;
        if (d.mantissa == 0 && !d.truncated) {
            *out = d.negative ? -0.0 : 0.0;
            return q;
        }
        if (!d.truncated && d.mantissa <= kMaxExactMantissa && d.exponent >= -22 &&
            d.exponent <= 22) {
            const double v = d.exponent < 0 ? double(d.mantissa) / kPowersOfTen[-d.exponent]
                                            : double(d.mantissa) * kPowersOfTen[d.exponent];
            *out = v * kSigns[d.negative];
            return q;
        }
        return parseDoubleSlow(p, q, out) ? q : nullptr;
    }

    // A class id: [+-]digits, optionally followed by a fraction of zeros
    // ("3.0", as pandas writes integer columns that once held a NaN).
    static const char* parseInt32(const char* p, const char* end, int32_t* out)
    {
        bool negative = false;
        if (p < end && (*p == '-' || *p == '+')) {
            negative = *p == '-';
            ++p;
        }
        int64_t value = 0;
        const char* digits = p;
        while (p < end && isDigit(*p)) {
            value = value * 10 + (*p - '0');
            if (value > int64_t(INT32_MAX) + 1)
                return nullptr;
            ++p;
        }
        if (p == digits)
            return nullptr;
        if (p < end && *p == '.') {
            ++p;
            while (p < end && *p == '0')
                ++p;
            if (p < end && isDigit(*p))
                return nullptr; // a true fraction: not a class id
        }
        if (negative)
            value = -value;
        if (value > INT32_MAX)
            return nullptr;
        *out = int32_t(value);
        return p;
    }

    // A decimal number scaled by 10^fractionDigits and rounded to an integer,
    // exactly (e.g. seconds with fractionDigits 6 -> microseconds). Time stamps
    // go through here rather than through double so that a Unix time with
    // microseconds keeps every digit.
    static const char* parseScaled(const char* p, const char* end, int fractionDigits, int64_t* out)
    {
        const char* start = p;
        bool negative = false;
        if (p < end && (*p == '-' || *p == '+')) {
            negative = *p == '-';
            ++p;
        }
        int64_t whole = 0;
        int digitCount = 0;
        while (p < end && isDigit(*p)) {
            if (++digitCount > 18)
                return parseScaledSlow(start, end, fractionDigits, out);
            whole = whole * 10 + (*p - '0');
            ++p;
        }
        int64_t fraction = 0;
        int fractionCount = 0;
        bool roundUp = false;
        if (p < end && *p == '.') {
            ++p;
            while (p < end && isDigit(*p)) {
                if (fractionCount < fractionDigits) {
                    fraction = fraction * 10 + (*p - '0');
                    ++digitCount;
                } else if (fractionCount == fractionDigits) {
                    roundUp = *p >= '5';
                }
                ++fractionCount;
                ++p;
            }
        }
        if (digitCount == 0 && fractionCount == 0)
            return nullptr;
        if (p < end && (*p == 'e' || *p == 'E'))
            return parseScaledSlow(start, end, fractionDigits, out);
        if (digitCount + (fractionDigits - std::min(fractionCount, fractionDigits)) > 18)
            return parseScaledSlow(start, end, fractionDigits, out);
        for (int i = std::min(fractionCount, fractionDigits); i < fractionDigits; ++i)
            fraction *= 10;
        int64_t value =
            whole * int64_t(kPowersOfTen[fractionDigits]) + fraction + (roundUp ? 1 : 0);
        *out = negative ? -value : value;
        return p;
    }

    // The date part of a date-time, remembered between calls: consecutive time
    // stamps almost always share their day, and comparing 10 bytes is cheaper
    // than converting the calendar date again.
    struct DateCache
    {
        char text[10] = {};
        int64_t days = 0;
        bool valid = false;
    };

    // "YYYY-MM-DD HH:MM:SS[.fff...]" or with 'T' instead of the space, with an
    // optional 'Z' or +HH:MM / -HH:MM offset; UTC unless an offset says
    // otherwise. Microseconds since 1970-01-01 00:00 UTC (digits beyond the
    // microsecond are rounded). A decimal comma ("00:00:00,5") is read unless
    // `fieldDelimiter` is ',': then "00:00:00,5,..." is a time and a field 5.
    static const char* parseDateTime(const char* p, const char* end, int64_t* outUs,
                                     DateCache* cache = nullptr, char fieldDelimiter = 0)
    {
        if (end - p < 19)
            return nullptr;
        int64_t days;
        if (cache && cache->valid && std::memcmp(cache->text, p, 10) == 0) {
            days = cache->days;
        } else {
            if (!isDigit(p[0]) || !isDigit(p[1]) || !isDigit(p[2]) || !isDigit(p[3]) ||
                p[4] != '-' || !isDigit(p[5]) || !isDigit(p[6]) || p[7] != '-' || !isDigit(p[8]) ||
                !isDigit(p[9]))
                return nullptr;
            const int year =
                (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            const int month = (p[5] - '0') * 10 + (p[6] - '0');
            const int day = (p[8] - '0') * 10 + (p[9] - '0');
            if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
                return nullptr;
            days = daysFromCivil(year, month, day);
            if (cache) {
                std::memcpy(cache->text, p, 10);
                cache->days = days;
                cache->valid = true;
            }
        }
        if ((p[10] != ' ' && p[10] != 'T') || !isDigit(p[11]) || !isDigit(p[12]) || p[13] != ':' ||
            !isDigit(p[14]) || !isDigit(p[15]) || p[16] != ':' || !isDigit(p[17]) ||
            !isDigit(p[18]))
            return nullptr;
        const int hour = (p[11] - '0') * 10 + (p[12] - '0');
        const int minute = (p[14] - '0') * 10 + (p[15] - '0');
        const int second = (p[17] - '0') * 10 + (p[18] - '0');
        if (hour > 23 || minute > 59 || second > 59)
            return nullptr;
        p += 19;
        int64_t micros = 0;
        if (p < end && (*p == '.' || (*p == ',' && fieldDelimiter != ','))) {
            ++p;
            const char* digits = p;
            int count = 0;
            bool roundUp = false;
            while (p < end && isDigit(*p)) {
                if (count < 6)
                    micros = micros * 10 + (*p - '0');
                else if (count == 6)
                    roundUp = *p >= '5';
                ++count;
                ++p;
            }
            if (p == digits)
                return nullptr;
            for (int i = count; i < 6; ++i)
                micros *= 10;
            micros += roundUp ? 1 : 0;
        }
        int64_t offsetSeconds = 0;
        if (p < end && *p == 'Z') {
            ++p;
        } else if (p < end && (*p == '+' || *p == '-') && end - p >= 3 && isDigit(p[1]) &&
                   isDigit(p[2])) {
            const int sign = *p == '-' ? -1 : 1;
            int offset = ((p[1] - '0') * 10 + (p[2] - '0')) * 60;
            p += 3;
            if (p < end && *p == ':')
                ++p;
            if (end - p >= 2 && isDigit(p[0]) && isDigit(p[1])) {
                offset += (p[0] - '0') * 10 + (p[1] - '0');
                p += 2;
            }
            offsetSeconds = int64_t(sign) * offset * 60;
        }
        const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
        *outUs = seconds * 1000000 + micros;
        return p;
    }

    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
    // days_from_civil algorithm, re-derived here): shifts the year to start in
    // March so that the leap day is the last day of the year, then counts
    // 400-year eras. No mktime, so no time zone and no locale are involved.
    static int64_t daysFromCivil(int year, int month, int day)
    {
        year -= month <= 2 ? 1 : 0;
        const int64_t era = (year >= 0 ? year : year - 399) / 400;
        const int64_t yearOfEra = year - era * 400;
        const int64_t dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        const int64_t dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146097 + dayOfEra - 719468;
    }

    static int daysInMonth(int year, int month)
    {
        static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month == 2 && leap ? 29 : days[month - 1];
    }

    static bool isDigit(char c) { return unsigned(c - '0') <= 9u; }

    // True when [p, end) spells an infinity or NaN (for a clearer message than "not a number").
    static bool isNonFinite(const char* p, const char* end);

private:
    struct Decimal
    {
        uint64_t mantissa = 0; // significant digits, without the point
        int exponent = 0;      // value = mantissa * 10^exponent
        bool negative = false;
        bool truncated = false; // more than 19 significant digits or a huge exponent
    };

    static constexpr double kSigns[2] = {1.0, -1.0}; // multiplying by +-1 is exact
    static constexpr uint64_t kMaxExactMantissa = uint64_t(1) << 53;
    static constexpr double kPowersOfTen[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                                1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                                1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    // Splits [+-]digits[.digits][e[+-]digits] into sign, mantissa and exponent.
    // An 'e' without exponent digits is not consumed (so "1e" fails at the caller).
    // The digit loops do no bookkeeping: with more than 19 digits in all (rare)
    // the mantissa may have wrapped, and scanLongDecimal() reads them again.
    KINEMARK_ALWAYS_INLINE static const char* scanDecimal(const char* p, const char* end,
                                                          Decimal* d)
    {
        const char* const start = p;
        // Branch-free sign: signs of sensor values are random, and a
        // mispredicted branch per value costs more than the rest of its parse.
        if (p < end) {
            const bool minus = *p == '-';
            d->negative = minus;
            p += int(minus) | int(*p == '+');
        }
        uint64_t m = 0;
        const char* const integer = p;
        while (p < end && isDigit(*p)) {
            m = m * 10 + uint64_t(*p - '0');
            ++p;
        }
        ptrdiff_t digits = p - integer;
        int exponent = 0;
        if (p < end && *p == '.') {
            ++p;
            const char* const fraction = p;
            while (p < end && isDigit(*p)) {
                m = m * 10 + uint64_t(*p - '0');
                ++p;
            }
            exponent = -int(p - fraction);
            digits += p - fraction;
        }
        if (digits == 0)
            return nullptr;
        if (digits > 19)
            return scanLongDecimal(start, end, d);
        if (p < end && (*p == 'e' || *p == 'E'))
            p = scanExponent(p, end, &exponent);
        d->mantissa = m;
        d->exponent = exponent;
        return p;
    }

    // Adds the exponent at `p` ('e' or 'E') to *exponent; returns the position
    // after it, or `p` itself when no digits follow the 'e'.
    static const char* scanExponent(const char* p, const char* end, int* exponent)
    {
        const char* e = p + 1;
        bool negative = false;
        if (e < end && (*e == '-' || *e == '+')) {
            negative = *e == '-';
            ++e;
        }
        if (e >= end || !isDigit(*e))
            return p;
        int value = 0;
        while (e < end && isDigit(*e)) {
            if (value < 100000)
                value = value * 10 + (*e - '0');
            ++e;
        }
        *exponent += negative ? -value : value;
        return e;
    }

    // scanDecimal for more than 19 digits: keeps the first 19 significant ones
    // and marks the rest as truncated (those values then go to from_chars).
    static const char* scanLongDecimal(const char* p, const char* end, Decimal* d);

    static bool parseFloatSlow(const char* begin, const char* end, float* out);
    static bool parseDoubleSlow(const char* begin, const char* end, double* out);
    static const char* parseScaledSlow(const char* begin, const char* end, int fractionDigits,
                                       int64_t* out);
};

} // namespace kinemark
