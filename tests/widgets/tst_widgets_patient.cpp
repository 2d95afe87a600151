// The Patient view on the several-day demo: the summary behind it (the
// night is worn, the third day's forgotten sensor is non-wear and the day is
// flagged), the day view's hover text and click-to-time, and the summary
// panel's table. KINEMARK_SCREENSHOT_DIR=docs renders the screenshots of the
// documentation from a week of the demo.
#include "core/demo/DemoRecordingGenerator.h"
#include "widgets/patient/PatientDayView.h"
#include "widgets/patient/PatientPanel.h"
#include "widgets/patient/TimeUseSettingsDialog.h"
#include "widgets/patient/TimeUseSummaryPanel.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/report/DayLabel.h"
#include "widgets/report/PatientDayPainter.h"
#include "widgets/report/ReportTableLayout.h"
#include "widgets/report/TimeUseCharts.h"
#include "widgets/report/TimeUseReport.h"
#include "widgets/report/TimeUseTable.h"

#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QPdfWriter>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {
// Local seconds since the epoch of day `day` (0 = the recording's first) at `hour`.
double localTime(const TimeUseSummary& s, int day, double hour)
{
    const qint64 days = s.days.front().date.toJulianDay() - QDate(1970, 1, 1).toJulianDay() + day;
    return double(days) * 86400 + hour * 3600;
}

const ActivitySpan& spanAt(const TimeUseSummary& s, double local)
{
    const int64_t sample = int64_t(s.sampleAt(local));
    for (const ActivitySpan& span : s.timeline)
        if (sample >= span.start && sample < span.end)
            return span;
    return s.timeline.back();
}
} // namespace

class PatientViewTest : public QObject
{
    Q_OBJECT

private slots:
    void daysWithoutAStartDateAreNumbered()
    {
        // A recording without an absolute start begins at the epoch: its days
        // were labelled "Thu 1 Jan", "Fri 2 Jan" (1970) in the strips, the
        // table, the bar chart and the tooltips. They are "Day 1", "Day 2", ….
        DemoOptions options = DemoOptions::severalDays(2);
        options.sampleRateHz = 5;
        auto recording = std::make_shared<Recording>(DemoRecordingGenerator::generate(options));
        recording->startTimeUs = 0;
        const LabelSet harth = LabelSet::builtin("harth");
        PatientPanel panel;
        panel.resize(1200, 700);
        panel.setRecording(recording, &harth);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.waitForSummary();
        const auto s = panel.summary();
        QVERIFY(s && s->days.size() >= 2);
        QCOMPARE(DayLabel::of(*s, 0), QStringLiteral("Day 1"));
        QCOMPARE(DayLabel::of(*s, 1), QStringLiteral("Day 2"));
        QCOMPARE(DayLabel::of(*s, 1, DayLabel::Length::Short), QStringLiteral("2"));
        const TimeUseTable table(*s);
        QVERIFY2(table.rows()[0].value(0).startsWith(QStringLiteral("Day 1")),
                 qPrintable(table.rows()[0].value(0)));
        QVERIFY(panel.summaryPanel()->table()->item(1, 0)->text().startsWith("Day 2"));
        // The tooltip of a moment on the second day.
        PatientDayView* view = panel.dayView();
        const PatientDayPainter painter(*s, QRectF(view->rect()).adjusted(4, 4, -4, -4));
        const QString tip = view->describeAt(painter.stripRect(1).center());
        QVERIFY2(tip.startsWith(QStringLiteral("Day 2 ")), qPrintable(tip));
        // With a start date: dates, as before.
        recording->startTimeUs = 1709546400000000LL;
        panel.setRecording(recording, &harth);
        panel.waitForSummary();
        QCOMPARE(DayLabel::of(*panel.summary(), 0),
                 QLocale().toString(QDate(2024, 3, 4), QStringLiteral("ddd d MMM")));
    }

