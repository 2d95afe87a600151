#pragma once

#include "core/model/LabelSet.h"
#include "core/model/Recording.h"
#include "core/timeuse/TimeUseSettings.h"
#include "core/timeuse/TimeUseSummary.h"

#include <QFutureWatcher>
#include <QWidget>
#include <memory>

class QComboBox;
class QLabel;
class QScrollArea;
class QSplitter;
class QTimer;

namespace kinemark {

class PatientDayView;
class TimeAxisState;
class TimeUseSummaryPanel;

// The clinician's view of one recording: the day view (scrolling when the
// days do not fit at a readable height) beside the summary panel when the
// panel is wide, above it when narrow; from the ground truth or a chosen
// prediction track. Summaries are computed on a worker thread (a week of raw
// signal is read for non-wear).
class PatientPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PatientPanel(QWidget* parent = nullptr);
    ~PatientPanel() override;

    // The recording to show (nullptr: none); its tracks fill the track list.
    void setRecording(std::shared_ptr<const Recording> recording, const LabelSet* labelSet);
    // A click in the day view moves this axis's cursor there and shows ten
    // minutes around it (the axis must belong to the same recording).
    void setTimeAxis(TimeAxisState* axis) { m_axis = axis; }
    // The thresholds and groups the summaries use (the project's).
    void setSettings(const TimeUseSettings& settings);
    const TimeUseSettings& settings() const { return m_settings; }
    // The shown track was edited or tracks were added: recomputes shortly after
    // the last call, or when the panel is next shown if it is hidden now.
    void refresh();
    QString trackName() const;
    void setTrackName(const QString& name);
    std::shared_ptr<const TimeUseSummary> summary() const { return m_summary; }
    // Blocks until the current computation is done (tests, screenshots).
    void waitForSummary();

    PatientDayView* dayView() const { return m_dayView; }
    TimeUseSummaryPanel* summaryPanel() const { return m_summaryPanel; }
    QScrollArea* dayScrollArea() const { return m_dayScroll; }
    // From this width on the summary stands beside the days instead of below them.
    static constexpr int kSideBySideWidth = 1000;

Q_SIGNALS:
    void summaryReady();
    // The Settings button: the owner opens the dialog and calls setSettings().
    void settingsRequested();

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void recompute();
    void updateOrientation();

    std::shared_ptr<const Recording> m_recording;
    LabelSet m_labelSet;
    bool m_hasLabelSet = false;
    TimeAxisState* m_axis = nullptr;
    QComboBox* m_track = nullptr;
    QLabel* m_status = nullptr;
    PatientDayView* m_dayView = nullptr;
    QScrollArea* m_dayScroll = nullptr;
    QSplitter* m_splitter = nullptr;
    bool m_orientationChosen = false; // sizes are shared out once per orientation
    TimeUseSummaryPanel* m_summaryPanel = nullptr;
    std::shared_ptr<const TimeUseSummary> m_summary;
    QFutureWatcher<std::shared_ptr<const TimeUseSummary>>* m_watcher = nullptr;
    bool m_again = false; // inputs changed while computing
    TimeUseSettings m_settings;
    QTimer* m_refreshTimer = nullptr;
    bool m_stale = false; // refresh() while hidden
};

} // namespace kinemark
