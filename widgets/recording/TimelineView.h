#pragma once

#include "core/model/AnnotationTrack.h"
#include "core/model/ClassProbabilities.h"
#include "widgets/plot/TimePlot.h"

namespace kinemark {

class ConfidenceLane;
class RecordingSession;
class SegmentLane;

// Lanes of activity segments on the shared time axis: ground truth first,
// then every other track (annotators, model predictions), and for each
// prediction a confidence lane (its largest class probability, when the
// project holds the probabilities) and a disagreement lane (where it differs
// from ground truth).
// Hovering a segment shows its class, start and duration.
class TimelineView : public TimePlot
{
    Q_OBJECT
public:
    explicit TimelineView(RecordingSession* session, QWidget* parent = nullptr);

    // Rebuilds the lanes (call after tracks were added, removed or edited).
    void rebuildLanes();
    int laneCount() const { return int(m_lanes.size()); }
    // For editors drawing on and reacting to a lane (lane 0 is the ground truth when there is one).
    QCPAxisRect* laneRect(int lane) const { return m_lanes.at(size_t(lane)).rect; }
    // The track a lane draws; nullptr for a confidence lane.
    const AnnotationTrack* laneTrack(int lane) const;
    // Marks lane `lane` as the one the keys edit (its bold name with a pencil
    // on a tab of the edited colour, a black and white double frame that shows
    // on any class colour); -1 marks none. Lanes are rebuilt unmarked.
    void setEditedLane(int lane);
    int editedLane() const { return m_editedLane; }
    // The confidence lane of lane `lane`'s kind, or nullptr.
    ConfidenceLane* confidenceLane(int lane) const { return m_lanes.at(size_t(lane)).confidence; }
    QSize sizeHint() const override;
    // A lane's height when the timeline is squeezed (it is 26 px otherwise).
    static constexpr int kMinimumLaneHeight = 14;
    // Lane names longer than this column are elided (the tooltip tells them).
    static constexpr int kMaximumNameColumn = 210;
    // The name as shown, whether it had to be elided, and where it is.
    QString laneNameShown(int lane) const;
    bool laneNameElided(int lane) const;
    QRect laneNameRect(int lane) const;
    // Pixels lane `lane`'s name needs in the name column, in full.
    int nameWidthNeeded(int lane) const;

Q_SIGNALS:
    // The lanes and every item on them were rebuilt; overlays must be made anew.
    void lanesRebuilt();

protected:
    void refreshData() override {}
    void mouseMoveEvent(QMouseEvent* event) override;

private:
    struct Lane
    {
        QCPAxisRect* rect = nullptr;
        SegmentLane* plottable = nullptr;     // segment lanes
        ConfidenceLane* confidence = nullptr; // confidence lanes
        QString title;
        QCPItemText* label = nullptr; // the name in the left margin
    };
    QCPAxisRect* addLaneRect(const QString& title, QCPItemText** label);
    QFont laneNameFont(bool edited) const;
    static QString laneNameText(const Lane& lane, bool edited);
    // Widens the axis's name column to the longest name (up to
    // kMaximumNameColumn) and elides what is longer still.
    void fitNameColumn();
    static constexpr int kNamePadding = 4;
    void addLane(const QString& title, const AnnotationTrack* track, const QColor& fallback,
                 bool uniform = false);
    void addConfidenceLane(const ClassProbabilities* probabilities);

    RecordingSession* m_session;
    std::vector<Lane> m_lanes;
    int m_editedLane = -1;
    // Disagreement tracks are derived, owned here.
    std::vector<std::unique_ptr<AnnotationTrack>> m_derived;
};

} // namespace kinemark
