// kinemark-cli and automatic calibration: `import --unit counts` without
// --counts-per-g calibrates by default (the demo worn in three mountings,
// distorted by known offsets and gains, written as counts), prints the note,
// and `info` shows the coefficients saved in the project; a recording of one
// mounting is refused naming the file and the options; bad values of
// --calibrate and counts without any scale are usage errors.
#include "core/calibration/CalibrationCoefficients.h"
#include "tests/support/CalibrationTestData.h"
#include "tests/support/CliRunner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {
QStringList csvArgs()
{
    return {"--format", "csv", "--rate", "50", "--sensor", "wrist=x,y,z", "--unit", "counts"};
}
} // namespace

class TestCliCalibration : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void countsAreCalibratedByDefault()
    {
        const test::CalibrationDistortion d;
        const QString csv = m_dir.filePath(QStringLiteral("counts.csv"));
        test::writeCountsCsv(csv, test::variedPostures(1800), d);
        const QString kmk = m_dir.filePath(QStringLiteral("out.kmk"));
        const CliResult imported = runCli(QStringList{"import", csv, "-o", kmk} + csvArgs());
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY2(imported.err.contains(QLatin1String("note: automatic calibration: sensor "
                                                     "'wrist' calibrated from")),
                 qPrintable(imported.err));

        const CliResult info = runCli({"info", kmk});
        QVERIFY2(info.exitCode == 0, qPrintable(info.err));
        QVERIFY2(info.out.contains(QLatin1String("Calibration (automatic, on import)")) &&
                     info.out.contains(QLatin1String("mg after")),
                 qPrintable(info.out));

        const CliResult json = runCli({"info", kmk, "--json"});
        QVERIFY2(json.exitCode == 0, qPrintable(json.err));
        const QJsonObject sensor = QJsonDocument::fromJson(json.out.toUtf8())
                                       .object()["recordings"]
                                       .toArray()[0]
                                       .toObject()["sensors"]
                                       .toArray()[0]
                                       .toObject();
        CalibrationCoefficients c;
        QVERIFY2(
            CalibrationCoefficients::fromText(sensor["calibration_coefficients"].toString(), &c),
            qPrintable(json.out));
        for (size_t a = 0; a < 3; ++a) {
            const double wantGain = d.countsPerG * d.gain[a];
            const double wantOffset = d.countsOffset + d.countsPerG * d.offsetG[a];
            QVERIFY(1000.0 * std::abs(c.offset[a] - wantOffset) / wantGain < 5.0);
            QVERIFY(std::abs(c.gain[a] / wantGain - 1.0) < 0.005);
        }
        // `info` on the CSV itself calibrates it the same way.
        const CliResult direct = runCli(QStringList{"info", csv} + csvArgs());
        QVERIFY2(direct.exitCode == 0 && direct.out.contains(c.toText()),
                 qPrintable(direct.out + direct.err));
    }

    void oneMountingIsRefused()
    {
        const QString csv = m_dir.filePath(QStringLiteral("flat.csv"));
        test::writeCountsCsv(csv, test::oneMounting(1800), test::CalibrationDistortion());
        const QString kmk = m_dir.filePath(QStringLiteral("flat.kmk"));
        const CliResult r = runCli(QStringList{"import", csv, "-o", kmk} + csvArgs());
        QVERIFY(r.exitCode != 0);
        for (const char* part : {"flat.csv", "sensor 'wrist'", "do not span enough orientations",
                                 "still window(s) found", "--calibrate off", "--counts-per-g"})
            QVERIFY2(r.err.contains(QLatin1String(part)), qPrintable(r.err));
        QVERIFY(!QFile::exists(kmk));
    }

    void badValuesAreUsageErrors()
    {
        const QString csv = m_dir.filePath(QStringLiteral("flat.csv"));
        test::writeCountsCsv(csv, test::oneMounting(60), test::CalibrationDistortion());
        const QString kmk = m_dir.filePath(QStringLiteral("bad.kmk"));
        CliResult r =
            runCli(QStringList{"import", csv, "-o", kmk, "--calibrate", "sometimes"} + csvArgs());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--calibrate: 'sometimes' is not auto or off")),
                 qPrintable(r.err));
        r = runCli(QStringList{"import", csv, "-o", kmk, "--calibrate", "off"} + csvArgs());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--counts-per-g")), qPrintable(r.err));
        // With a known scale and calibration off, counts import as they are.
        r = runCli(
            QStringList{"import", csv, "-o", kmk, "--calibrate", "off", "--counts-per-g", "256"} +
            csvArgs());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(!r.err.contains(QLatin1String("automatic calibration")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCliCalibration)
#include "tst_cli_calibration.moc"
