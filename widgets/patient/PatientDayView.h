#pragma once

#include "core/timeuse/TimeUseSummary.h"

#include <QWidget>
#include <memory>

namespace kinemark {

// A patient's days at a glance: one strip per calendar day (see
// PatientDayPainter). Hovering tells the activity and its times; a click
// asks for that moment to be shown in the main views. Its minimum height
// keeps every row tall enough for its day label.
class PatientDayView : public QWidget
{
    Q_OBJECT
public:
    explicit PatientDayView(QWidget* parent = nullptr);

    void setSummary(std::shared_ptr<const TimeUseSummary> summary);
    const TimeUseSummary* summary() const { return m_summary.get(); }
    // What the tooltip says at `point` (empty outside the strips).
    QString describeAt(const QPointF& point) const;
    QSize sizeHint() const override;
    // The lowest row that still shows its day label; the view is never lower
    // than its days need at this height (put it in a scroll area).
    int minimumRowHeight() const;
    int minimumHeightFor(int days) const;
    // Narrower, the day labels and the hour grid crowd each other.
    static constexpr int kMinimumWidth = 520;

Q_SIGNALS:
    // Seconds from the recording's first sample.
    void momentActivated(double secondsFromStart);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    std::shared_ptr<const TimeUseSummary> m_summary;
};

} // namespace kinemark
