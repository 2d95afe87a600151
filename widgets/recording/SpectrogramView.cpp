#include "widgets/recording/SpectrogramView.h"

#include "core/model/Recording.h"
#include "widgets/plot/ColorMapCells.h"
#include "widgets/plot/FastDecibels.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
// Added to magnitudes before the log, so that silence maps to -60 dB, not -inf.
constexpr float kLogFloor = 1e-3f;
} // namespace

SpectrogramView::SpectrogramView(RecordingSession* session, QWidget* parent)
    : TimePlot(session->timeAxis(), parent), m_session(session),
      m_gradient(QCPColorGradient::gpThermal)
{
    connect(m_session, &RecordingSession::recordingChanged, this, &SpectrogramView::rebuildLayout);
    setEqualRectHeights(true);
    connect(m_session, &RecordingSession::spectrogramUpdated, this, [this] {
        refreshData();
        requestReplot();
    });
    rebuildLayout();
}

void SpectrogramView::setScale(Scale scale)
{
    m_scale = scale;
    refreshData();
    requestReplot();
}

void SpectrogramView::setGradient(QCPColorGradient::GradientPreset preset)
{
    m_gradient = QCPColorGradient(preset);
    for (QCPColorMap* map : m_maps)
        map->setGradient(m_gradient);
    requestReplot();
}

void SpectrogramView::rebuildLayout()
{
    clearPlottables();
    clearItems();
    clearTimeRects();
    plotLayout()->clear();
    m_maps.clear();
    m_cells.clear();
    m_placeholder = nullptr;
    const Recording* r = m_session->recording();
    if (!r) {
        requestReplot();
        return;
    }
    const double nyquist = r->sampleRateHz / 2;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    for (size_t c = 0; c < r->channelCount(); ++c) {
        auto* rect = new QCPAxisRect(this);
        rect->setMinimumMargins(QMargins(0, 1, 0, 1));
        plotLayout()->addElement(int(c), 0, rect);
        QCPAxis* y = rect->axis(QCPAxis::atLeft);
        // With one sensor its name on every band is noise, and long names
        // overflow a low band: then "gyro x" rather than "waist_gyro_x".
        const Channel& channel = r->channel(c);
        y->setLabel(r->sensors.size() == 1 && !channel.quantity.isEmpty()
                        ? QStringLiteral("%1 %2").arg(channel.quantity, channel.name)
                        : r->qualifiedChannelName(c));
        y->setLabelFont(small);
        y->setTickLabelFont(small);
        y->setRange(0, nyquist);
        y->ticker()->setTickCount(2);
        auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), y);
        map->setGradient(m_gradient);
        map->setInterpolate(false);
        m_maps.push_back(map);
        m_cells.push_back(nullptr);
        registerTimeRect(rect);
    }
    m_placeholder = new QCPItemText(this);
    m_placeholder->setClipToAxisRect(false);
    m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_placeholder->position->setAxisRect(timeRects().front());
    m_placeholder->position->setCoords(0.5, 0.5);
    m_placeholder->setText(tr("Computing spectrogram…"));
    m_placeholder->setColor(Qt::white);
    m_placeholder->setBrush(QColor(0, 0, 0, 140));
    m_placeholder->setPadding(QMargins(6, 3, 6, 3));
    m_placeholder->setLayer(QStringLiteral("overlay"));
    for (QCPAxisRect* rect : timeRects())
        rect->axis(QCPAxis::atBottom)
            ->setRange(timeAxis()->visibleStart(), timeAxis()->visibleEnd());
    refreshData();
    requestReplot();
}

void SpectrogramView::refreshData()
{
    const Recording* r = m_session->recording();
    const auto store = m_session->spectrogram();
    if (!r || m_maps.empty())
        return;
    if (!store) { // parameters changed: a new store is on its way
        m_complete = false;
        m_placeholder->setVisible(true);
        return;
    }
    const double t0 = timeAxis()->visibleStart(), t1 = timeAxis()->visibleEnd();
    const int columns = std::max(1, dataWidth());
    const int bins = store->binCount();
    const double f0 = store->frameAtSeconds(t0), f1 = store->frameAtSeconds(t1);
    if (!store->canAnswer(f0, f1, columns)) {
        m_complete = false;
        m_placeholder->setVisible(true);
        // Only full-resolution zooms need tiles; zoomed out, the overview is on its way.
        if ((f1 - f0) / columns < double(int64_t(1) << SpectrogramStore::kFirstPooledLevel))
            m_session->requestSpectrogramTiles(int64_t(std::floor(f0)) - 1,
                                               int64_t(std::ceil(f1)) + 1);
        return;
    }
    m_complete = true;
    m_placeholder->setVisible(false);
    const size_t cellCount = size_t(columns) * size_t(bins);
    m_columnBuffer.resize(cellCount);
    const double nyquist = r->sampleRateHz / 2;
    // One colour range for all bands, from the visible data, so that bands
    // compare: robust percentiles of a strided sample of the magnitudes (the
    // stride is prime to the bin count, so every bin is represented). Taken on
    // the linear magnitudes; the log scale is monotone, so the percentiles carry over.
    constexpr size_t kRangeStride = 7;
    m_rangeSample.clear();
    m_rangeSample.reserve(cellCount * m_maps.size() / kRangeStride + m_maps.size());
    const bool log = m_scale == Scale::Log;
    const auto transform = [log](float v) { return log ? fastDecibels(v + kLogFloor) : v; };
    for (size_t c = 0; c < m_maps.size(); ++c) {
        store->columns(c, f0, f1, columns, m_columnBuffer.data());
        for (size_t i = c % kRangeStride; i < cellCount; i += kRangeStride)
            m_rangeSample.push_back(m_columnBuffer[i]);
        ColorMapCells* cells = m_cells[c];
        if (!cells || cells->keySize() != columns || cells->valueSize() != bins) {
            cells = new ColorMapCells(columns, bins, QCPRange(t0, t1), QCPRange(0, nyquist));
            m_maps[c]->setData(cells, false); // the map takes ownership
            m_cells[c] = cells;
        } else {
            cells->setRange(QCPRange(t0, t1), QCPRange(0, nyquist));
        }
        // The store gives columns x bins; the map wants rows of bins.
        for (int k = 0; k < bins; ++k) {
            double* row = cells->row(k);
            const float* in = m_columnBuffer.data() + k;
            for (int col = 0; col < columns; ++col)
                row[col] = transform(in[size_t(col) * size_t(bins)]);
        }
        cells->markModified();
    }
    const size_t lowIndex = m_rangeSample.size() / 50;
    const size_t highIndex = m_rangeSample.size() - 1 - m_rangeSample.size() / 200;
    std::nth_element(m_rangeSample.begin(), m_rangeSample.begin() + long(lowIndex),
                     m_rangeSample.end());
    const float low = transform(m_rangeSample[lowIndex]);
    std::nth_element(m_rangeSample.begin() + long(lowIndex),
                     m_rangeSample.begin() + long(highIndex), m_rangeSample.end());
    const float high = std::max(transform(m_rangeSample[highIndex]), low + 1e-3f);
    for (QCPColorMap* map : m_maps)
        map->setDataRange(QCPRange(low, high));
}

} // namespace kinemark
