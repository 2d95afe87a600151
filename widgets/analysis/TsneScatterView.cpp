#include "widgets/analysis/TsneScatterView.h"

#include "widgets/plot/DeferredReplot.h"

#include "widgets/plot/PlotExport.h"

#include <QHelpEvent>
#include <QLabel>
#include <QMap>
#include <QStackedLayout>
#include <QToolTip>
#include <QVBoxLayout>
#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {
QString formatTime(double seconds)
{
    const int64_t whole = int64_t(std::floor(seconds));
    return QStringLiteral("%1:%2:%3")
        .arg(whole / 3600)
        .arg((whole / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(seconds - double(whole / 60 * 60), 4, 'f', 1, QLatin1Char('0'));
}
} // namespace

TsneScatterView::TsneScatterView(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_status(new QLabel(this)),
      m_pages(new QStackedLayout), m_replot(new DeferredReplot(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_pages);
    m_pages->addWidget(m_plot);
    m_status->setObjectName(QStringLiteral("tsneStatus"));
    m_status->setAlignment(Qt::AlignCenter);
    m_status->setWordWrap(true);
    m_status->setMargin(24);
    QFont large = m_status->font();
    large.setPointSizeF(large.pointSizeF() * 1.2);
    m_status->setFont(large);
    m_pages->addWidget(m_status);
    m_pages->setCurrentWidget(m_plot);
    m_plot->setMinimumSize(320, 280);
    m_plot->legend->setVisible(true);
    // The legend sits beside the map, not on it: t-SNE uses the whole square,
    // so any corner inset hides some cluster.
    auto* side = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(0, 1, side);
    m_plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    side->addElement(0, 0, m_plot->legend);
    side->addElement(1, 0, new QCPLayoutElement(m_plot)); // takes the rest of the height
    side->setRowStretchFactor(0, 0.001);
    side->setMargins(QMargins(0, 10, 6, 0));
    m_plot->legend->setMargins(QMargins(6, 4, 6, 4));
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_plot->legend->setFont(small);
    m_plot->xAxis->setLabel(tr("t-SNE 1"));
    m_plot->yAxis->setLabel(tr("t-SNE 2"));
    m_plot->setInteractions(QCP::iRangeZoom | QCP::iRangeDrag);
    m_plot->setMouseTracking(true);
    m_plot->installEventFilter(this);
    connect(m_plot, &QCustomPlot::mousePress, this, &TsneScatterView::onMousePress);
}

void TsneScatterView::setItems(const std::vector<float>& positions,
                               const std::vector<int32_t>& classIndex,
                               const QStringList& classNames, const QVector<QColor>& classColours,
                               const QVector<ItemOrigin>& origins)
{
    if (positions.size() != 2 * classIndex.size() ||
        (!origins.isEmpty() && size_t(origins.size()) != classIndex.size()))
        throw std::invalid_argument("TsneScatterView: items differ in length");
    m_positions = positions;
    m_classIndex = classIndex;
    m_classNames = classNames;
    m_classColours = classColours;
    m_origins = origins;
    m_pages->setCurrentWidget(m_plot);
    rebuild();
}

void TsneScatterView::showComputing(double fraction)
{
    showStatus(fraction < 0
                   ? tr("Computing t-SNE…")
                   : tr("Computing t-SNE… %1 %").arg(int(std::clamp(fraction, 0.0, 1.0) * 100)));
}

void TsneScatterView::showFailure(const QString& reason)
{
    showStatus(tr("No t-SNE map: %1").arg(reason));
}

void TsneScatterView::showStatus(const QString& text)
{
    m_status->setText(text);
    m_pages->setCurrentWidget(m_status);
}

QString TsneScatterView::statusText() const
{
    return m_pages->currentWidget() == m_status ? m_status->text() : QString();
}

void TsneScatterView::setColouring(Colouring colouring)
{
    if (colouring == m_colouring)
        return;
    m_colouring = colouring;
    rebuild();
}

void TsneScatterView::rebuild()
{
    m_plot->clearGraphs();
    // One graph per group; the key is the item index, kept in the order of
    // the groups' first appearance for classes, alphabetically for subjects.
    QMap<QString, QVector<int>> bySubject;
    std::vector<QVector<int>> byClass(size_t(std::max<qsizetype>(m_classNames.size(), 0)));
    for (int i = 0; i < itemCount(); ++i) {
        if (m_colouring == Colouring::BySubject)
            bySubject[m_origins.isEmpty() ? QString() : m_origins[i].subject].push_back(i);
        else if (m_classIndex[size_t(i)] >= 0 && size_t(m_classIndex[size_t(i)]) < byClass.size())
            byClass[size_t(m_classIndex[size_t(i)])].push_back(i);
    }
    auto addGroup = [&](const QString& name, const QVector<int>& members, const QColor& colour) {
        if (members.isEmpty())
            return;
        QCPGraph* graph = m_plot->addGraph();
        graph->setName(name);
        graph->setLineStyle(QCPGraph::lsNone);
        QColor fill = colour;
        fill.setAlpha(170);
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, fill, fill, 5));
        QVector<double> x, y;
        x.reserve(members.size());
        y.reserve(members.size());
        for (int i : members) {
            x.push_back(m_positions[2 * size_t(i)]);
            y.push_back(m_positions[2 * size_t(i) + 1]);
        }
        // QCPGraph keeps its data sorted by key, which is fine for dots.
        QVector<QCPGraphData> points;
        points.reserve(members.size());
        for (int k = 0; k < members.size(); ++k)
            points.push_back(QCPGraphData(x[k], y[k]));
        graph->data()->set(points, false);
        graph->setAdaptiveSampling(false);
    };
    if (m_colouring == Colouring::BySubject) {
        int g = 0;
        for (auto it = bySubject.cbegin(); it != bySubject.cend(); ++it, ++g)
            addGroup(it.key().isEmpty() ? tr("(no subject)") : tr("subject %1").arg(it.key()),
                     it.value(), PlotExport::groupColour(g));
    } else {
        for (size_t c = 0; c < byClass.size(); ++c)
            addGroup(m_classNames[int(c)], byClass[c],
                     int(c) < m_classColours.size() ? m_classColours[int(c)]
                                                    : PlotExport::groupColour(int(c)));
    }
    m_plot->rescaleAxes();
    m_plot->xAxis->scaleRange(1.05);
    m_plot->yAxis->scaleRange(1.05);
    m_replot->request();
}

