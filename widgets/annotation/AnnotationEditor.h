#pragma once

#include "core/editing/TrackEdits.h"
#include "core/editing/TrackNavigation.h"
#include "widgets/annotation/AnnotationJournal.h"
#include "widgets/annotation/PlayheadLabeller.h"
#include "widgets/annotation/TierEdits.h"

#include <QDateTime>
#include <QObject>
#include <QUndoStack>
#include <functional>

class QAction;
class QMenu;
class QWidget;

namespace kinemark {

class RecordingSession;

// Keyboard-first editing of the shown recording's active tier (the ground truth
// unless the user chose another annotation tier): every edit is
// computed by TrackEdits, pushed as an AnnotationCommand on the undo stack,
// applied to the project and appended to the journal beside the project file.
// Tiers themselves (add, rename, delete, copy of a prediction) are edits too,
// one undo step each, and so are a segment's note and its unsure flag.
// The selected segment is the one under the cursor; a shift-drag selection, when
// there is one, is the range that class keys, Delete and Accept act on. Jumps
// move the cursor (and select the gap, disagreement or low-confidence span they
// find). Its Edit menu is EditMenuActions, its journal AnnotationJournal and
// the edits of tier operations TierEdits.
class AnnotationEditor : public QObject
{
    Q_OBJECT
public:
    enum class Jump
    {
        Segment,
        Gap,
        Disagreement,
        LowConfidence
    };

    // What the journal beside a just opened project holds beyond the file.
    using RecoveryOffer = AnnotationJournal::RecoveryOffer;

    AnnotationEditor(RecordingSession* session, QWidget* dialogParent, QObject* parent = nullptr);
    ~AnnotationEditor() override;

    // The project being edited (owned by the caller, who keeps it alive) and its
    // file ("" while untitled). Clears the undo history; looks for a journal.
    void setProject(Project* project, const QString& path);
    RecoveryOffer recoveryOffer() const;
    // Replays the journal's unsaved edits and continues it; false with `error` when it cannot.
    bool recover(QString* error = nullptr);
    // Sets the journal's unsaved edits aside (renamed, not deleted) and starts afresh.
    void discardRecovery();
    // The user discarded the unsaved changes: the journal goes too.
    void discardJournal();
    // Before saving: records in the project what the file will cover; returns the sequence number.
    int64_t prepareSave();
    // After a successful save to `path`.
    void projectSaved(const QString& path, int64_t coveredSeq);

    QUndoStack* undoStack() { return &m_undo; }
    QString author() const;
    void setAuthor(const QString& author);
    // While it returns true (a save or load running), edits are refused.
    void setBusyCheck(std::function<bool()> busy) { m_busy = std::move(busy); }
    // Confidence per step for "next low-confidence region" (a model's probabilities).
    void setConfidenceProvider(std::function<ConfidenceSeries(const Recording&)> provider);
    static constexpr float kLowConfidence = 0.6f;

    // Adds Undo/Redo, the edits, class keys and jumps to `menu` (EditMenuActions).
    void addActionsTo(QMenu* menu);

    Recording* recording() const;
    const AnnotationTrack* groundTruth() const;
    // The track the keys (and the mouse on its lane) edit: the active tier when
    // the shown recording has it, else the ground truth; nullptr when there is
    // neither (the first edit then adds a ground truth).
    const AnnotationTrack* editedTrack() const;
    // The edited track's name ("" when there is none yet).
    QString activeTrack() const;
    // Chooses the tier the keys edit: a track of the shown recording that is not
    // a prediction, or "" for the ground truth. False (nothing changes) otherwise.
    bool setActiveTrack(const QString& name);
    // The shown recording's tracks the keys can edit (all but predictions), in order.
    QStringList editableTracks() const;
    QStringList predictionTracks() const;
    // Why `name` cannot name a new tier ("" when it can).
    QString tierNameProblem(const QString& name) const;
    const AnnotationTrack* prediction() const;
    int64_t cursorSample() const;
    long selectedIndex() const; // segment of the edited track under the cursor, or -1
    // The class Ctrl+drag paints: the last one assigned, at first the set's first class.
    int32_t paintClass() const;
    const LabelSet& labelSet() const;

