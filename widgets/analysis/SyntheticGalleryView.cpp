#include "widgets/analysis/SyntheticGalleryView.h"

#include "core/dsp/Stft.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace kinemark {

namespace {
// A window's spectrogram: magnitudes summed over its channels, in dB, frames x bins.
std::vector<double> spectrogramOf(const Stft& stft, const float* window, int channels, int length)
{
    const int64_t frames = stft.frameCount(length);
    const int bins = stft.binCount();
    std::vector<float> one(size_t(frames * bins));
    std::vector<double> sum(size_t(frames * bins), 0.0);
    for (int c = 0; c < channels; ++c) {
        stft.compute(window + size_t(c) * size_t(length), length, 0, frames, one.data());
        for (size_t i = 0; i < one.size(); ++i)
            sum[i] += one[i];
    }
    for (double& v : sum)
        v = 20 * std::log10(v + 1e-6);
    return sum;
}

const QList<QColor>& channelColours()
{
    static const QList<QColor> colours{QColor("#1f77b4"), QColor("#d62728"), QColor("#2ca02c"),
                                       QColor("#9467bd"), QColor("#ff7f0e"), QColor("#8c564b")};
    return colours;
}

// One window's channels over time, on the signal range all cells share (±peak).
QCustomPlot* makeSignalPlot(QWidget* parent, const float* window, const QStringList& channelNames,
                            int length, double sampleRateHz, double peak)
{
    auto* signal = new QCustomPlot(parent);
    signal->setMinimumSize(360, 110);
    QVector<double> t(length);
    for (int s = 0; s < length; ++s)
        t[s] = s / sampleRateHz;
    for (int c = 0; c < int(channelNames.size()); ++c) {
        QVector<double> v(length);
        for (int s = 0; s < length; ++s)
            v[s] = window[size_t(c) * size_t(length) + size_t(s)];
        QCPGraph* g = signal->addGraph();
        g->setName(channelNames[c]);
        g->setPen(QPen(channelColours()[c % channelColours().size()], 1.2));
        g->setData(t, v, true);
    }
    signal->xAxis->setRange(0, (length - 1) / sampleRateHz);
    signal->yAxis->setRange(-peak, peak);
    signal->yAxis->setLabel(SyntheticGalleryView::tr("z"));
    return signal;
}

// One window's spectrogram (dB, frames x bins from spectrogramOf), on the
// colour scale all cells share.
QCustomPlot* makeSpectrogramPlot(QWidget* parent, const std::vector<double>& db, const Stft& stft,
                                 int length, double sampleRateHz, const QCPRange& decibels)
{
    auto* spectrogram = new QCustomPlot(parent);
    spectrogram->setMinimumSize(360, 80);
    auto* map = new QCPColorMap(spectrogram->xAxis, spectrogram->yAxis);
    const int frames = int(stft.frameCount(length)), bins = stft.binCount();
    map->data()->setSize(frames, bins);
    const double half = stft.parameters().frameLength / 2.0 / sampleRateHz;
    map->data()->setRange(
        QCPRange(half, half + (frames - 1) * stft.parameters().hop / sampleRateHz),
        QCPRange(0, stft.binFrequency(bins - 1, sampleRateHz)));
    for (int f = 0; f < frames; ++f)
        for (int b = 0; b < bins; ++b)
            map->data()->setCell(f, b, db[size_t(f) * size_t(bins) + size_t(b)]);
    map->setGradient(QCPColorGradient::gpThermal);
    map->setDataRange(decibels);
    map->setInterpolate(false);
    spectrogram->xAxis->setRange(0, (length - 1) / sampleRateHz);
    spectrogram->yAxis->setRange(0, stft.binFrequency(bins - 1, sampleRateHz));
    spectrogram->yAxis->setLabel(SyntheticGalleryView::tr("Hz"));
    return spectrogram;
}
} // namespace

SyntheticGalleryView::SyntheticGalleryView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_grid = new QWidget(this);
    layout->addWidget(m_grid, 1);
    new QGridLayout(m_grid);
}

QCustomPlot* SyntheticGalleryView::signalPlot(int column, int row) const
{
    if (column < 0 || column > 1 || row < 0 || row >= int(m_signals[column].size()))
        return nullptr;
    return m_signals[column][size_t(row)];
}

QCustomPlot* SyntheticGalleryView::spectrogramPlot(int column, int row) const
{
    if (column < 0 || column > 1 || row < 0 || row >= int(m_spectrograms[column].size()))
        return nullptr;
    return m_spectrograms[column][size_t(row)];
}

