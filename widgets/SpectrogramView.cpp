#include "SpectrogramView.h"

#include "Recording.h"
#include "RecordingSession.h"
#include "TimeAxisState.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

SpectrogramView::SpectrogramView(RecordingSession* session, QWidget* parent)
    : TimePlot(session->timeAxis(), parent), m_session(session),
      m_gradient(QCPColorGradient::gpThermal)
{
    connect(m_session, &RecordingSession::recordingChanged, this, &SpectrogramView::rebuildLayout);
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
        y->setLabel(r->qualifiedChannelName(c));
        y->setLabelFont(small);
        y->setTickLabelFont(small);
        y->setRange(0, nyquist);
        y->ticker()->setTickCount(2);
        auto* map = new QCPColorMap(rect->axis(QCPAxis::atBottom), y);
        map->setGradient(m_gradient);
        map->setInterpolate(false);
        m_maps.push_back(map);
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
        rect->axis(QCPAxis::atBottom)->setRange(timeAxis()->visibleStart(), timeAxis()->visibleEnd());
    refreshData();
    requestReplot();
}

void SpectrogramView::refreshData()
{
    const Recording* r = m_session->recording();
    const auto store = m_session->spectrogram();
    if (!r || !store || m_maps.empty())
        return;
    const double t0 = timeAxis()->visibleStart(), t1 = timeAxis()->visibleEnd();
    const int columns = std::max(1, dataWidth());
    const int bins = store->binCount();
    const double f0 = store->frameAtSeconds(t0), f1 = store->frameAtSeconds(t1);
    if (!store->canAnswer(f0, f1, columns)) {
        m_complete = false;
        m_placeholder->setVisible(true);
        // Only full-resolution zooms need tiles; zoomed out, the overview is on its way.
        if ((f1 - f0) / columns < double(int64_t(1) << SpectrogramStore::kFirstPooledLevel))
            m_session->requestSpectrogramTiles(int64_t(std::floor(f0)) - 1, int64_t(std::ceil(f1)) + 1);
        return;
    }
    m_complete = true;
    m_placeholder->setVisible(false);
    std::vector<float> values(size_t(columns) * size_t(bins));
    const double nyquist = r->sampleRateHz / 2;
    // One colour range for all bands, from the visible data, so bands compare.
    std::vector<float> all;
    all.reserve(values.size() * m_maps.size());
    std::vector<std::vector<float>> perChannel(m_maps.size());
    for (size_t c = 0; c < m_maps.size(); ++c) {
        store->columns(c, f0, f1, columns, values.data());
        if (m_scale == Scale::Log)
            for (float& v : values)
                v = 20.f * std::log10(v + 1e-3f);
        perChannel[c] = values;
        all.insert(all.end(), values.begin(), values.end());
    }
    const size_t lowIndex = all.size() / 50, highIndex = all.size() - 1 - all.size() / 200;
    std::nth_element(all.begin(), all.begin() + long(lowIndex), all.end());
    const float low = all[lowIndex];
    std::nth_element(all.begin(), all.begin() + long(highIndex), all.end());
    const float high = std::max(all[highIndex], low + 1e-3f);
    for (size_t c = 0; c < m_maps.size(); ++c) {
        auto* data = new QCPColorMapData(columns, bins, QCPRange(t0, t1), QCPRange(0, nyquist));
        const std::vector<float>& v = perChannel[c];
        for (int col = 0; col < columns; ++col)
            for (int k = 0; k < bins; ++k)
                data->setCell(col, k, v[size_t(col) * size_t(bins) + size_t(k)]);
        m_maps[c]->setData(data, false);
        m_maps[c]->setDataRange(QCPRange(low, high));
    }
}

} // namespace kinemark
