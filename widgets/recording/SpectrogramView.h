#pragma once

#include "widgets/plot/TimePlot.h"

namespace kinemark {

class ColorMapCells;
class RecordingSession;

// For each sensor axis a band of STFT magnitudes (0 to Nyquist), stacked.
// Reads pooled or full-resolution frames from the session's SpectrogramStore
// and never computes on the GUI thread: while tiles are missing it asks the
// session for them and says that it is computing.
class SpectrogramView : public TimePlot
{
    Q_OBJECT
public:
    enum class Scale
    {
        Log,
        Linear
    };

    explicit SpectrogramView(RecordingSession* session, QWidget* parent = nullptr);

    void setScale(Scale scale);
    Scale scale() const { return m_scale; }
    void setGradient(QCPColorGradient::GradientPreset preset);
    // True when the last refresh could draw every band (nothing still computing).
    bool isComplete() const { return m_complete; }

protected:
    void refreshData() override;

private:
    void rebuildLayout();

    RecordingSession* m_session;
    Scale m_scale = Scale::Log;
    QCPColorGradient m_gradient;
    std::vector<QCPColorMap*> m_maps;
    std::vector<ColorMapCells*> m_cells; // each owned by its map, reused while the size holds
    std::vector<float> m_columnBuffer;   // scratch: one band as columns x bins
    std::vector<float> m_rangeSample;    // scratch: magnitudes for the colour range
    QCPItemText* m_placeholder = nullptr;
    bool m_complete = false;
};

} // namespace kinemark