    void threeDaysOfDemo()
    {
        DemoOptions options = DemoOptions::severalDays(3);
        options.sampleRateHz = 10; // enough for the rules, and quick
        auto recording = std::make_shared<Recording>(DemoRecordingGenerator::generate(options));
        QCOMPARE(recording->startTimeUs, int64_t(1709546400000000LL));
        const LabelSet harth = LabelSet::builtin("harth");

        TimeAxisState axis;
        axis.reset(recording->durationSeconds(), recording->startTimeUs / 1e6,
                   recording->sampleRateHz);
        PatientPanel panel;
        panel.resize(1200, 800);
        panel.setTimeAxis(&axis);
        panel.setRecording(recording, &harth);
        panel.show(); // lays the day view out as on screen
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.waitForSummary();
        const auto s = panel.summary();
        QVERIFY(s);
        QCOMPARE(panel.trackName(), QStringLiteral("ground truth"));
        // Monday 10:00 to Thursday 08:00: four calendar days.
        QCOMPARE(s->days.size(), size_t(4));
        QCOMPARE(s->days[0].date, QDate(2024, 3, 4));
        QCOMPARE(s->days[0].recordedSeconds, 14 * 3600.0);
        // Nights are worn (lying), even without a turn for an hour.
        for (int day = 1; day <= 2; ++day) {
            const ActivitySpan& night = spanAt(*s, localTime(*s, day, 3.0));
            QVERIFY2(!night.nonWear, qPrintable(QStringLiteral("day %1, 03:00").arg(day)));
            QCOMPARE(night.classId, 8);
        }
        // Wednesday from 09:00 the sensors lie on a table: non-wear, and the day is flagged.
        QVERIFY(spanAt(*s, localTime(*s, 2, 12.0)).nonWear);
        QVERIFY(spanAt(*s, localTime(*s, 2, 23.0)).nonWear);
        QVERIFY(!s->days[2].valid);
        QVERIFY(s->days[1].valid);
        QVERIFY(s->days[1].wearSeconds > 19 * 3600);
        QVERIFY(!s->days[3].valid); // Thursday: only until 08:00
        // Tuesday is an office day: hours of sitting, some walking, sleep.
        const DaySummary& tue = s->days[1];
        QVERIFY(tue.classSeconds[size_t(s->classIndex(7))] > 4 * 3600);
        QVERIFY(tue.classSeconds[size_t(s->classIndex(8))] > 6 * 3600);
        QVERIFY(tue.classSeconds[size_t(s->classIndex(1))] > 10 * 60);
        QVERIFY(tue.sedentaryBouts >= 1);
        QVERIFY(tue.transitions >= 5);

        // Hover and click in the day view.
        PatientDayView* view = panel.dayView();
        const PatientDayPainter geometry(*s, QRectF(view->rect()).adjusted(4, 4, -4, -4));
        const QRectF wednesday = geometry.stripRect(2);
        const QPoint noon(int(wednesday.left() + wednesday.width() * 0.5),
                          int(wednesday.center().y()));
        QVERIFY2(view->describeAt(noon).contains("not worn"), qPrintable(view->describeAt(noon)));
        const QRectF monday = geometry.stripRect(0);
        const QPoint early(int(monday.left() + monday.width() * 0.2), int(monday.center().y()));
        QVERIFY(view->describeAt(early).contains("no data")); // 04:48, before the start
        const QRectF tuesday = geometry.stripRect(1);
        const QPoint three(int(tuesday.left() + tuesday.width() * 3 / 24.0),
                           int(tuesday.center().y()));
        QVERIFY2(view->describeAt(three).contains("lying"), qPrintable(view->describeAt(three)));
        QTest::mouseClick(view, Qt::LeftButton, {}, three);
        // Tuesday 03:00 is 17 h after the start; one pixel is about two minutes.
        QVERIFY2(std::abs(axis.cursor() - 17 * 3600.0) < 300,
                 qPrintable(QString::number(axis.cursor())));
        QVERIFY(axis.visibleSpan() <= 600.5);

        // The summary panel's table: a row per day and three means.
        QCOMPARE(panel.summaryPanel()->table()->rowCount(), 4 + 3);
        QVERIFY(panel.summaryPanel()->table()->item(2, 0)->text().contains(QStringLiteral("⚠")));
    }

