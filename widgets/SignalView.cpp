#include "SignalView.h"

#include "LabelSet.h"
#include "Recording.h"

#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
const QColor kAxisColours[] = {QColor("#d62728"), QColor("#2ca02c"), QColor("#1f77b4"),
                               QColor("#ff7f0e"), QColor("#9467bd"), QColor("#8c564b")};

// Min/max per bucket so that no spike disappears when a long recording is
// shown in a few thousand pixels (the full LOD pyramid comes with issue #3).
void addDecimated(QCPGraph* graph, const std::vector<float>& samples, double rate, double t0,
                  size_t maxBuckets)
{
    const size_t n = samples.size();
    const size_t per = std::max<size_t>(1, (n + maxBuckets - 1) / maxBuckets);
    QVector<double> keys, values;
    keys.reserve(int(2 * n / per + 2));
    values.reserve(keys.capacity());
    for (size_t i = 0; i < n; i += per) {
        const size_t end = std::min(n, i + per);
        if (per == 1) {
            keys << t0 + i / rate;
            values << samples[i];
            continue;
        }
        const auto [mn, mx] = std::minmax_element(samples.begin() + i, samples.begin() + end);
        const size_t a = size_t(mn - samples.begin()), b = size_t(mx - samples.begin());
        keys << t0 + std::min(a, b) / rate << t0 + std::max(a, b) / rate;
        values << samples[std::min(a, b)] << samples[std::max(a, b)];
    }
    graph->setData(keys, values, true);
}
} // namespace

SignalView::SignalView(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_plot = new QCustomPlot(this);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    layout->addWidget(m_plot);
}

SignalView::~SignalView() = default;

void SignalView::setRecording(std::shared_ptr<const Recording> recording, const LabelSet* labelSet)
{
    m_recording = std::move(recording);
    m_labelSet = labelSet;
    rebuild();
}

void SignalView::setVisibleRange(double startSeconds, double endSeconds)
{
    if (!m_recording)
        return;
    const double t0 = m_recording->startTimeUs / 1e6;
    for (QCPAxisRect* rect : m_plot->axisRects())
        rect->axis(QCPAxis::atBottom)->setRange(t0 + startSeconds, t0 + endSeconds);
    m_plot->replot();
}

void SignalView::rebuild()
{
    m_plot->clearPlottables();
    m_plot->clearItems();
    m_plot->plotLayout()->clear();
    if (!m_recording) {
        m_plot->replot();
        return;
    }
    const Recording& r = *m_recording;
    const double t0 = r.startTimeUs / 1e6;
    const double t1 = t0 + r.durationSeconds();
    QSharedPointer<QCPAxisTickerDateTime> ticker(new QCPAxisTickerDateTime);
    ticker->setDateTimeFormat(QStringLiteral("HH:mm:ss"));
    ticker->setDateTimeSpec(Qt::UTC);

    auto* marginGroup = new QCPMarginGroup(m_plot);
    std::vector<QCPAxis*> timeAxes;
    int row = 0;
    for (const Sensor& sensor : r.sensors) {
        auto* rect = new QCPAxisRect(m_plot);
        m_plot->plotLayout()->addElement(row++, 0, rect);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, marginGroup);
        rect->axis(QCPAxis::atLeft)->setLabel(sensor.name);
        rect->axis(QCPAxis::atBottom)->setTicker(ticker);
        rect->setRangeZoom(Qt::Horizontal);
        rect->setRangeDrag(Qt::Horizontal);
        timeAxes.push_back(rect->axis(QCPAxis::atBottom));
        double lo = 0, hi = 0;
        for (size_t c = 0; c < sensor.channels.size(); ++c) {
            const Channel& ch = sensor.channels[c];
            QCPGraph* g = m_plot->addGraph(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            g->setPen(QPen(kAxisColours[c % 6], 1));
            g->setName(sensor.qualifiedChannelName(c));
            addDecimated(g, ch.samples, r.sampleRateHz, t0, 4000);
            if (!ch.samples.empty()) {
                const auto [mn, mx] = std::minmax_element(ch.samples.begin(), ch.samples.end());
                lo = std::min<double>(lo, *mn);
                hi = std::max<double>(hi, *mx);
            }
        }
        rect->axis(QCPAxis::atLeft)->setRange(lo - 0.1, hi + 0.1);
        rect->axis(QCPAxis::atBottom)->setRange(t0, t1);
    }

    // Ground-truth lane: one coloured rectangle per segment.
    if (const AnnotationTrack* gt = r.groundTruth()) {
        auto* rect = new QCPAxisRect(m_plot);
        m_plot->plotLayout()->addElement(row, 0, rect);
        m_plot->plotLayout()->setRowStretchFactor(row, 0.25);
        rect->setMarginGroup(QCP::msLeft | QCP::msRight, marginGroup);
        rect->axis(QCPAxis::atLeft)->setLabel(tr("truth"));
        rect->axis(QCPAxis::atLeft)->setTicks(false);
        rect->axis(QCPAxis::atLeft)->setRange(0, 1);
        rect->axis(QCPAxis::atBottom)->setTicker(ticker);
        rect->axis(QCPAxis::atBottom)->setRange(t0, t1);
        rect->setRangeZoom(Qt::Horizontal);
        rect->setRangeDrag(Qt::Horizontal);
        timeAxes.push_back(rect->axis(QCPAxis::atBottom));
        for (const Segment& s : gt->segments()) {
            auto* box = new QCPItemRect(m_plot);
            box->setClipAxisRect(rect);
            box->topLeft->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            box->bottomRight->setAxes(rect->axis(QCPAxis::atBottom), rect->axis(QCPAxis::atLeft));
            box->topLeft->setCoords(t0 + s.start / r.sampleRateHz, 1);
            box->bottomRight->setCoords(t0 + s.end / r.sampleRateHz, 0);
            const LabelClass* c = m_labelSet ? m_labelSet->find(s.classId) : nullptr;
            const QColor colour(c && !c->colour.isEmpty() ? c->colour : QStringLiteral("#999999"));
            box->setBrush(colour);
            box->setPen(Qt::NoPen);
        }
    }
    // One zoom/pan state for every row.
    for (QCPAxis* a : timeAxes)
        for (QCPAxis* b : timeAxes)
            if (a != b)
                connect(a, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), b,
                        qOverload<const QCPRange&>(&QCPAxis::setRange));
    m_plot->replot();
}

} // namespace kinemark
