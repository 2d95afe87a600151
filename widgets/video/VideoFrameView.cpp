#include "widgets/video/VideoFrameView.h"

#include <QPainter>

namespace kinemark {

namespace {
// A box-like blur by shrinking to a few dozen pixels and enlarging smoothly:
// cheap enough for every frame of a 1080p video, and strong enough that a
// face becomes a patch of colour while a person's posture still reads.
QImage blurred(const QImage& image)
{
    if (image.isNull())
        return image;
    constexpr int kBlurredWidth = 32;
    const int w = std::max(1, std::min(image.width(), kBlurredWidth));
    const int h = std::max(1, image.height() * w / std::max(1, image.width()));
    return image.scaled(w, h, Qt::IgnoreAspectRatio, Qt::SmoothTransformation)
        .scaled(image.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
}
} // namespace

VideoFrameView::VideoFrameView(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void VideoFrameView::setFrame(const QImage& frame)
{
    m_frame = frame;
    m_blurredFrame = m_blurred ? blurred(frame) : QImage();
    update();
}

void VideoFrameView::setMessage(const QString& text)
{
    m_message = text;
    update();
}

void VideoFrameView::setBlurred(bool on)
{
    if (on == m_blurred)
        return;
    m_blurred = on;
    m_blurredFrame = on ? blurred(m_frame) : QImage();
    update();
}

QImage VideoFrameView::shownImage() const
{
    return m_blurred ? m_blurredFrame : m_frame;
}

void VideoFrameView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(24, 24, 24));
    const QImage& image = m_blurred ? m_blurredFrame : m_frame;
    if (!image.isNull()) {
        const QSize fitted = image.size().scaled(size(), Qt::KeepAspectRatio);
        const QRect target(QPoint((width() - fitted.width()) / 2, (height() - fitted.height()) / 2),
                           fitted);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        p.drawImage(target, image);
    }
    if (!m_message.isEmpty()) {
        p.setPen(image.isNull() ? QColor(220, 220, 220) : Qt::white);
        const QRect box = rect().adjusted(12, 12, -12, -12);
        if (!image.isNull()) {
            // Over a picture the message needs its own background to be read.
            const QRect text =
                p.fontMetrics().boundingRect(box, Qt::AlignCenter | Qt::TextWordWrap, m_message);
            p.fillRect(text.adjusted(-6, -4, 6, 4), QColor(0, 0, 0, 170));
        }
        p.drawText(box, Qt::AlignCenter | Qt::TextWordWrap, m_message);
    }
}

} // namespace kinemark
