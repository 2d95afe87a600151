#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QCoreApplication>
#include <QRectF>

class QPainter;

namespace kinemark {

// Draws a patient's days one row each, local midnight to midnight, coloured by
// activity, with non-wear, unlabelled and no-data time distinct, an hour grid
// and a legend. Shared by the Patient view and the PDF report, so both show
// exactly the same picture; it also answers where a point of the picture lies
// in time (for hover and click).
class PatientDayPainter
{
    Q_DECLARE_TR_FUNCTIONS(PatientDayPainter)
public:
    PatientDayPainter(const TimeUseSummary& summary, const QRectF& area);

    void paint(QPainter& painter) const;

    int dayCount() const { return int(m_summary.days.size()); }
    // The strip of day `day` (0 = the first calendar day).
    QRectF stripRect(int day) const;
    // Day row under `point`, or -1.
    int dayAt(const QPointF& point) const;
    // Local time (seconds since the epoch, as if UTC) under `point` in a strip, or NaN.
    double localTimeAt(const QPointF& point) const;
    // Height the picture needs for `days` rows at a comfortable row height.
    static double preferredHeight(int days);

    static QColor nonWearColour();
    static QColor unlabelledColour();
    static QColor missingColour();
    static QColor textColour();

private:
    double dayStartLocal(int day) const;
    void paintStrip(QPainter& painter, int day) const;
    void paintLegend(QPainter& painter) const;

    const TimeUseSummary& m_summary;
    QRectF m_area;
    double m_labelWidth = 0;
    double m_rowHeight = 0;
    double m_top = 0;
};

} // namespace kinemark
