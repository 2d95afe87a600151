#include "widgets/report/TimeUseReport.h"

#include "core/base/ElapsedTime.h"
#include "widgets/report/DayLabel.h"
#include "widgets/report/PatientDayPainter.h"
#include "widgets/report/ReportTableLayout.h"
#include "widgets/report/TimeUseCharts.h"
#include "widgets/report/TimeUseTable.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QPainter>
#include <QPdfWriter>
#include <algorithm>

namespace kinemark {

namespace {

// Lays text out top to bottom on the page, starting new pages as needed.
class PageCursor
{
public:
    PageCursor(QPdfWriter& writer, QPainter& painter, const TimeUseReportInfo& info)
        : m_writer(writer), m_painter(painter), m_info(info)
    {
        const double w = m_writer.width(), h = m_writer.height();
        m_content = QRectF(w * 0.07, h * 0.05, w * 0.86, h * 0.88);
        m_y = m_content.top();
        footer();
    }
    QRectF content() const { return m_content; }
    double y() const { return m_y; }
    double left() const { return m_content.left(); }
    double width() const { return m_content.width(); }
    double remaining() const { return m_content.bottom() - m_y; }
    void advance(double dy) { m_y += dy; }
    void ensure(double height)
    {
        if (remaining() < height)
            newPage();
    }
    void newPage()
    {
        m_writer.newPage();
        ++m_page;
        m_y = m_content.top();
        footer();
    }
    void text(const QString& s, double pointSize, bool bold = false,
              const QColor& colour = QColor(0x20, 0x20, 0x20))
    {
        QFont f = m_painter.font();
        f.setPointSizeF(pointSize);
        f.setBold(bold);
        m_painter.setFont(f);
        const QFontMetricsF fm(f, &m_writer);
        const QRectF bound =
            fm.boundingRect(QRectF(left(), 0, width(), 1e6), Qt::TextWordWrap | Qt::AlignLeft, s);
        ensure(bound.height());
        m_painter.setPen(colour);
        m_painter.drawText(QRectF(left(), m_y, width(), bound.height()),
                           Qt::TextWordWrap | Qt::AlignLeft, s);
        m_y += bound.height() + fm.height() * 0.3;
    }
    void setBodyFont(double pointSize)
    {
        QFont f = m_painter.font();
        f.setPointSizeF(pointSize);
        f.setBold(false);
        m_painter.setFont(f);
    }

private:
    void footer()
    {
        m_painter.save();
        QFont f = m_painter.font();
        f.setPointSizeF(7);
        f.setBold(false);
        m_painter.setFont(f);
        m_painter.setPen(QColor(0x60, 0x60, 0x60));
        const QRectF r(m_content.left(), m_content.bottom() + m_writer.height() * 0.01,
                       m_content.width(), m_writer.height() * 0.03);
        m_painter.drawText(
            r, Qt::AlignLeft | Qt::AlignVCenter,
            TimeUseReport::tr("Generated %1 by Kinemark %2")
                .arg(QLocale().toString(m_info.generated, QLocale::LongFormat), m_info.version));
        m_painter.drawText(r, Qt::AlignRight | Qt::AlignVCenter,
                           TimeUseReport::tr("page %1").arg(m_page));
        m_painter.restore();
    }

