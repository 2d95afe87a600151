#include "widgets/plot/DeferredReplot.h"

#include <QEvent>
#include <qcustomplot.h>

namespace kinemark {

DeferredReplot::DeferredReplot(QCustomPlot* plot) : QObject(plot), m_plot(plot)
{
    plot->installEventFilter(this);
}

void DeferredReplot::request()
{
    if (m_plot->isVisible()) {
        m_pending = false;
        m_plot->replot();
    } else {
        m_pending = true;
    }
}

bool DeferredReplot::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Show && m_pending) {
        m_pending = false;
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
    return QObject::eventFilter(watched, event);
}

} // namespace kinemark
