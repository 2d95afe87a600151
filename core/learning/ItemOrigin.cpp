#include "core/learning/ItemOrigin.h"

#include <algorithm>

namespace kinemark {

QVector<ItemOrigin> ItemOrigin::mergedSpans(QVector<ItemOrigin> items)
{
    std::sort(items.begin(), items.end(), [](const ItemOrigin& a, const ItemOrigin& b) {
        return a.recordingId != b.recordingId ? a.recordingId < b.recordingId
                                              : a.startSample < b.startSample;
    });
    QVector<ItemOrigin> spans;
    for (const ItemOrigin& item : items) {
        if (!spans.isEmpty() && spans.back().recordingId == item.recordingId &&
            item.startSample <= spans.back().endSample)
            spans.back().endSample = std::max(spans.back().endSample, item.endSample);
        else
            spans.push_back(item);
    }
    return spans;
}

} // namespace kinemark
