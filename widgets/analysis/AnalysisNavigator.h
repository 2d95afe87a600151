#pragma once

#include "core/learning/ItemOrigin.h"

#include <QObject>
#include <functional>

namespace kinemark {

class TimeAxisState;

// Takes the analysis views' clicks back to the recording: selects the item's
// recording (through the callback the main window gives) and shows the item
// on the shared time axis with some context either side, cursor at its start.
class AnalysisNavigator : public QObject
{
    Q_OBJECT
public:
    explicit AnalysisNavigator(TimeAxisState* axis, QObject* parent = nullptr);

    // Called with a recording id before the axis moves; returns false when the
    // recording cannot be shown (then nothing moves).
    void setRecordingSelector(std::function<bool(const QString& recordingId)> selector);

    // Context shown either side of an item, as a fraction of its length (at
    // least two seconds).
    static double contextSeconds(const ItemOrigin& item);

public Q_SLOTS:
    void show(const kinemark::ItemOrigin& item);

Q_SIGNALS:
    void shown(const kinemark::ItemOrigin& item);

private:
    TimeAxisState* m_axis;
    std::function<bool(const QString&)> m_selectRecording;
};

} // namespace kinemark
