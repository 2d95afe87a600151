#pragma once

#include "widgets/plot/TimePlot.h"

namespace kinemark {

class ChannelVisibility;
class RecordingSession;

// A row per sensor and quantity (the waist's acceleration in g, its angular
// velocity in deg/s: each on its own value axis labelled with its unit), its channels
// as coloured lines named in a legend, y fitted to what is visible. Channels
// and whole quantities can be hidden (ChannelVisibility: View › Channels, or
// the view's context menu). Zoomed out, each pixel column shows the exact min
// and max of its samples from the session's pyramids, so a redraw costs in
// proportion to the pixels and no spike disappears; zoomed in to under two
// samples per pixel, the raw samples are drawn.
class SignalView : public TimePlot
{
    Q_OBJECT
public:
    explicit SignalView(RecordingSession* session, QWidget* parent = nullptr);

    ChannelVisibility* channelVisibility() const { return m_visibility; }
    // The value axes' labels, top to bottom ("waist (g)", "waist (deg/s)").
    QStringList valueAxisLabels() const;
    // The names the legends show, top to bottom: one per drawn channel.
    QStringList legendEntries() const;

    // How a stored unit is drawn: angular velocity in deg/s (people read degrees), the rest as is.
    static QString displayUnit(const QString& unit);
    static double displayScale(const QString& unit);

protected:
    void refreshData() override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    void rebuildLayout();

    RecordingSession* m_session;
    ChannelVisibility* m_visibility;
    struct Row
    {
        QCPAxisRect* rect = nullptr;
        QCPLegend* legend = nullptr;
        std::vector<QCPGraph*> graphs; // one per drawn channel of the sensor's quantity
        std::vector<size_t> channels;  // their flat channel indices
        double scale = 1;              // drawn value per stored value
    };
    std::vector<Row> m_rows;
    QCPItemText* m_placeholder = nullptr;
};

} // namespace kinemark
