#include "widgets/analysis/AnalysisNavigator.h"

#include "widgets/plot/TimeAxisState.h"

#include <algorithm>

namespace kinemark {

AnalysisNavigator::AnalysisNavigator(TimeAxisState* axis, QObject* parent)
    : QObject(parent), m_axis(axis)
{}

void AnalysisNavigator::setRecordingSelector(std::function<bool(const QString&)> selector)
{
    m_selectRecording = std::move(selector);
}

double AnalysisNavigator::contextSeconds(const ItemOrigin& item)
{
    return std::max(2.0, 0.5 * (item.endSeconds() - item.startSeconds()));
}

void AnalysisNavigator::show(const ItemOrigin& item)
{
    if (m_selectRecording && !m_selectRecording(item.recordingId))
        return;
    const double context = contextSeconds(item);
    // The selector may have reset the axis to another recording: set the
    // range afterwards, and the cursor last so that it is not clamped away.
    m_axis->setVisibleRange(item.startSeconds() - context, item.endSeconds() + context);
    m_axis->setCursor(item.startSeconds());
    Q_EMIT shown(item);
}

} // namespace kinemark
