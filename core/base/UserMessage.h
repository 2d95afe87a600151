#pragma once

#include <QString>
#include <exception>

namespace kinemark {

// What an exception says to the user, in one place for the CLI and the GUI.
// Libraries write their errors for developers: LibTorch's c10::Error::what()
// appends "Exception raised from ..." and a C++ backtrace of 25 frames, and
// std::bad_alloc says only "std::bad_alloc". A user needs the first part of
// the one and a sentence for the other.
class UserMessage
{
public:
    // e.what() without a library's backtrace; for running out of memory,
    // "out of memory while <doing>" (or "out of memory" when `doing` is empty).
    static QString of(const std::exception& e, const QString& doing = QString());
    // `text` cut before LibTorch's backtrace, trailing white space removed.
    static QString withoutBacktrace(const QString& text);
};

} // namespace kinemark
