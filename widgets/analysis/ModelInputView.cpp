#include "widgets/analysis/ModelInputView.h"

#include <QPaintEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {

// Viridis at five stops: perceptually even, readable in grey, and zero-masked
// cells (z-score 0) show as a flat mid colour rather than as black holes.
QRgb colourAt(double t)
{
    static const QColor stops[] = {QColor(0x44, 0x01, 0x54), QColor(0x3b, 0x52, 0x8b),
                                   QColor(0x21, 0x91, 0x8c), QColor(0x5e, 0xc9, 0x62),
                                   QColor(0xfd, 0xe7, 0x25)};
    t = std::clamp(t, 0.0, 1.0) * 4.0;
    const int i = std::min(3, int(t));
    const double f = t - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return qRgb(int(a.red() + f * (b.red() - a.red())),
                int(a.green() + f * (b.green() - a.green())),
                int(a.blue() + f * (b.blue() - a.blue())));
}

QString clock(double seconds)
{
    const int s = int(std::lround(seconds));
    return s >= 3600 ? QStringLiteral("%1:%2:%3")
                           .arg(s / 3600)
                           .arg((s / 60) % 60, 2, 10, QLatin1Char('0'))
                           .arg(s % 60, 2, 10, QLatin1Char('0'))
                     : QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

constexpr int kRows = 3; // input, masked, reconstruction (or where it would be)
constexpr int kMarkStrip = 5;
constexpr int kColourBar = 14;

} // namespace

ModelInputView::ModelInputView(QWidget* parent) : QWidget(parent)
{
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_message = tr("No window yet.");
}

void ModelInputView::setWindow(const Window& window)
{
    const size_t cells = size_t(std::max(0, window.frames)) * size_t(std::max(0, window.axes)) *
                         size_t(std::max(0, window.bins));
    if (cells == 0 || window.input.size() != cells || window.masked.size() != cells ||
        (!window.reconstructed.empty() && window.reconstructed.size() != cells) ||
        (!window.altered.empty() && window.altered.size() != cells))
        throw std::invalid_argument("ModelInputView: the window's arrays do not fit its shape");
    m_window = window;
    m_message.clear();
    // One colour scale for all three, from the input's 1st to 99th percentile,
    // so that the masked and reconstructed cells compare with the input's.
    std::vector<float> sorted = window.input;
    std::sort(sorted.begin(), sorted.end());
    m_low = sorted[size_t(0.01 * double(sorted.size() - 1))];
    m_high = sorted[size_t(0.99 * double(sorted.size() - 1))];
    if (!(m_high > m_low))
        m_high = m_low + 1;
    m_images.clear();
    m_images.push_back(render(window.input));
    m_images.push_back(render(window.masked));
    if (!window.reconstructed.empty())
        m_images.push_back(render(window.reconstructed));
    // Frames the time masking altered: every cell altered (the frequency band
    // alone alters a few cells of every frame).
    const size_t features = size_t(window.axes) * size_t(window.bins);
    m_alteredFrames.assign(size_t(window.frames), 0);
    if (!window.altered.empty())
        for (size_t f = 0; f < size_t(window.frames); ++f) {
            const uint8_t* row = window.altered.data() + f * features;
            m_alteredFrames[f] = std::all_of(row, row + features, [](uint8_t a) { return a != 0; });
        }
    update();
}

void ModelInputView::setMessage(const QString& message)
{
    m_message = message;
    m_images.clear();
    m_window = Window();
    update();
}

QString ModelInputView::caption(int index) const
{
    switch (index) {
    case 0:
        return tr("Input: the stacked spectrogram, z-scored (%1 frames × %2 axes × %3 bins)")
            .arg(m_window.frames)
            .arg(m_window.axes)
            .arg(m_window.bins);
    case 1:
        return tr("Masked: what the encoder is given (time blocks zeroed, swapped or kept — "
                  "marked red above; one frequency band zeroed in every axis)");
    default:
        if (imageCount() < kRows)
            return tr("Reconstruction: choose a pre-trained encoder to see what it makes of the "
                      "masked window");
        return std::isfinite(m_window.l1)
                   ? tr("Reconstruction by the pre-trained encoder (mean |error| on the altered "
                        "cells: %1)")
                         .arg(m_window.l1, 0, 'f', 3)
                   : tr("Reconstruction by the pre-trained encoder");
    }
}

QImage ModelInputView::render(const std::vector<float>& values) const
{
    const int features = m_window.axes * m_window.bins;
    QImage image(m_window.frames, features, QImage::Format_RGB32);
    const double scale = 1.0 / (m_high - m_low);
    for (int a = 0; a < m_window.axes; ++a)
        for (int b = 0; b < m_window.bins; ++b) {
            // The first axis on top; within an axis, low frequencies at the bottom.
            auto* line = reinterpret_cast<QRgb*>(
                image.scanLine(a * m_window.bins + (m_window.bins - 1 - b)));
            const size_t feature = size_t(a) * size_t(m_window.bins) + size_t(b);
            for (int f = 0; f < m_window.frames; ++f)
                line[f] =
                    colourAt((values[size_t(f) * size_t(features) + feature] - m_low) * scale);
        }
    return image;
}

QSize ModelInputView::sizeHint() const
{
    return QSize(1100, 720);
}

QSize ModelInputView::minimumSizeHint() const
{
    return QSize(400, 300);
}

