#pragma once

#include <QImage>
#include <QWidget>

namespace kinemark {

// Paints the video panel's current frame, letterboxed, or a message in its
// place (no video, a file that cannot be decoded). Painting the frame
// ourselves rather than through QVideoWidget keeps it visible in offscreen
// and xvfb screenshots and lets the privacy blur be a plain image operation.
class VideoFrameView : public QWidget
{
    Q_OBJECT
public:
    explicit VideoFrameView(QWidget* parent = nullptr);

    // The frame to show (a null image shows the message instead).
    void setFrame(const QImage& frame);
    const QImage& frame() const { return m_frame; }
    // Text shown over the dark background when there is no frame.
    void setMessage(const QString& text);
    QString message() const { return m_message; }
    // Blurs the picture so far that faces cannot be recognised (privacy of
    // clinical recordings); movements stay visible.
    void setBlurred(bool on);
    bool isBlurred() const { return m_blurred; }

    // The frame as painted (blurred when the blur is on): for tests and screenshots.
    QImage shownImage() const;

    QSize sizeHint() const override { return {320, 180}; }
    // Small: the dock shares the right side with the annotator's other tools.
    QSize minimumSizeHint() const override { return {64, 36}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_frame;
    QImage m_blurredFrame; // computed once per frame while the blur is on
    QString m_message;
    bool m_blurred = false;
};

} // namespace kinemark
