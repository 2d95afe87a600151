// Automatic calibration through the real import path: the demo worn in three
// mountings (calibrated), distorted by known offsets and gains, written as raw
// counts of unknown scale to a CSV file and imported with calibration on must
// come back with those offsets (within 5 mg) and gains (within 0.5 %), an
// error below 10 mg, and its coefficients in the project file; one mounting
// alone is refused saying why and what to do.
#include "core/base/FormatError.h"
#include "core/calibration/AutoCalibrator.h"
#include "core/io/RecordingImporter.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"
#include "core/project/ProjectSummary.h"
#include "tests/support/CalibrationTestData.h"
#include "tests/support/CwaTestWriter.h"
#include "tests/support/TestSupport.h"

#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cmath>

using namespace kinemark;

namespace {

ColumnMapping countsOfUnknownScale()
{
    ColumnMapping m;
    m.sampleRateHz = 50;
    ColumnMapping::SensorColumns s;
    s.sensor = QStringLiteral("wrist");
    s.columns = QStringList{QStringLiteral("x"), QStringLiteral("y"), QStringLiteral("z")};
    m.sensors.push_back(s);
    m.unit = ColumnMapping::Unit::Counts;
    m.calibration.enabled = true;
    m.calibration.unknownScale = true;
    return m;
}

} // namespace

