#pragma once

#include <QImage>
#include <QStringList>
#include <QWidget>
#include <cstdint>
#include <limits>
#include <vector>

class QPainter;

namespace kinemark {

// "What the model sees": one window of SelfPAB's stacked spectrogram as the
// transformer gets it (z-scored), the same after masking, and a pre-trained
// encoder's reconstruction of it, one above the other on a shared colour
// scale, with the frames the time masking altered marked. Only draws: the
// window is computed elsewhere (the app, off the GUI thread).
class ModelInputView : public QWidget
{
    Q_OBJECT
public:
    // Rows of axes x bins features, row-major, frames rows.
    struct Window
    {
        int frames = 0;
        int axes = 0;
        int bins = 0;
        std::vector<float> input;
        std::vector<float> masked;
        std::vector<float> reconstructed; // empty: no encoder, no reconstruction
        std::vector<uint8_t> altered;     // 1 where the masking altered a cell (may be empty)
        QStringList axisNames;            // one per axis
        double startSeconds = 0;          // of the window's first frame in the recording
        double frameSeconds = 0.5;        // the hop between frames
        double l1 =
            std::numeric_limits<double>::quiet_NaN(); // reconstruction error on altered cells
    };

    explicit ModelInputView(QWidget* parent = nullptr);

    // Throws std::invalid_argument when the arrays do not have frames x axes x bins values.
    void setWindow(const Window& window);
    // Shows `message` instead of a window (computing, an error).
    void setMessage(const QString& message);
    const Window& window() const { return m_window; }

    // The drawn images, one pixel per frame and feature (frames wide, axes x
    // bins high, the first axis on top, low frequencies at the bottom of each
    // axis): input, masked, and the reconstruction when there is one.
    int imageCount() const { return int(m_images.size()); }
    QImage image(int index) const { return m_images.at(size_t(index)); }
    QString caption(int index) const;
    // The colour scale's range (z-scores) shared by the images.
    double lowValue() const { return m_low; }
    double highValue() const { return m_high; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    // Where paintEvent puts the rows, from the widget's size and font.
    struct PaintLayout
    {
        int left = 0; // of the images; the axes' names are left of it
        int top = 0;
        int width = 0; // of the images
        int rowHeight = 0;
        int captionHeight = 0;
    };

    QImage render(const std::vector<float>& values) const;
    // The steps of paintEvent: the layout, each row (caption, altered-frame
    // marks, image or placeholder; returns the image's rectangle), the time
    // axis under the last row and the colour bar beside the rows.
    PaintLayout paintLayout() const;
    QRect paintRow(QPainter& p, const PaintLayout& l, int row) const;
    void paintTimeAxis(QPainter& p, const PaintLayout& l, int axisY) const;
    void paintColourBar(QPainter& p, const PaintLayout& l, int barBottom) const;

    Window m_window;
    std::vector<QImage> m_images;
    std::vector<uint8_t> m_alteredFrames; // 1 per frame whose every cell was altered
    QString m_message;
    double m_low = -1;
    double m_high = 1;
};

} // namespace kinemark
