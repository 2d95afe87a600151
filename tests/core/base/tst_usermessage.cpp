#include "core/base/FormatError.h"
#include "core/base/UserMessage.h"

#include <QtTest>
#include <new>
#include <stdexcept>

using kinemark::UserMessage;

// What users read when something fails: never a library's backtrace, never a
// bare "std::bad_alloc" (issue #16).
class TestUserMessage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void libTorchBacktraceIsCut();
    void outOfMemorySaysWhatWasBeingDone();
    void otherMessagesAreKept();
};

void TestUserMessage::libTorchBacktraceIsCut()
{
    // The shape of c10::Error::what() in LibTorch 1.13 (one line of the
    // message, then where it was raised and the frames).
    const std::string what =
        "shape '[3]' is invalid for input of size 2\n"
        "Exception raised from infer_size_impl at ../aten/src/ATen/InferSize.h:92 (most recent "
        "call first):\n"
        "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x4d (0x7f in "
        "/lib/libc10.so)\n"
        "frame #1: at::native::view(at::Tensor const&, c10::ArrayRef<long>) + 0x3f (0x7f in "
        "/lib/libtorch_cpu.so)\n";
    const QString message = UserMessage::of(std::runtime_error(what));
    QCOMPARE(message, QStringLiteral("shape '[3]' is invalid for input of size 2"));

    // Without the "Exception raised from" line, the frames alone are cut too.
    QCOMPARE(UserMessage::withoutBacktrace(QStringLiteral("bad weights\nframe #0: f() + 0x1\n")),
             QStringLiteral("bad weights"));
}

void TestUserMessage::outOfMemorySaysWhatWasBeingDone()
{
    const std::bad_alloc e;
    QCOMPARE(UserMessage::of(e), QStringLiteral("out of memory"));
    const QString message = UserMessage::of(e, QStringLiteral("reading big.cwa"));
    QCOMPARE(message, QStringLiteral("out of memory while reading big.cwa"));
    QVERIFY(!message.contains(QLatin1String("std::")));
}

void TestUserMessage::otherMessagesAreKept()
{
    const kinemark::FormatError e(QStringLiteral("a.csv"), QStringLiteral("'x' is not a number"), 3,
                                  2);
    QCOMPARE(UserMessage::of(e), QString::fromUtf8(e.what()));
    QCOMPARE(UserMessage::of(std::runtime_error("  two\nlines  ")), QStringLiteral("  two\nlines"));
}

QTEST_GUILESS_MAIN(TestUserMessage)
#include "tst_usermessage.moc"