    QPdfWriter& m_writer;
    QPainter& m_painter;
    const TimeUseReportInfo& m_info;
    QRectF m_content;
    double m_y = 0;
    int m_page = 1;
};

// The columns `shown` of `table`, laid out by ReportTableLayout so that no
// header is clipped; the header is repeated on every page the table takes.
void paintTable(QPainter& painter, PageCursor& page, const TimeUseTable& table,
                const std::vector<int>& shown, QPdfWriter& writer)
{
    QFont f = painter.font();
    f.setPointSizeF(7);
    f.setBold(false);
    const QStringList headers = table.headersOf(shown);
    const std::vector<QStringList> rows = table.rowsOf(shown);
    const ReportTableLayout layout =
        ReportTableLayout::compute(headers, rows, f, &writer, page.width());
    f = layout.font;
    painter.setFont(f);
    const int columns = int(headers.size());
    const double pad = layout.padding;
    const double rowHeight = layout.rowHeight;
    const auto alignment = [](int c) { return c == 0 ? Qt::AlignLeft : Qt::AlignRight; };
    const auto header = [&] {
        page.ensure(layout.headerHeight + rowHeight * 2);
        f.setBold(true);
        painter.setFont(f);
        painter.setPen(QColor(0x20, 0x20, 0x20));
        for (int c = 0; c < columns; ++c) {
            const QRectF r = layout.cell(c, page.left(), page.y(), layout.headerHeight);
            const QString text = layout.headerLines[size_t(c)].join(QLatin1Char('\n'));
            if (layout.rotatedHeaders && c > 0) {
                // Written upwards from the bottom of the header, beside the numbers.
                painter.save();
                painter.translate(r.left(), r.bottom());
                painter.rotate(-90);
                painter.drawText(QRectF(pad, 0, r.height() - 2 * pad, r.width() - pad),
                                 Qt::AlignLeft | Qt::AlignVCenter, text);
                painter.restore();
            } else {
                painter.drawText(r.adjusted(pad, 0, -pad, -2), Qt::AlignBottom | alignment(c),
                                 text);
            }
        }
        f.setBold(false);
        painter.setFont(f);
        page.advance(layout.headerHeight);
        painter.drawLine(QPointF(page.left(), page.y()),
                         QPointF(page.left() + layout.totalWidth(), page.y()));
    };
    header();
    for (size_t r = 0; r < table.rows().size(); ++r) {
        if (page.remaining() < rowHeight) {
            page.newPage();
            header();
        }
        if (table.rowIsMean(r) && !table.rowIsMean(r - 1))
            painter.drawLine(QPointF(page.left(), page.y()),
                             QPointF(page.left() + layout.totalWidth(), page.y()));
        if (r % 2 == 1)
            painter.fillRect(QRectF(page.left(), page.y(), layout.totalWidth(), rowHeight),
                             QColor(0xf2, 0xf2, 0xf2));
        f.setBold(table.rowIsMean(r));
        painter.setFont(f);
        painter.setPen(table.rowIsFlagged(r) ? QColor(0xb0, 0x20, 0x20) : QColor(0x20, 0x20, 0x20));
        for (int c = 0; c < columns; ++c)
            painter.drawText(
                layout.cell(c, page.left(), page.y(), rowHeight).adjusted(pad, 0, -pad, 0),
                Qt::AlignVCenter | alignment(c), rows[r].value(c));
        page.advance(rowHeight);
    }
    f.setBold(false);
    painter.setFont(f);
    page.advance(rowHeight);
}

QString clock(double localSeconds)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(localSeconds * 1000), Qt::UTC),
                              QStringLiteral("ddd d MMM yyyy HH:mm"));
}