    // The settings dialog's choices reach the summaries, and an edit of the
    // shown track is reflected after refresh() (the annotator's correction
    // shows up in the clinician's figures without reopening anything).
    void settingsAndRefresh()
    {
        DemoOptions options = DemoOptions::severalDays(3);
        options.sampleRateHz = 10;
        auto recording = std::make_shared<Recording>(DemoRecordingGenerator::generate(options));
        const LabelSet harth = LabelSet::builtin("harth");
        PatientPanel panel;
        panel.setRecording(recording, &harth);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.waitForSummary();
        const auto before = panel.summary();
        QVERIFY(before->validDays >= 1);
        const double tuesdaySitting = before->days[1].classSeconds[size_t(before->classIndex(7))];
        QVERIFY(tuesdaySitting > 4 * 3600);

        TimeUseSettingsDialog dialog(panel.settings(), harth);
        int sittingRow = -1;
        for (int row = 0; row < int(harth.classes.size()); ++row)
            if (dialog.groupCombo(row) &&
                dialog.groupCombo(row)->currentText() == QStringLiteral("sedentary") &&
                sittingRow < 0)
                sittingRow = row;
        QVERIFY(sittingRow >= 0);
        dialog.groupCombo(sittingRow)->setCurrentIndex(0); // (none)
        dialog.minimumWearHours()->setValue(23.9);
        const TimeUseSettings chosen = dialog.settings();
        QCOMPARE(chosen.options.minimumWearSeconds, 23.9 * 3600);
        const TimeUseOptions harthOptions = chosen.optionsFor("harth"); // find() points into it
        const ActivityGroup* sedentary = harthOptions.grouping.find("sedentary");
        QVERIFY(sedentary);
        QCOMPARE(int(sedentary->classIds.size()),
                 int(ActivityGrouping::defaultsFor(harth).find("sedentary")->classIds.size()) - 1);
        panel.setSettings(chosen);
        panel.waitForSummary();
        // Only a whole day without non-wear has 23.9 h of wear; the shorter
        // first and last days (10:00 start) no longer count.
        QVERIFY(panel.summary()->validDays < before->validDays);
        for (const DaySummary& day : panel.summary()->days)
            QCOMPARE(day.valid, day.wearSeconds >= 23.9 * 3600);
        QVERIFY(panel.summary()->days[1].sedentaryBouts < before->days[1].sedentaryBouts ||
                before->days[1].sedentaryBouts == 0);

        // An edit: Tuesday 09:00-17:00 relabelled as walking.
        const int64_t tuesday9 =
            int64_t((23 * 3600) * recording->sampleRateHz); // Monday 10:00 + 23 h
        recording->groundTruth()->assign(tuesday9,
                                         tuesday9 + int64_t(8 * 3600 * recording->sampleRateHz), 1);
        panel.refresh();
        panel.waitForSummary();
        const auto after = panel.summary();
        QVERIFY(after != before);
        QVERIFY2(
            after->days[1].classSeconds[size_t(after->classIndex(7))] < tuesdaySitting - 3600,
            qPrintable(QString::number(after->days[1].classSeconds[size_t(after->classIndex(7))])));
        QVERIFY(after->days[1].classSeconds[size_t(after->classIndex(1))] >= 8 * 3600 - 1);
    }