void SyntheticGalleryView::clear()
{
    auto* grid = static_cast<QGridLayout*>(m_grid->layout());
    for (int row = 0; row < grid->rowCount(); ++row)
        grid->setRowStretch(row, 0);
    while (QLayoutItem* item = grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int k = 0; k < 2; ++k) {
        m_signals[k].clear();
        m_spectrograms[k].clear();
        m_headers[k] = nullptr;
    }
    m_shownReal = m_shownSynthetic = 0;
}

void SyntheticGalleryView::setWindows(const QString& className, const QStringList& channelNames,
                                      int length, double sampleRateHz,
                                      const std::vector<float>& real,
                                      const std::vector<float>& synthetic, int perColumn)
{
    clear();
    const int channels = int(channelNames.size());
    const size_t windowSize = size_t(std::max(1, channels)) * size_t(std::max(1, length));
    if (channels < 1 || length < 8 || sampleRateHz <= 0)
        return;
    m_shownReal = int(std::min<size_t>(size_t(std::max(0, perColumn)), real.size() / windowSize));
    m_shownSynthetic =
        int(std::min<size_t>(size_t(std::max(0, perColumn)), synthetic.size() / windowSize));
    const std::vector<float>* sources[2] = {&real, &synthetic};
    const int shown[2] = {m_shownReal, m_shownSynthetic};

    // Shared scales: the signals' largest magnitude (at most 5 std) and the spectrograms' dB range.
    StftParameters parameters;
    parameters.frameLength = std::min(32, length - length % 2);
    parameters.hop = 4;
    const Stft stft(parameters);
    double peak = 0.5;
    double low = std::numeric_limits<double>::max(), high = std::numeric_limits<double>::lowest();
    std::vector<std::vector<double>> spectra[2];
    for (int k = 0; k < 2; ++k)
        for (int i = 0; i < shown[k]; ++i) {
            const float* w = sources[k]->data() + size_t(i) * windowSize;
            for (size_t j = 0; j < windowSize; ++j)
                peak = std::max(peak, std::min(5.0, double(std::abs(w[j]))));
            spectra[k].push_back(spectrogramOf(stft, w, channels, length));
            const auto [mn, mx] =
                std::minmax_element(spectra[k].back().begin(), spectra[k].back().end());
            low = std::min(low, *mn);
            high = std::max(high, *mx);
        }
    low = std::max(low, high - 60); // 60 dB of dynamic range

    auto* grid = static_cast<QGridLayout*>(m_grid->layout());
    // The channels' colours once for all cells (a legend in a cell covers its signals).
    QStringList key;
    for (int c = 0; c < channels; ++c)
        key << QStringLiteral("<span style=\"color:%1\">&#9644; %2</span>")
                   .arg(channelColours()[c % channelColours().size()].name(),
                        channelNames[c].toHtmlEscaped());
    auto* keyLabel = new QLabel(key.join(QStringLiteral("&nbsp;&nbsp;")), m_grid);
    grid->addWidget(keyLabel, 2 * perColumn + 1, 0, 1, 2, Qt::AlignHCenter);
    const QString titles[2] = {tr("Real — %1"), tr("Synthetic — %1")};
    for (int k = 0; k < 2; ++k) {
        m_headers[k] = new QLabel(
            QStringLiteral("<b>%1</b>").arg(titles[k].arg(className.toHtmlEscaped())), m_grid);
        grid->addWidget(m_headers[k], 0, k, Qt::AlignHCenter);
        for (int i = 0; i < shown[k]; ++i) {
            const float* w = sources[k]->data() + size_t(i) * windowSize;
            auto* signal = makeSignalPlot(m_grid, w, channelNames, length, sampleRateHz, peak);
            m_signals[k].push_back(signal);
            auto* spectrogram = makeSpectrogramPlot(m_grid, spectra[k][size_t(i)], stft, length,
                                                    sampleRateHz, QCPRange(low, high));
            // The time axis' unit under the last window of the column only.
            spectrogram->xAxis->setLabel(i == shown[k] - 1 ? tr("s") : QString());
            m_spectrograms[k].push_back(spectrogram);

            grid->addWidget(signal, 1 + 2 * i, k);
            grid->addWidget(spectrogram, 2 + 2 * i, k);
            // Extra height goes to the plots (signals more than spectrograms), not to the headers.
            grid->setRowStretch(1 + 2 * i, 3);
            grid->setRowStretch(2 + 2 * i, 2);
        }
    }
}

} // namespace kinemark