int TsneScatterView::itemAt(const QPoint& position, double radius) const
{
    const QPoint inPlot = m_plot->mapFrom(this, position);
    int best = -1;
    double bestDistance = radius * radius;
    for (int i = 0; i < itemCount(); ++i) {
        const double dx = m_plot->xAxis->coordToPixel(m_positions[2 * size_t(i)]) - inPlot.x();
        const double dy = m_plot->yAxis->coordToPixel(m_positions[2 * size_t(i) + 1]) - inPlot.y();
        const double d2 = dx * dx + dy * dy;
        if (d2 <= bestDistance) {
            bestDistance = d2;
            best = i;
        }
    }
    return best;
}

QPoint TsneScatterView::itemPosition(int item) const
{
    const QPointF inPlot(m_plot->xAxis->coordToPixel(m_positions[2 * size_t(item)]),
                         m_plot->yAxis->coordToPixel(m_positions[2 * size_t(item) + 1]));
    return m_plot->mapTo(this, inPlot.toPoint());
}

QString TsneScatterView::describe(int item) const
{
    const int c = m_classIndex[size_t(item)];
    const QString className = c >= 0 && c < m_classNames.size() ? m_classNames[c] : tr("(unknown)");
    if (m_origins.isEmpty())
        return className;
    const ItemOrigin& o = m_origins[item];
    return tr("%1\nsubject %2, recording %3\n%4 to %5")
        .arg(className, o.subject, o.recordingId, formatTime(o.startSeconds()),
             formatTime(o.endSeconds()));
}

QString TsneScatterView::toCsv() const
{
    QString csv = QStringLiteral("x,y,class,subject,recording,start_sample,end_sample\n");
    auto quoted = [](QString s) { return '"' + s.replace('"', "\"\"") + '"'; };
    for (int i = 0; i < itemCount(); ++i) {
        const int c = m_classIndex[size_t(i)];
        const ItemOrigin o = m_origins.isEmpty() ? ItemOrigin() : m_origins[i];
        csv += QStringLiteral("%1,%2,%3,%4,%5,%6,%7\n")
                   .arg(double(m_positions[2 * size_t(i)]))
                   .arg(double(m_positions[2 * size_t(i) + 1]))
                   .arg(quoted(c >= 0 && c < m_classNames.size() ? m_classNames[c] : QString()),
                        quoted(o.subject), quoted(o.recordingId))
                   .arg(o.startSample)
                   .arg(o.endSample);
    }
    return csv;
}

bool TsneScatterView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const int item = itemAt(m_plot->mapTo(this, help->pos()));
        if (item >= 0)
            QToolTip::showText(help->globalPos(), describe(item), m_plot);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void TsneScatterView::onMousePress(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    const int item = itemAt(m_plot->mapTo(this, event->pos()));
    if (item < 0)
        return;
    Q_EMIT itemClicked(item, m_origins.isEmpty() ? ItemOrigin() : m_origins[item]);
}

} // namespace kinemark
