#include "widgets/recording/LanePlottable.h"

namespace kinemark {

LanePlottable::LanePlottable(QCPAxis* keyAxis, QCPAxis* valueAxis)
    : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setAntialiased(false);
    setAntialiasedFill(false);
}

double LanePlottable::selectTest(const QPointF& pos, bool, QVariant*) const
{
    if (!mKeyAxis || !mKeyAxis->axisRect()->rect().contains(pos.toPoint()))
        return -1;
    return showsSomethingAt(mKeyAxis->pixelToCoord(pos.x())) ? 0 : -1;
}

QCPRange LanePlottable::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const
{
    foundRange = true;
    return QCPRange(0, 1);
}

} // namespace kinemark
