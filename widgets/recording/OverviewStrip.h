#pragma once

#include <QWidget>

class QTimer;

namespace kinemark {

class RecordingSession;

// The whole recording in one strip: ground-truth colours and the envelope of
// the first channel, with the visible range marked. Click to centre the view
// there, drag the mark to pan, wheel to zoom. It follows edits of the tracks
// (tracksChanged()), redrawing once per burst of edits.
class OverviewStrip : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewStrip(RecordingSession* session, QWidget* parent = nullptr);
    QSize sizeHint() const override { return QSize(800, 44); }
    QSize minimumSizeHint() const override { return QSize(100, 32); }

    // How long after the last edit the strip redraws: a held key or a drag
    // makes many edits a second, and one redraw after them is enough.
    static constexpr int kRedrawDelayMs = 200;
    // True while a redraw after an edit is pending.
    bool isRedrawPending() const;
    // How many times the strip has been painted (tests count redraws).
    int paintCount() const { return m_paintCount; }

public Q_SLOTS:
    // The shown recording's tracks were edited (or predicted): redraw soon.
    void tracksChanged();

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
    QTimer* m_redraw;
    int m_paintCount = 0;
};

} // namespace kinemark