// The opening of page 1: title, subject, where the figures come from, the
// period, the wear time, and how non-wear and bouts are defined.
void writeIdentification(PageCursor& page, const TimeUseSummary& s, const TimeUseReportInfo& info)
{
    page.text(TimeUseReport::tr("Activity report"), 18, true);
    page.text(TimeUseReport::tr("Subject %1 — recording %2").arg(info.subjectId, s.recordingId), 11,
              true);
    QStringList id;
    id << TimeUseReport::tr("Project: %1 (%2)")
              .arg(info.projectName, QFileInfo(info.projectFile).fileName());
    if (!info.recordingSource.isEmpty())
        id << TimeUseReport::tr("Source: %1").arg(info.recordingSource);
    id << TimeUseReport::tr("Sensors: %1").arg(info.sensors);
    id << TimeUseReport::tr("Activities from: %1 (%2), label set %3")
              .arg(s.trackName.isEmpty() ? TimeUseReport::tr("no track") : s.trackName,
                   info.trackIsPrediction ? TimeUseReport::tr("model prediction")
                                          : TimeUseReport::tr("annotation"),
                   info.labelSetName);
    const int64_t samples = s.timeline.empty() ? 0 : s.timeline.back().end;
    if (DayLabel::hasDates(s))
        id << TimeUseReport::tr("Period: %1 to %2 (device clock), %n calendar day(s)", "",
                                int(s.days.size()))
                  .arg(clock(s.localSeconds(0)), clock(s.localSeconds(samples)));
    else // no absolute start: no 1970 dates, the length and the numbered days
        id << TimeUseReport::tr("Period: %1 (no start date in the recording), %n day(s)", "",
                                int(s.days.size()))
                  .arg(ElapsedTime::clock(double(samples) / s.sampleRateHz));
    double recorded = 0, worn = 0;
    for (const DaySummary& d : s.days) {
        recorded += d.recordedSeconds;
        worn += d.wearSeconds;
    }
    id << TimeUseReport::tr(
              "Wear time: %1 h of %2 h recorded (%3%); %4 of %5 day(s) with at least %6 h of "
              "wear are averaged, the others are flagged ⚠")
              .arg(worn / 3600, 0, 'f', 1)
              .arg(recorded / 3600, 0, 'f', 1)
              .arg(recorded > 0 ? 100 * worn / recorded : 0, 0, 'f', 0)
              .arg(s.validDays)
              .arg(s.days.size())
              .arg(s.minimumWearSeconds / 3600, 0, 'g', 3);
    for (const QString& line : id)
        page.text(line, 9);
    page.text(TimeUseReport::tr(
                  "Non-wear: the sensors count as not worn where every axis of every sensor "
                  "stays within a standard deviation of 8 mg for at least 60 minutes (one-minute "
                  "epochs; up to 2 minutes of movement inside are bridged). Sedentary bouts: "
                  "uninterrupted sedentary time of at least %1 min; sit-to-stand: a sedentary "
                  "bout followed by an upright or active class.")
                  .arg(s.minimumBoutSeconds / 60, 0, 'g', 3),
              7.5, false, QColor(0x50, 0x50, 0x50));
    page.advance(10);
}

// The rest of page 1: the day view, as in the Patient view, and the hours per day.
void paintDaysAndBars(QPainter& painter, PageCursor& page, const TimeUseSummary& s)
{
    page.setBodyFont(7.5);
    const double dayHeight = std::min(page.remaining() * 0.62,
                                      PatientDayPainter::preferredHeight(int(s.days.size())) * 1.6);
    PatientDayPainter(s, QRectF(page.left(), page.y(), page.width(), dayHeight)).paint(painter);
    page.advance(dayHeight + 14);

    const double barsHeight = std::max(260.0, page.remaining() - 10);
    page.ensure(260);
    TimeUseCharts::paintDailyBars(
        painter, QRectF(page.left(), page.y(), page.width(), std::min(barsHeight, 520.0)), s);
}

// Page 2: the daily table (overview, then minutes per class) and the hourly profile.
void paintTablesAndProfile(QPainter& painter, PageCursor& page, const TimeUseSummary& s,
                           QPdfWriter& writer)
{
    page.newPage();
    page.text(TimeUseReport::tr("Time use per day"), 12, true);
    const TimeUseTable table(s);
    paintTable(painter, page, table, table.overviewColumns(), writer);
    page.text(TimeUseReport::tr("Minutes per activity"), 10, true);
    paintTable(painter, page, table, table.classColumns(), writer);
    page.setBodyFont(7.5);
    const int heatRows = int(s.classIds.size());
    const double heatHeight = std::min(560.0, 60.0 + heatRows * 40.0);
    page.ensure(heatHeight);
    TimeUseCharts::paintHourlyHeatMap(painter,
                                      QRectF(page.left(), page.y(), page.width(), heatHeight), s);
    page.advance(heatHeight + 16);
}

