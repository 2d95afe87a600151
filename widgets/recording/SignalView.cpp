#include "widgets/recording/SignalView.h"

#include "core/model/Recording.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/ChannelVisibility.h"
#include "widgets/recording/RecordingSession.h"

#include <QContextMenuEvent>
#include <QMenu>
#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
// Axis colours: x red, y green, z blue, as in most sensor tools; further channels continue.
const QColor kChannelColours[] = {QColor("#d62728"), QColor("#2ca02c"), QColor("#1f77b4"),
                                  QColor("#ff7f0e"), QColor("#9467bd"), QColor("#8c564b")};
constexpr double kPi = 3.14159265358979323846;
} // namespace

SignalView::SignalView(RecordingSession* session, QWidget* parent)
    : TimePlot(session->timeAxis(), parent), m_session(session),
      m_visibility(new ChannelVisibility(this))
{
    // Each row has its own legend; the first one made would otherwise become the plot's
    // legend and collect every graph.
    setAutoAddPlottableToLegend(false);
    setEqualRectHeights(true);
    connect(m_session, &RecordingSession::recordingChanged, this, &SignalView::rebuildLayout);
    connect(m_session, &RecordingSession::pyramidsReady, this, [this] {
        refreshData();
        requestReplot();
    });
    connect(m_visibility, &ChannelVisibility::changed, this, &SignalView::rebuildLayout);
    rebuildLayout();
}

QString SignalView::displayUnit(const QString& unit)
{
    return unit == QLatin1String("rad/s") ? QStringLiteral("deg/s") : unit;
}

double SignalView::displayScale(const QString& unit)
{
    return unit == QLatin1String("rad/s") ? 180.0 / kPi : 1.0;
}

QStringList SignalView::valueAxisLabels() const
{
    QStringList labels;
    for (const Row& row : m_rows)
        labels << row.rect->axis(QCPAxis::atLeft)->label();
    return labels;
}

