#pragma once

#include <QStringList>
#include <QWidget>
#include <vector>

class QCustomPlot;
class QLabel;

namespace kinemark {

// Synthetic windows beside real ones of the same class, so a researcher can
// judge a diffusion model (seed 002's augmentation) by eye: a column of real
// windows and a column of synthetic ones, each window drawn as its channels'
// signals over time with its spectrogram underneath (STFT magnitude summed
// over the channels, 32-sample frames, hop 4, in dB). All cells share one
// signal range and one colour scale, so differences in amplitude and in
// spectral content show.
//
// Windows come as [count][channels][length] floats, z-scored per channel
// (as the models see them).
class SyntheticGalleryView : public QWidget
{
    Q_OBJECT
public:
    explicit SyntheticGalleryView(QWidget* parent = nullptr);

    // Shows up to `perColumn` windows of each kind (the first ones).
    void setWindows(const QString& className, const QStringList& channelNames, int length,
                    double sampleRateHz, const std::vector<float>& real,
                    const std::vector<float>& synthetic, int perColumn = 3);

    int shownReal() const { return m_shownReal; }
    int shownSynthetic() const { return m_shownSynthetic; }
    // Signal plots: column 0 real, 1 synthetic (nullptr outside what is shown).
    QCustomPlot* signalPlot(int column, int row) const;
    QCustomPlot* spectrogramPlot(int column, int row) const;

private:
    void clear();

    QWidget* m_grid = nullptr;
    std::vector<QCustomPlot*> m_signals[2];
    std::vector<QCustomPlot*> m_spectrograms[2];
    QLabel* m_headers[2] = {nullptr, nullptr};
    int m_shownReal = 0;
    int m_shownSynthetic = 0;
};

} // namespace kinemark
