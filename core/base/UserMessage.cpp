#include "core/base/UserMessage.h"

#include <new>

namespace kinemark {

QString UserMessage::withoutBacktrace(const QString& text)
{
    // c10::Error::what() is "<message>\nException raised from <function> at
    // <file>:<line> (most recent call first):\nframe #0: ...". Older LibTorch
    // versions started the trace with "\nframe #0" directly.
    qsizetype cut = text.indexOf(QLatin1String("Exception raised from "));
    const qsizetype frames = text.indexOf(QLatin1String("frame #0"));
    if (cut < 0 || (frames >= 0 && frames < cut))
        cut = frames;
    QString message = cut >= 0 ? text.left(cut) : text;
    while (!message.isEmpty() && message.back().isSpace())
        message.chop(1);
    return message.isEmpty() ? text.trimmed() : message;
}

QString UserMessage::of(const std::exception& e, const QString& doing)
{
    if (dynamic_cast<const std::bad_alloc*>(&e))
        return doing.isEmpty() ? QStringLiteral("out of memory")
                               : QStringLiteral("out of memory while %1").arg(doing);
    return withoutBacktrace(QString::fromUtf8(e.what()));
}

} // namespace kinemark
