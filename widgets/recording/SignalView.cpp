#include "widgets/recording/SignalView.h"

#include "core/model/Recording.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
// Axis colours: x red, y green, z blue, as in most sensor tools; further channels continue.
const QColor kChannelColours[] = {QColor("#d62728"), QColor("#2ca02c"), QColor("#1f77b4"),
                                  QColor("#ff7f0e"), QColor("#9467bd"), QColor("#8c564b")};
} // namespace

SignalView::SignalView(RecordingSession* session, QWidget* parent)
    : TimePlot(session->timeAxis(), parent), m_session(session)
{
    connect(m_session, &RecordingSession::recordingChanged, this, &SignalView::rebuildLayout);
    connect(m_session, &RecordingSession::pyramidsReady, this, [this] {
        refreshData();
        requestReplot();
    });
    rebuildLayout();
}

void SignalView::rebuildLayout()
{
    clearPlottables();
    clearItems();
    clearTimeRects();
    plotLayout()->clear();
    m_rows.clear();
    m_placeholder = nullptr;
    const Recording* r = m_session->recording();
    if (!r) {
        requestReplot();
        return;
    }
    size_t flat = 0;
    int rowIndex = 0;
    for (const Sensor& sensor : r->sensors) {
        Row row;
        row.rect = new QCPAxisRect(this);
        row.rect->setupFullAxesBox(false);
        row.rect->axis(QCPAxis::atTop)->setVisible(false);
        row.rect->axis(QCPAxis::atRight)->setVisible(false);
        row.rect->setMinimumMargins(QMargins(0, 4, 0, 2));
        plotLayout()->addElement(rowIndex++, 0, row.rect);
        row.rect->axis(QCPAxis::atLeft)
            ->setLabel(QStringLiteral("%1 (%2)").arg(
                sensor.name, sensor.channels.empty() ? QString() : sensor.channels.front().unit));
        row.firstChannel = flat;
        for (size_t c = 0; c < sensor.channels.size(); ++c, ++flat) {
            QCPGraph* g =
                addGraph(row.rect->axis(QCPAxis::atBottom), row.rect->axis(QCPAxis::atLeft));
            g->setPen(QPen(kChannelColours[c % 6], 1));
            g->setAdaptiveSampling(false); // the data is already one min/max pair per pixel
            g->setName(sensor.qualifiedChannelName(c));
            row.graphs.push_back(g);
        }
        registerTimeRect(row.rect);
        m_rows.push_back(row);
    }
    if (!m_rows.empty()) {
        m_placeholder = new QCPItemText(this);
        m_placeholder->setClipToAxisRect(false);
        m_placeholder->position->setType(QCPItemPosition::ptAxisRectRatio);
        m_placeholder->position->setAxisRect(m_rows.front().rect);
        m_placeholder->position->setCoords(0.5, 0.5);
        m_placeholder->setText(tr("Preparing signal overview…"));
        m_placeholder->setColor(Qt::darkGray);
    }
    for (QCPAxisRect* rect : timeRects())
        rect->axis(QCPAxis::atBottom)
            ->setRange(timeAxis()->visibleStart(), timeAxis()->visibleEnd());
    refreshData();
    requestReplot();
}

void SignalView::refreshData()
{
    const Recording* r = m_session->recording();
    if (!r || m_rows.empty())
        return;
    const double rate = r->sampleRateHz;
    const int64_t n = int64_t(r->sampleCount());
    const double t0 = timeAxis()->visibleStart(), t1 = timeAxis()->visibleEnd();
    const int columns = std::max(1, dataWidth());
    // One sample of margin each side so lines run to the edges.
    const int64_t s0 =
        std::clamp<int64_t>(int64_t(std::floor(t0 * rate)) - 1, 0, std::max<int64_t>(0, n - 1));
    const int64_t s1 = std::clamp<int64_t>(int64_t(std::ceil(t1 * rate)) + 2, 0, n);
    const bool raw = (s1 - s0) <= 2 * int64_t(columns);
    const auto pyramids = m_session->pyramids();
    if (m_placeholder)
        m_placeholder->setVisible(!raw && !pyramids);

    std::vector<float> mins(static_cast<size_t>(columns)), maxs(static_cast<size_t>(columns));
    for (Row& row : m_rows) {
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (size_t c = 0; c < row.graphs.size(); ++c) {
            const size_t flat = row.firstChannel + c;
            const std::vector<float>& x = r->channel(flat).samples;
            QVector<QCPGraphData> data;
            if (raw) {
                data.reserve(int(s1 - s0));
                for (int64_t i = s0; i < s1; ++i) {
                    data.append(QCPGraphData(i / rate, x[size_t(i)]));
                    lo = std::min<double>(lo, x[size_t(i)]);
                    hi = std::max<double>(hi, x[size_t(i)]);
                }
            } else if (pyramids) {
                pyramids->channel(flat).columns(x.data(), t0 * rate, t1 * rate, columns,
                                                mins.data(), maxs.data());
                data.reserve(2 * columns);
                const double secondsPerColumn = (t1 - t0) / columns;
                for (int col = 0; col < columns; ++col) {
                    if (std::isnan(mins[size_t(col)]))
                        continue;
                    const double key = t0 + (col + 0.5) * secondsPerColumn;
                    data.append(QCPGraphData(key, mins[size_t(col)]));
                    data.append(QCPGraphData(key, maxs[size_t(col)]));
                    lo = std::min<double>(lo, mins[size_t(col)]);
                    hi = std::max<double>(hi, maxs[size_t(col)]);
                }
            }
            row.graphs[c]->data()->set(data, true);
        }
        if (hi >= lo) {
            const double pad = std::max(0.05, (hi - lo) * 0.06);
            row.rect->axis(QCPAxis::atLeft)->setRange(lo - pad, hi + pad);
        }
    }
}

} // namespace kinemark
