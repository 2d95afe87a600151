#pragma once

#include <QWidget>
#include <memory>

class QCustomPlot;

namespace kinemark {

class Recording;
class LabelSet;

// A row per sensor with its axes as coloured lines over wall-clock time, and a
// ground-truth lane below. (A first, simple view: issue #3 replaces the drawing
// with level-of-detail pyramids and adds spectrogram and timeline views.)
class SignalView : public QWidget
{
    Q_OBJECT
public:
    explicit SignalView(QWidget* parent = nullptr);
    ~SignalView() override;

    // The recording is shared with the project; the view keeps it alive while shown.
    void setRecording(std::shared_ptr<const Recording> recording, const LabelSet* labelSet);
    // Visible range in seconds from the start of the recording.
    void setVisibleRange(double startSeconds, double endSeconds);

private:
    void rebuild();

    QCustomPlot* m_plot = nullptr;
    std::shared_ptr<const Recording> m_recording;
    const LabelSet* m_labelSet = nullptr;
};

} // namespace kinemark