// The model's validation metrics, one "name: value" line each (numbers, text,
// and the list of validation subjects).
QStringList validationLines(const QJsonObject& validation)
{
    QStringList lines;
    for (auto it = validation.begin(); it != validation.end(); ++it) {
        if (it.value().isDouble())
            lines << QStringLiteral("%1: %2").arg(it.key()).arg(it.value().toDouble(), 0, 'g', 4);
        else if (it.value().isString())
            lines << QStringLiteral("%1: %2").arg(it.key(), it.value().toString());
        else if (it.value().isArray() && it.key() == QLatin1String("subjects")) {
            QStringList subjects;
            for (const QJsonValue& v : it.value().toArray())
                subjects << v.toString();
            lines << TimeUseReport::tr("validation subjects: %1")
                         .arg(subjects.join(QStringLiteral(", ")));
        }
    }
    return lines;
}

// When a prediction was summarised: which model made it and how it validated.
void writeModel(PageCursor& page, const TimeUseSummary& s, const TimeUseReportInfo& info)
{
    page.ensure(200);
    page.text(TimeUseReport::tr("Model"), 12, true);
    if (info.modelId.isEmpty()) {
        page.text(TimeUseReport::tr("The model that made track '%1' is not stored in the "
                                    "project; its validation metrics are unknown.")
                      .arg(s.trackName),
                  9);
        return;
    }
    page.text(TimeUseReport::tr("%1 (%2), trained %3")
                  .arg(info.modelId, info.modelKind, info.modelCreated),
              9);
    if (info.validation.isEmpty()) {
        page.text(TimeUseReport::tr("No validation metrics were stored with the model."), 9);
    } else {
        const QStringList lines = validationLines(info.validation);
        page.text(TimeUseReport::tr("Validation (subjects not used in training):"), 9, true);
        for (const QString& line : lines)
            page.text(line, 9);
    }
    page.text(TimeUseReport::tr("Model predictions are estimates; the figures above inherit the "
                                "model's errors."),
              7.5, false, QColor(0x50, 0x50, 0x50));
}

} // namespace

TimeUseReportInfo TimeUseReportInfo::describe(const Project& project, const QString& projectFile,
                                              const Recording& recording,
                                              const AnnotationTrack& track, const QString& version)
{
    TimeUseReportInfo info;
    info.projectName = project.name;
    info.projectFile = projectFile;
    info.subjectId = recording.subjectId;
    info.recordingSource = recording.source;
    const LabelSet* labelSet = project.labelSet(recording.labelSetId);
    info.labelSetName = labelSet ? labelSet->name : recording.labelSetId;
    QStringList sensors;
    for (const Sensor& s : recording.sensors)
        sensors << s.name;
    info.sensors = TimeUseReport::tr("%1 at %2 Hz")
                       .arg(sensors.join(QStringLiteral(", ")))
                       .arg(recording.sampleRateHz);
    info.trackIsPrediction = track.kind() == AnnotationTrack::Kind::Prediction;
    if (info.trackIsPrediction) {
        for (const StoredModel& m : project.models) {
            if (m.id == track.name() || (info.modelId.isEmpty() && m.kind == track.name())) {
                info.modelId = m.id;
                info.modelKind = m.kind;
                info.modelCreated = m.summary.value(QStringLiteral("created")).toString();
                info.validation = m.summary.value(QStringLiteral("validation")).toObject();
            }
        }
    }
    info.generated = QDateTime::currentDateTime();
    info.version = version;
    return info;
}

QString TimeUseReport::writePdf(const QString& path, const TimeUseSummary& s,
                                const TimeUseReportInfo& info)
{
    QPdfWriter writer(path);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setResolution(150);
    writer.setTitle(tr("Activity report: %1").arg(s.recordingId));
    writer.setCreator(QStringLiteral("Kinemark %1").arg(info.version));
    QPainter painter;
    if (!painter.begin(&writer))
        return tr("%1: cannot be written").arg(path);
    PageCursor page(writer, painter, info);
    writeIdentification(page, s, info);
    paintDaysAndBars(painter, page, s);
    paintTablesAndProfile(painter, page, s, writer);
    if (info.trackIsPrediction)
        writeModel(page, s, info);
    if (!painter.end())
        return tr("%1: writing the PDF failed").arg(path);
    return QString();
}

} // namespace kinemark
