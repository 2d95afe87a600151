#pragma once

#include "core/base/FormatError.h"

#include <QString>

namespace kinemark::test {

// What a reader threw: whether a FormatError came, its describe() text
// ("file:line:column: message") and its place, for tests that pin messages.
struct Caught
{
    bool thrown = false;
    QString text;
    qint64 line = 0;
    int column = 0;
};

template <typename F> Caught catchFormatError(F&& f)
{
    Caught c;
    try {
        f();
    } catch (const FormatError& e) {
        c.thrown = true;
        c.text = e.describe();
        c.line = e.line();
        c.column = e.column();
    }
    return c;
}

} // namespace kinemark::test
