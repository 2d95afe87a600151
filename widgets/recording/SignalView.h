#pragma once

#include "widgets/plot/TimePlot.h"

namespace kinemark {

class RecordingSession;

// A row per sensor, its axes as coloured lines, y fitted to what is visible.
// Zoomed out, each pixel column shows the exact min and max of its samples
// from the session's pyramids, so a redraw costs in proportion to the pixels
// and no spike disappears; zoomed in to under two samples per pixel, the raw
// samples are drawn.
class SignalView : public TimePlot
{
    Q_OBJECT
public:
    explicit SignalView(RecordingSession* session, QWidget* parent = nullptr);

protected:
    void refreshData() override;

private:
    void rebuildLayout();

    RecordingSession* m_session;
    struct Row
    {
        QCPAxisRect* rect = nullptr;
        std::vector<QCPGraph*> graphs; // one per channel of the sensor
        size_t firstChannel = 0;       // flat index of the sensor's first channel
    };
    std::vector<Row> m_rows;
    QCPItemText* m_placeholder = nullptr;
};

} // namespace kinemark
