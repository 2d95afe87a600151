#pragma once

#include <QWidget>

namespace kinemark {

class RecordingSession;

// The whole recording in one strip: ground-truth colours and the envelope of
// the first channel, with the visible range marked. Click to centre the view
// there, drag the mark to pan, wheel to zoom.
class OverviewStrip : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewStrip(RecordingSession* session, QWidget* parent = nullptr);
    QSize sizeHint() const override { return QSize(800, 44); }
    QSize minimumSizeHint() const override { return QSize(100, 32); }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;

private:
    double timeAt(double x) const;
    double xAt(double t) const;
    void centreOn(double x);

    RecordingSession* m_session;
};

} // namespace kinemark