class TestCalibrationImport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void importRecoversTheKnownDistortion()
    {
        const Recording truth = test::variedPostures(1800);
        const test::CalibrationDistortion d;
        const QString csv = m_dir.filePath(QStringLiteral("counts.csv"));
        test::writeCountsCsv(csv, truth, d);

        Project project;
        ReadReport report;
        QCOMPARE(RecordingImporter::importInto(project, csv, RecordingImporter::Format::Csv,
                                               countsOfUnknownScale(), &report),
                 1);
        const Recording& r = *project.recordings.front();
        CalibrationCoefficients c;
        QVERIFY(CalibrationCoefficients::fromText(
            r.metadata.value(AutoCalibrator::coefficientsKey(QStringLiteral("wrist"))), &c));
        QCOMPARE(c.rawUnit, QStringLiteral("counts"));
        for (size_t a = 0; a < 3; ++a) {
            const double wantGain = d.countsPerG * d.gain[a];
            const double wantOffset = d.countsOffset + d.countsPerG * d.offsetG[a];
            const double offsetErrorMg = 1000.0 * std::abs(c.offset[a] - wantOffset) / wantGain;
            QVERIFY2(offsetErrorMg < 5.0, qPrintable(QStringLiteral("axis %1: offset %2 counts, "
                                                                    "want %3 (%4 mg off)")
                                                         .arg(a)
                                                         .arg(c.offset[a])
                                                         .arg(wantOffset)
                                                         .arg(offsetErrorMg)));
            QVERIFY2(std::abs(c.gain[a] / wantGain - 1.0) < 0.005,
                     qPrintable(QStringLiteral("axis %1: gain %2 counts/g, want %3")
                                    .arg(a)
                                    .arg(c.gain[a])
                                    .arg(wantGain)));
        }
        // The samples are the calibrated recording again, up to the counts' steps.
        double sumSq = 0;
        const size_t n = truth.sampleCount();
        QCOMPARE(r.sampleCount(), n);
        for (size_t a = 0; a < 3; ++a)
            for (size_t i = 0; i < n; i += 7) {
                const double e = double(r.sensors[0].channels[a].samples[i]) -
                                 double(truth.sensors[0].channels[a].samples[i]);
                sumSq += e * e;
            }
        QVERIFY2(std::sqrt(sumSq / (3.0 * double((n + 6) / 7))) < 0.005,
                 qPrintable(QString::number(std::sqrt(sumSq / (3.0 * double((n + 6) / 7))))));
        QCOMPARE(r.sensors[0].channels[0].unit, QStringLiteral("g"));

        // The note names the errors before and after; after is below 10 mg.
        const QString summary = r.metadata.value(AutoCalibrator::summaryKey("wrist"));
        QVERIFY2(report.repairs.join('\n').contains(summary),
                 qPrintable(report.repairs.join('\n')));
        const QRegularExpression errors(
            QStringLiteral("error ([0-9.]+) mg before[^,]*, ([0-9.]+) mg after"));
        const QRegularExpressionMatch m = errors.match(summary);
        QVERIFY2(m.hasMatch(), qPrintable(summary));
        QVERIFY(m.captured(1).toDouble() > 20);
        QVERIFY(m.captured(2).toDouble() < 10);
        qInfo("%s", qPrintable(summary));

        // The coefficients are saved with the project and `info` shows them.
        const QString kmk = m_dir.filePath(QStringLiteral("calibrated.kmk"));
        ProjectFile::save(project, kmk);
        const Project reopened = ProjectFile::open(kmk);
        QCOMPARE(reopened.recordings.front()->metadata, r.metadata);
        // The report's numbers come back from the reopened project.
        const std::vector<CalibrationReport> reports =
            AutoCalibrator::reportsOf(*reopened.recordings.front());
        QCOMPARE(reports.size(), size_t(1));
        QCOMPARE(reports[0].summary(), summary);
        QVERIFY(reports[0].errorAfterMg < 10 && reports[0].stillWindows > 100);
        const QString info = ProjectSummary::toText(reopened);
        QVERIFY2(info.contains(QLatin1String("Calibration (automatic, on import)")) &&
                     info.contains(summary) && info.contains(c.toText()),
                 qPrintable(info));
    }

    void oneMountingIsRefusedSayingWhy()
    {
        const Recording flat = test::oneMounting(1800);
        const QString csv = m_dir.filePath(QStringLiteral("one-mounting.csv"));
        test::writeCountsCsv(csv, flat, test::CalibrationDistortion());
        Project project;
        try {
            RecordingImporter::importInto(project, csv, RecordingImporter::Format::Csv,
                                          countsOfUnknownScale());
            QFAIL("a recording of one mounting was calibrated");
        } catch (const FormatError& e) {
            QCOMPARE(e.file(), csv);
            const QString text = e.describe();
            for (const char* part :
                 {"sensor 'wrist'", "do not span enough orientations", "still window(s) found",
                  "below -0.3 g", "--calibrate off", "--counts-per-g"})
                QVERIFY2(text.contains(QLatin1String(part)), qPrintable(text));
        }
        QVERIFY(project.recordings.empty());
    }

    void deviceFilesAreCalibratedToo()
    {
        // An Axivity .cwa (values in g) of the distorted postures, 50 Hz.
        const Recording truth = test::variedPostures(1800);
        const test::CalibrationDistortion d;
        const auto& ch = truth.sensors[0].channels;
        test::CwaTestWriter::Options o;
        o.rateHz = 50;
        const QByteArray bytes = test::CwaTestWriter::makeFile(
            o, 1.7e9, int64_t(truth.sampleCount()), [&](int64_t i, float* xyz) {
                for (size_t a = 0; a < 3; ++a)
                    xyz[a] = float(d.offsetG[a] + d.gain[a] * ch[a].samples[size_t(i)]);
            });
        const QString cwa = m_dir.filePath(QStringLiteral("postures.cwa"));
        test::writeFile(cwa, bytes);
        DeviceImportOptions options;
        options.rateHz = 50;
        options.calibration.enabled = true;
        Project project;
        ReadReport report;
        try {
            QCOMPARE(RecordingImporter::importDevices(
                         project, {cwa}, RecordingImporter::Format::Cwa, options, &report),
                     1);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        const Recording& r = *project.recordings.front();
        const QString sensor = r.sensors[0].name;
        CalibrationCoefficients c;
        QVERIFY2(CalibrationCoefficients::fromText(
                     r.metadata.value(AutoCalibrator::coefficientsKey(sensor)), &c),
                 qPrintable(report.repairs.join('\n') + report.warnings.join('\n')));
        QCOMPARE(c.rawUnit, QStringLiteral("g"));
        for (size_t a = 0; a < 3; ++a) {
            QVERIFY2(std::abs(c.offset[a] - d.offsetG[a]) / d.gain[a] < 0.005,
                     qPrintable(c.toText()));
            QVERIFY2(std::abs(c.gain[a] / d.gain[a] - 1) < 0.005, qPrintable(c.toText()));
        }
    }

    void temperatureDriftIsFittedWhereTheFileStoresIt()
    {
        // The distorted postures again, as a .cwa whose offsets also drift with
        // the device's temperature, which warms and cools in 25-minute cycles
        // that have nothing to do with the posture; each block stores the
        // temperature at its start, quantised as a device does.
        const Recording truth = test::variedPostures(1800);
        const test::CalibrationDistortion d;
        const std::array<double, 3> driftG{0.003, -0.002, 0.004}; // g per degree C
        const double rate = 50, pi = 3.14159265358979323846;
        auto celsiusAt = [&](double sample) {
            return 27.0 + 6.0 * std::sin(2.0 * pi * sample / rate / 1500.0);
        };
        const auto& ch = truth.sensors[0].channels;
        test::CwaTestWriter::Options o;
        o.rateHz = rate;
        o.packed = false;
        o.temperatureAt = [&](int64_t first) {
            return test::CwaTestWriter::storedTemperature(celsiusAt(double(first)));
        };
        const QByteArray bytes = test::CwaTestWriter::makeFile(
            o, 1.7e9, int64_t(truth.sampleCount()), [&](int64_t i, float* xyz) {
                const double warm = celsiusAt(double(i)) - 27.0;
                for (size_t a = 0; a < 3; ++a)
                    xyz[a] = float(d.offsetG[a] + driftG[a] * warm +
                                   d.gain[a] * ch[a].samples[size_t(i)]);
            });
        const QString cwa = m_dir.filePath(QStringLiteral("warming.cwa"));
        test::writeFile(cwa, bytes);

        auto import = [&](double minTemperatureSdC, CalibrationCoefficients* c,
                          CalibrationReport* report) {
            DeviceImportOptions options;
            options.rateHz = rate;
            options.calibration.enabled = true;
            options.calibration.minTemperatureSdC = minTemperatureSdC;
            Project project;
            RecordingImporter::importDevices(project, {cwa}, RecordingImporter::Format::Cwa,
                                             options);
            const Recording& r = *project.recordings.front();
            QVERIFY(CalibrationCoefficients::fromText(
                r.metadata.value(AutoCalibrator::coefficientsKey(r.sensors[0].name)), c));
            const auto reports = AutoCalibrator::reportsOf(r);
            QCOMPARE(reports.size(), size_t(1));
            *report = reports[0];
            // The temperature range read from the blocks is in the metadata.
            QVERIFY2(r.metadata.value(r.sensors[0].name + QStringLiteral(".temperature"))
                         .contains(QLatin1String("readings")),
                     qPrintable(r.metadata.keys().join(',')));
        };
        CalibrationCoefficients warm, cold;
        CalibrationReport warmReport, coldReport;
        import(0.5, &warm, &warmReport);
        import(1e9, &cold, &coldReport);
        if (QTest::currentTestFailed())
            return;
        qInfo("with temperature: %s", qPrintable(warmReport.summary()));
        qInfo("without: %s", qPrintable(coldReport.summary()));

        QVERIFY(warm.hasTemperature && warmReport.temperatureUsed);
        QVERIFY(!cold.hasTemperature && !coldReport.temperatureUsed);
        QVERIFY2(coldReport.summary().contains(QLatin1String("varies too little")),
                 qPrintable(coldReport.summary()));
        QVERIFY2(warmReport.summary().contains(QLatin1String("temperature drift x, y, z")),
                 qPrintable(warmReport.summary()));
        // The reference temperature is the still windows' mean: inside the cycle.
        QVERIFY2(warm.referenceC > 21.0 && warm.referenceC < 33.0, qPrintable(warm.toText()));
        for (size_t a = 0; a < 3; ++a) {
            // Drift within 0.4 mg per degree (measured: 0.1-0.3; the 0.3 C
            // steps of the stored temperature and the postures' own 1-2 mg
            // residuals limit it); the offset at the reference temperature
            // within 5 mg; gains within 0.5 %.
            QVERIFY2(std::abs(warm.driftMgPerC(int(a)) - 1000.0 * driftG[a] / d.gain[a]) < 0.4,
                     qPrintable(warm.toText()));
            const double wantOffset = d.offsetG[a] + driftG[a] * (warm.referenceC - 27.0);
            QVERIFY2(1000.0 * std::abs(warm.offset[a] - wantOffset) / d.gain[a] < 5.0,
                     qPrintable(warm.toText()));
            QVERIFY2(std::abs(warm.gain[a] / d.gain[a] - 1) < 0.005, qPrintable(warm.toText()));
        }
        // The temperature term is what brings the error down: without it the
        // drift (up to 24 mg) stays in the still periods.
        QVERIFY2(warmReport.errorAfterMg < 5.0, qPrintable(warmReport.summary()));
        QVERIFY2(coldReport.errorAfterMg > 2.0 * warmReport.errorAfterMg,
                 qPrintable(coldReport.summary()));
        // The coefficients' text reads back with the drift.
        CalibrationCoefficients back;
        QVERIFY(CalibrationCoefficients::fromText(warm.toText(), &back));
        QCOMPARE(back.toText(), warm.toText());
    }

    void dataInGAreLeftAloneUnlessAsked()
    {
        const Recording truth = test::variedPostures(600);
        const QString csv = m_dir.filePath(QStringLiteral("g.csv"));
        test::CalibrationDistortion d;
        d.countsPerG = 1;
        d.countsOffset = 0;
        // Integer counts of 1 per g would lose everything: write g with decimals.
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray text = "x,y,z\n";
        for (size_t i = 0; i < truth.sampleCount(); ++i)
            for (size_t a = 0; a < 3; ++a)
                text += QByteArray::number(d.offsetG[a] +
                                               d.gain[a] * truth.sensors[0].channels[a].samples[i],
                                           'f', 5) +
                        (a < 2 ? "," : "\n");
        f.write(text);
        f.close();
        ColumnMapping m = countsOfUnknownScale();
        m.unit = ColumnMapping::Unit::G;
        m.calibration = CalibrationOptions();
        Project plain;
        RecordingImporter::importInto(plain, csv, RecordingImporter::Format::Csv, m);
        QVERIFY(plain.recordings.front()->metadata.isEmpty());
        QVERIFY(std::abs(plain.recordings.front()->sensors[0].channels[1].samples[0] -
                         (d.offsetG[1] + d.gain[1] * truth.sensors[0].channels[1].samples[0])) <
                1e-4);
        m.calibration.enabled = true;
        Project calibrated;
        RecordingImporter::importInto(calibrated, csv, RecordingImporter::Format::Csv, m);
        CalibrationCoefficients c;
        QVERIFY(CalibrationCoefficients::fromText(
            calibrated.recordings.front()->metadata.value(
                AutoCalibrator::coefficientsKey(QStringLiteral("wrist"))),
            &c));
        QCOMPARE(c.rawUnit, QStringLiteral("g"));
        for (size_t a = 0; a < 3; ++a) {
            QVERIFY(std::abs(c.offset[a] - d.offsetG[a]) < 0.005);
            QVERIFY(std::abs(c.gain[a] / d.gain[a] - 1) < 0.005);
        }
    }
};

QTEST_GUILESS_MAIN(TestCalibrationImport)
#include "tst_calibrationimport.moc"