    // A prediction's report names its model and validation metrics.
    void reportOfAPrediction()
    {
        DemoOptions options = DemoOptions::severalDays(2);
        options.sampleRateHz = 5;
        Project project = DemoRecordingGenerator::demoProject(options);
        Recording& r = *project.recordings.front();
        AnnotationTrack prediction = *r.groundTruth();
        prediction.setName(QStringLiteral("cnn-center"));
        prediction.setKind(AnnotationTrack::Kind::Prediction);
        r.tracks.push_back(prediction);
        StoredModel model;
        model.id = QStringLiteral("cnn-center 2026-11-30 18:04");
        model.kind = QStringLiteral("cnn-center");
        model.summary = QJsonObject{{"created", "2026-11-30T18:04:00Z"},
                                    {"validation", QJsonObject{{"macro_f1", 0.81}}}};
        project.models.push_back(model);

        const AnnotationTrack& track = r.tracks.back();
        const TimeUseReportInfo info =
            TimeUseReportInfo::describe(project, "p.kmk", r, track, QStringLiteral("test"));
        QVERIFY(info.trackIsPrediction);
        QCOMPARE(info.modelId, model.id); // found by its kind, which names the track
        QCOMPARE(info.validation.value("macro_f1").toDouble(), 0.81);
        QCOMPARE(info.subjectId, QStringLiteral("demo-patient"));

        const TimeUseSummary summary = TimeUseSummary::compute(
            r, &track, project.labelSet(QStringLiteral("harth")), TimeUseOptions());
        QTemporaryDir dir;
        const QString pdf = dir.filePath("r.pdf");
        QCOMPARE(TimeUseReport::writePdf(pdf, summary, info), QString());
        QFile f(pdf);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().startsWith("%PDF"));
        // An unwritable path is named.
        const QString bad = dir.filePath("missing/folder/r.pdf");
        QVERIFY(TimeUseReport::writePdf(bad, summary, info).contains(bad));
    }

    // Report page 2 with class names of 40 characters (one a single word):
    // every header of both tables fits its column as measured with the
    // report's font on the PDF device, nothing of it is dropped, and the table
    // fits the page. KINEMARK_SCREENSHOT_DIR keeps the PDF.
    void reportHeadersFitWithLongClassNames()
    {
        DemoOptions options = DemoOptions::severalDays(2);
        options.sampleRateHz = 10;
        const Recording recording = DemoRecordingGenerator::generate(options);
        LabelSet labels = LabelSet::builtin("harth");
        for (LabelClass& c : labels.classes) {
            const QString name =
                c.id == 7 ? QStringLiteral("sedentarybehaviourwithoutanybreakatall")
                          : QStringLiteral("%1 with a long and careful name").arg(c.name);
            c.name = name.leftJustified(40, QLatin1Char('x'), true);
        }
        const TimeUseSummary summary =
            TimeUseSummary::compute(recording, recording.groundTruth(), &labels, {});
        const TimeUseTable table(summary);
        QTemporaryDir dir;
        const QString shots = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
        const QString pdf = QDir(shots.isEmpty() ? dir.path() : shots).filePath("report-long.pdf");
        QPdfWriter writer(dir.filePath("measure.pdf")); // measures only, paints nothing
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setResolution(150); // as TimeUseReport
        const double available = writer.width() * 0.86;
        QFont font;
        font.setPointSizeF(7);
        int rotated = 0;
        for (const std::vector<int>& shown : {table.overviewColumns(), table.classColumns()}) {
            const QStringList headers = table.headersOf(shown);
            const std::vector<QStringList> rows = table.rowsOf(shown);
            QVERIFY(headers.size() > 4);
            const ReportTableLayout l =
                ReportTableLayout::compute(headers, rows, font, &writer, available);
            QVERIFY2(l.totalWidth() <= available + 0.5,
                     qPrintable(QString::number(l.totalWidth())));
            QFont bold = l.font;
            bold.setBold(true);
            const QFontMetricsF head(bold, &writer);
            rotated += l.rotatedHeaders;
            for (int c = 0; c < headers.size(); ++c) {
                const QStringList& lines = l.headerLines[size_t(c)];
                QCOMPARE(lines.join(QLatin1Char(' ')).simplified(), headers[c].simplified());
                const double inner = l.widths[size_t(c)] - 2 * l.padding;
                if (l.rotatedHeaders && c > 0) {
                    QCOMPARE(lines.size(), 1);
                    QVERIFY2(head.horizontalAdvance(lines[0]) <= l.headerHeight - 2 * l.padding,
                             qPrintable(headers[c]));
                    QVERIFY(head.height() <= inner + 0.5);
                } else {
                    QVERIFY(lines.size() <= ReportTableLayout::kMaxHeaderLines);
                    QVERIFY(lines.size() * head.lineSpacing() <= l.headerHeight);
                    for (const QString& line : lines)
                        QVERIFY2(head.horizontalAdvance(line) <= inner + 0.5,
                                 qPrintable(QStringLiteral("%1: '%2' %3 > %4")
                                                .arg(c)
                                                .arg(line)
                                                .arg(head.horizontalAdvance(line))
                                                .arg(inner)));
                }
                for (const QStringList& row : rows)
                    QVERIFY(head.horizontalAdvance(row.value(c)) <= inner + 0.5);
            }
        }
        QVERIFY(rotated <= 2);
        // The report itself is written with these tables.
        TimeUseReportInfo info;
        info.subjectId = QStringLiteral("P01");
        info.generated = QDateTime::currentDateTime();
        QCOMPARE(TimeUseReport::writePdf(pdf, summary, info), QString());
    }

    void hourLabelsNeverOverlap()
    {
        // The docked Patient summary gives the heat map ~5 px an hour: its
        // hour labels every 3 hours overlapped ("00030609121518 21").
        const QFontMetricsF fm(QApplication::font());
        const double label = fm.horizontalAdvance(QStringLiteral("00")) + 4;
        int previous = 1;
        for (double hourWidth = 1; hourWidth <= 60; hourWidth += 0.5) {
            const int step = TimeUseCharts::hourLabelStep(hourWidth, label);
            QVERIFY2(step * hourWidth >= label || step == 24,
                     qPrintable(QString::number(hourWidth)));
            QCOMPARE(24 % step, 0);
            QVERIFY(step <= previous || hourWidth == 1); // wider hours never need more room
            previous = step;
        }
        QCOMPARE(TimeUseCharts::hourLabelStep(5, label), label <= 15 ? 3 : label <= 20 ? 4 : 6);
        QCOMPARE(TimeUseCharts::hourLabelStep(60, label), 1);
    }

    void screenshots()
    {
        const QString shots = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
        if (shots.isEmpty())
            QSKIP("set KINEMARK_SCREENSHOT_DIR to render the documentation's screenshots");
        auto recording = std::make_shared<Recording>(
            DemoRecordingGenerator::generate(DemoOptions::severalDays(7)));
        const LabelSet harth = LabelSet::builtin("harth");
        PatientPanel panel;
        panel.resize(1500, 1000);
        panel.setRecording(recording, &harth);
        panel.show();
        panel.waitForSummary();
        QTest::qWait(50);
        QVERIFY(panel.grab().save(QDir(shots).filePath("patient-view.png")));
        PatientDayView days;
        days.resize(1300, 380);
        days.setSummary(panel.summary());
        QVERIFY(days.grab().save(QDir(shots).filePath("patient-days.png")));
        TimeUseSettingsDialog settings(panel.settings(), harth);
        settings.resize(900, 460);
        settings.show();
        QVERIFY(QTest::qWaitForWindowExposed(&settings));
        QVERIFY(settings.grab().save(QDir(shots).filePath("patient-settings.png")));
    }
};

QTEST_MAIN(PatientViewTest)
#include "tst_widgets_patient.moc"