    // Edits other than labels (a recording's videos): one undo step, journalled.
    bool pushEdits(const QString& text, std::vector<ProjectEdit> edits);
    // While a video plays the class keys label at the play head: a key starts a
    // segment of its class at the cursor, the same key again ends it there (another
    // class's key ends it and starts the next). A segment still open when playback
    // stops is ended by its key as well.
    void setPlayheadLabelling(bool on) { m_playhead.setPlaying(on); }
    bool playheadLabelling() const { return m_playhead.playing(); }
    // The open segment's start sample (-1: none) and class.
    int64_t openSegmentStart() const { return m_playhead.openStart(); }
    int32_t openSegmentClass() const { return m_playhead.openClass(); }
    void dropOpenSegment() { m_playhead.drop(); }
    // Where the editor's dialogs open (the main window).
    QWidget* dialogParent() const { return m_dialogParent; }

public Q_SLOTS:
    bool assignClass(int32_t classId);
    bool pickClass();
    bool splitAtCursor();
    bool mergeWith(TrackEdits::Direction direction);
    bool deleteSelection();
    bool acceptPrediction();
    // Moves the selected segment's end (or start) by a few samples; quick repeats merge into one
    // undo step.
    bool nudgeBoundary(bool endEdge, int direction);
    // The end of a boundary drag: one undo step.
    bool moveBoundary(int64_t boundary, int64_t position);
    bool paint(int64_t start, int64_t end, int32_t classId);
    // Imported tracks replace the tracks of the same name or are added: one undo step.
    bool importTracks(const std::vector<AnnotationTrack>& tracks);
    bool jump(Jump kind, bool forward);
    // A segment list's multi-selection: relabels (or deletes) all of `spans` of the edited
    // track in one undo step.
    bool relabelSpans(const std::vector<SampleSpan>& spans, int32_t classId);
    bool clearSpans(const std::vector<SampleSpan>& spans);
    // Moves the cursor onto `span` (its segment becomes the selected one) and scrolls to it.
    void showSegment(const SampleSpan& span) { showSpan(span, false); }
    // The selected segment's note (empty removes it), and the small dialog that asks for it.
    bool setNote(const QString& note);
    bool editNote();
    // Marks the selected segment unsure, or sure again.
    bool toggleUnsure();
    // Tiers: each one undo step, journaled. A new or copied tier becomes the active one.
    bool addTier(const QString& name);
    bool renameTier(const QString& from, const QString& to);
    bool deleteTier(const QString& name);
    // The prediction's segments as a new editable annotation tier.
    bool copyPredictionToTier(const QString& predictionName, const QString& tierName);
    // Makes the next (direction 1) or previous (-1) editable tier the active one.
    void cycleActiveTrack(int direction);
    void editLabelSet();

Q_SIGNALS:
    void edited();        // the project changed
    void tracksChanged(); // lanes need rebuilding
    // The keys now edit another track (its name; "" when there is none).
    void activeTrackChanged(const QString& name);
    void message(const QString& text);

private:
    bool canEdit();
    bool labelAtPlayhead(int32_t classId);
    EditStamp stamp() const;
    std::optional<SampleSpan> selectionOrCurrent() const;
    // Pushes one undo step. Edits of a recording without ground truth first add one.
    bool push(const QString& text, std::vector<ProjectEdit> edits, int64_t boundaryFrom = -1,
              int64_t boundaryTo = -1);
    // The edits that apply `patch` to the edited track (adding a ground truth
    // first when the recording has none).
    std::vector<ProjectEdit> editPatch(const std::optional<TrackPatch>& patch) const;
    // Pushes a tier operation's edit (making its tier the active one when `activate`), or
    // tells its problem.
    bool pushTierEdit(const TierEdits::Outcome& outcome, bool activate);
    void perform(const std::vector<ProjectEdit>& edits, const QString& description);
    void showSpan(const SampleSpan& span, bool select);

    RecordingSession* m_session;
    QWidget* m_dialogParent;
    Project* m_project = nullptr;
    QUndoStack m_undo;
    AnnotationJournal* m_journal;
    std::function<bool()> m_busy;
    std::function<ConfidenceSeries(const Recording&)> m_confidence;
    int32_t m_paintClass = kUnlabelled;
    QString m_activeTrack; // "" = the ground truth
    PlayheadLabeller m_playhead;
};

} // namespace kinemark