ModelInputView::PaintLayout ModelInputView::paintLayout() const
{
    const QFontMetrics fm(font());
    int labelWidth = 0;
    for (const QString& name : m_window.axisNames)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(name));
    PaintLayout l;
    l.left = labelWidth + 10;
    const int right = kColourBar + fm.horizontalAdvance(QStringLiteral("−0.00")) + 16;
    l.top = 4;
    const int bottom = fm.height() + 10; // the time axis
    l.captionHeight = fm.height() + 4;
    l.width = std::max(10, this->width() - l.left - right);
    l.rowHeight = std::max(10, (height() - l.top - bottom) / kRows - l.captionHeight - kMarkStrip);
    return l;
}

void ModelInputView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    if (m_images.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const PaintLayout l = paintLayout();
    QRect imageRect;
    for (int row = 0; row < kRows; ++row)
        imageRect = paintRow(p, l, row);
    paintTimeAxis(p, l, imageRect.bottom() + 2);
    paintColourBar(p, l, imageRect.bottom());
}

QRect ModelInputView::paintRow(QPainter& p, const PaintLayout& l, int row) const
{
    const QFontMetrics fm(font());
    const QColor text = palette().color(QPalette::Text);
    const int y = l.top + row * (l.captionHeight + kMarkStrip + l.rowHeight);
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(text);
    p.drawText(QRect(l.left, y, l.width, l.captionHeight), Qt::AlignLeft | Qt::AlignVCenter,
               fm.elidedText(caption(row), Qt::ElideRight, l.width));
    p.setFont(font());
    const QRect imageRect(l.left, y + l.captionHeight + kMarkStrip, l.width, l.rowHeight);
    if (row == 1) // the altered time blocks, above the masked window
        for (int f = 0; f < m_window.frames; ++f)
            if (m_alteredFrames[size_t(f)]) {
                const int x0 = l.left + int(std::floor(double(f) * l.width / m_window.frames));
                const int x1 = l.left + int(std::ceil(double(f + 1) * l.width / m_window.frames));
                p.fillRect(
                    QRect(x0, imageRect.top() - kMarkStrip, std::max(1, x1 - x0), kMarkStrip - 1),
                    QColor(0xd6, 0x27, 0x28));
            }
    if (row >= imageCount()) {
        p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DashLine));
        p.drawRect(imageRect.adjusted(0, 0, -1, -1));
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(imageRect, Qt::AlignCenter | Qt::TextWordWrap,
                   tr("No pre-trained encoder chosen."));
        return imageRect;
    }
    p.drawImage(imageRect, m_images[size_t(row)]); // nearest pixels: cells stay cells
    // Axis bands: a thin separator and the axis' name.
    const double band = double(l.rowHeight) / std::max(1, m_window.axes);
    for (int a = 0; a < m_window.axes; ++a) {
        const int by = imageRect.top() + int(std::lround(a * band));
        if (a > 0) {
            p.setPen(QPen(palette().color(QPalette::Base), 1));
            p.drawLine(imageRect.left(), by, imageRect.right(), by);
        }
        p.setPen(text);
        if (a < m_window.axisNames.size() && band >= fm.height() * 0.8)
            p.drawText(QRect(0, by, l.left - 6, int(band)), Qt::AlignRight | Qt::AlignVCenter,
                       m_window.axisNames[a]);
    }
    return imageRect;
}

void ModelInputView::paintTimeAxis(QPainter& p, const PaintLayout& l, int axisY) const
{
    // Recording time, a tick every minute (every 30 or 10 s in short windows).
    const QFontMetrics fm(font());
    p.setPen(palette().color(QPalette::Text));
    const double seconds = m_window.frames * m_window.frameSeconds;
    const double step = seconds > 240 ? 60 : seconds > 60 ? 30 : 10;
    for (double t = std::ceil(m_window.startSeconds / step) * step;
         t <= m_window.startSeconds + seconds; t += step) {
        const int x = l.left + int(std::lround((t - m_window.startSeconds) / seconds * l.width));
        p.drawLine(x, axisY, x, axisY + 4);
        const QString label = clock(t);
        const int w = fm.horizontalAdvance(label);
        p.drawText(std::clamp(x - w / 2, l.left - w / 2, l.left + l.width - w / 2),
                   axisY + 4 + fm.ascent(), label);
    }
}

void ModelInputView::paintColourBar(QPainter& p, const PaintLayout& l, int barBottom) const
{
    // The shared z-score scale, beside the rows from the first image down.
    const QFontMetrics fm(font());
    const int barX = l.left + l.width + 8;
    const int barTop = l.top + l.captionHeight + kMarkStrip;
    for (int y = barTop; y <= barBottom; ++y) {
        p.setPen(
            QColor::fromRgb(colourAt(double(barBottom - y) / std::max(1, barBottom - barTop))));
        p.drawLine(barX, y, barX + kColourBar, y);
    }
    p.setPen(palette().color(QPalette::Text));
    p.drawText(barX + kColourBar + 4, barTop + fm.ascent(), QString::number(m_high, 'f', 1));
    p.drawText(barX + kColourBar + 4, barBottom, QString::number(m_low, 'f', 1));
    p.drawText(barX + kColourBar + 4, (barTop + barBottom) / 2 + fm.ascent() / 2, tr("z"));
}

} // namespace kinemark