QStringList SignalView::legendEntries() const
{
    QStringList names;
    for (const Row& row : m_rows)
        for (int i = 0; i < row.legend->itemCount(); ++i)
            if (auto* item = qobject_cast<QCPPlottableLegendItem*>(row.legend->item(i)))
                names << item->plottable()->name();
    return names;
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
    QFont legendFont = font();
    legendFont.setPointSizeF(legendFont.pointSizeF() * 0.85);
    size_t flat = 0;
    int rowIndex = 0;
    for (const Sensor& sensor : r->sensors) {
        const size_t first = flat;
        flat += sensor.channels.size();
        // One row per quantity, in the order the sensor's channels first name them.
        QStringList quantities;
        for (const Channel& c : sensor.channels)
            if (!quantities.contains(c.quantity))
                quantities << c.quantity;
        for (const QString& quantity : quantities) {
            Row row;
            QString unit;
            for (size_t c = 0; c < sensor.channels.size(); ++c) {
                const Channel& ch = sensor.channels[c];
                if (ch.quantity != quantity)
                    continue;
                unit = ch.unit;
                if (m_visibility->isShown(sensor.qualifiedChannelName(c), quantity))
                    row.channels.push_back(first + c);
            }
            if (row.channels.empty())
                continue;
            row.scale = displayScale(unit);
            row.rect = new QCPAxisRect(this);
            row.rect->setupFullAxesBox(false);
            row.rect->axis(QCPAxis::atTop)->setVisible(false);
            row.rect->axis(QCPAxis::atRight)->setVisible(false);
            row.rect->setMinimumMargins(QMargins(0, 4, 0, 2));
            plotLayout()->addElement(rowIndex++, 0, row.rect);
            // "waist (g)", "waist (deg/s)": the unit says which quantity a row shows, and the
            // label stays short enough for a row of a few lines. The quantity is named only
            // where the unit does not tell it (unknown, or shared by two of the sensor's rows).
            int sameUnit = 0;
            for (const QString& other : quantities)
                for (const Channel& ch : sensor.channels)
                    if (ch.quantity == other) {
                        sameUnit += displayUnit(ch.unit) == displayUnit(unit) ? 1 : 0;
                        break;
                    }
            QString label = sensor.name;
            if (unit.isEmpty() || sameUnit > 1)
                label += QLatin1Char(' ') + quantity;
            if (!unit.isEmpty())
                label += QStringLiteral(" (%1)").arg(displayUnit(unit));
            row.rect->axis(QCPAxis::atLeft)->setLabel(label);
            // The legend names each line; its colour is the channel's place within the
            // quantity (x red, y green, z blue), whatever else is hidden.
            row.legend = new QCPLegend;
            row.rect->insetLayout()->addElement(row.legend, Qt::AlignTop | Qt::AlignRight);
            row.legend->setLayer(QStringLiteral("legend"));
            row.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
            row.legend->setFont(legendFont);
            row.legend->setIconSize(14, 6);
            row.legend->setIconTextPadding(3);
            row.legend->setColumnSpacing(10);
            row.legend->setMargins(QMargins(5, 1, 5, 1));
            row.legend->setBrush(QColor(255, 255, 255, 215));
            row.legend->setBorderPen(QPen(QColor(0, 0, 0, 50)));
            row.legend->setSelectableParts(QCPLegend::spNone);
            for (size_t flatIndex : row.channels) {
                const size_t c = flatIndex - first;
                int place = 0;
                for (size_t k = 0; k < c; ++k)
                    place += sensor.channels[k].quantity == quantity ? 1 : 0;
                QCPGraph* g =
                    addGraph(row.rect->axis(QCPAxis::atBottom), row.rect->axis(QCPAxis::atLeft));
                g->setPen(QPen(kChannelColours[place % 6], 1));
                g->setAdaptiveSampling(false); // the data is already one min/max pair per pixel
                g->setName(sensor.qualifiedChannelName(c));
                auto* item = new QCPPlottableLegendItem(row.legend, g);
                // An item draws clipped to its outer rect: room below for the underscores.
                item->setMargins(QMargins(0, 0, 0, 3));
                row.legend->addItem(item);
                row.graphs.push_back(g);
            }
            registerTimeRect(row.rect);
            m_rows.push_back(row);
        }
    }
    if (m_rows.empty() && r->channelCount() > 0) {
        // Everything hidden: say so where the signals were, rather than leave a blank.
        auto* rect = new QCPAxisRect(this);
        rect->setupFullAxesBox(false);
        rect->axis(QCPAxis::atLeft)->setTickLabels(false);
        rect->axis(QCPAxis::atLeft)->setTicks(false);
        plotLayout()->addElement(0, 0, rect);
        registerTimeRect(rect);
        auto* text = new QCPItemText(this);
        text->setClipToAxisRect(false);
        text->position->setType(QCPItemPosition::ptAxisRectRatio);
        text->position->setAxisRect(rect);
        text->position->setCoords(0.5, 0.5);
        text->setText(tr("Every channel is hidden: View › Channels, or right-click here"));
        text->setColor(Qt::darkGray);
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

void SignalView::contextMenuEvent(QContextMenuEvent* event)
{
    QMenu menu(this);
    m_visibility->populateMenu(&menu, m_session->recording());
    menu.exec(event->globalPos());
}

void SignalView::refreshData()
{
    const Recording* r = m_session->recording();
    if (!r || m_rows.empty())
        return;
    // About a value label per 28 px of a row: rows of 40 px (the Patient
    // workspace's) wrote seven labels over each other.
    for (QCPAxisRect* rect : timeRects())
        rect->axis(QCPAxis::atLeft)->ticker()->setTickCount(std::clamp(rect->height() / 28, 2, 5));
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
        const double k = row.scale;
        for (size_t c = 0; c < row.graphs.size(); ++c) {
            const size_t flat = row.channels[c];
            const std::vector<float>& x = r->channel(flat).samples;
            QVector<QCPGraphData> data;
            if (raw) {
                data.reserve(int(s1 - s0));
                for (int64_t i = s0; i < s1; ++i) {
                    const double v = k * x[size_t(i)];
                    data.append(QCPGraphData(i / rate, v));
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
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
                    const double a = k * mins[size_t(col)], b = k * maxs[size_t(col)];
                    data.append(QCPGraphData(key, a));
                    data.append(QCPGraphData(key, b));
                    lo = std::min({lo, a, b});
                    hi = std::max({hi, a, b});
                }
            }
            row.graphs[c]->data()->set(data, true);
        }
        if (hi >= lo) {
            // Room above the lines for the legend in the top right corner.
            const double pad = std::max(0.05 * k, (hi - lo) * 0.06);
            row.rect->axis(QCPAxis::atLeft)->setRange(lo - pad, hi + pad + (hi - lo) * 0.18);
        }
    }
}

} // namespace kinemark
