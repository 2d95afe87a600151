// Fuzzes the HAPT reader's labels.txt: the input is the labels file of a raw
// folder whose one experiment (exp01, user01) has small, valid acc and gyro
// files, so the segments the parser accepts go on to become a ground truth.
#include "core/io/HaptReader.h"
#include "fuzz/FuzzScratch.h"

#include <QDir>
#include <exception>

namespace {

// 300 rows of three values: 6 s at 50 Hz, the same for acc and gyro.
QByteArray signalFile()
{
    QByteArray text;
    for (int i = 0; i < 300; ++i)
        text += QByteArray::number(0.01 * (i % 17)) + ' ' + QByteArray::number(-0.5) + ' ' +
                QByteArray::number(0.98) + '\n';
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace kinemark;
    static const bool ready = [] {
        const QByteArray signal = signalFile();
        QDir(FuzzScratch::directory()).mkpath(QStringLiteral("RawData"));
        FuzzScratch::write(QStringLiteral("RawData/acc_exp01_user01.txt"), signal);
        FuzzScratch::write(QStringLiteral("RawData/gyro_exp01_user01.txt"), signal);
        return true;
    }();
    (void)ready;
    FuzzScratch::write(QStringLiteral("RawData/labels.txt"), data, size);
    try {
        HaptReader::readFolder(FuzzScratch::directory());
    } catch (const std::exception&) {
        // FormatError and its kin: the reader refused the file, as it should.
    }
    return 0;
}
