#include "widgets/annotation/AnnotationEditor.h"

#include "core/editing/LabelSetEdits.h"
#include "core/labels/LabelFiles.h"
#include "widgets/annotation/AnnotationCommand.h"
#include "widgets/annotation/AnnotationJournal.h"
#include "widgets/annotation/EditMenuActions.h"
#include "widgets/annotation/LabelPickerDialog.h"
#include "widgets/annotation/LabelSetEditorDialog.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QInputDialog>
#include <QMenu>
#include <QSettings>
#include <algorithm>
#include <cmath>

namespace kinemark {

namespace {
const char* kAuthorKey = "annotation/author";

QString loginName()
{
    for (const char* var : {"USER", "USERNAME", "LOGNAME"}) {
        const QString v = qEnvironmentVariable(var);
        if (!v.isEmpty())
            return v;
    }
    return QStringLiteral("annotator");
}
} // namespace

AnnotationEditor::AnnotationEditor(RecordingSession* session, QWidget* dialogParent,
                                   QObject* parent)
    : QObject(parent), m_session(session), m_dialogParent(dialogParent),
      m_journal(new AnnotationJournal(this))
{
    connect(m_journal, &AnnotationJournal::message, this, &AnnotationEditor::message);
}

AnnotationEditor::~AnnotationEditor() = default;

QString AnnotationEditor::author() const
{
    const QString a = QSettings().value(QLatin1String(kAuthorKey)).toString();
    return a.isEmpty() ? loginName() : a;
}

void AnnotationEditor::setAuthor(const QString& author)
{
    QSettings().setValue(QLatin1String(kAuthorKey), author.trimmed());
}

void AnnotationEditor::setConfidenceProvider(
    std::function<ConfidenceSeries(const Recording&)> provider)
{
    m_confidence = std::move(provider);
}

// --- project and journal ---------------------------------------------------------------------

void AnnotationEditor::setProject(Project* project, const QString& path)
{
    m_undo.clear();
    m_project = project;
    m_activeTrack.clear(); // another project: the keys edit its ground truth
    m_playhead.drop();
    m_journal->open(project, path);
}

AnnotationEditor::RecoveryOffer AnnotationEditor::recoveryOffer() const
{
    return m_journal->offer();
}

bool AnnotationEditor::recover(QString* error)
{
    if (!m_journal->recover(error))
        return false;
    if (const Recording* r = m_session->recording())
        if (const LabelSet* set = m_project->labelSet(r->labelSetId))
            m_session->setLabelSet(*set);
    Q_EMIT tracksChanged();
    Q_EMIT edited();
    return true;
}

void AnnotationEditor::discardRecovery()
{
    m_journal->discardRecovery();
}

void AnnotationEditor::discardJournal()
{
    m_journal->discard();
}

int64_t AnnotationEditor::prepareSave()
{
    return m_journal->prepareSave();
}

void AnnotationEditor::projectSaved(const QString& path, int64_t coveredSeq)
{
    m_journal->projectSaved(path, coveredSeq);
}

// --- state ------------------------------------------------------------------------------------

Recording* AnnotationEditor::recording() const
{
    const Recording* shown = m_session->recording();
    if (!m_project || !shown)
        return nullptr;
    const auto r = m_project->recording(shown->id);
    return r.get() == shown ? r.get() : nullptr;
}

const AnnotationTrack* AnnotationEditor::groundTruth() const
{
    const Recording* r = recording();
    return r ? r->groundTruth() : nullptr;
}

const AnnotationTrack* AnnotationEditor::editedTrack() const
{
    const Recording* r = recording();
    if (!r)
        return nullptr;
    if (!m_activeTrack.isEmpty())
        if (const AnnotationTrack* t = r->track(m_activeTrack);
            t && t->kind() != AnnotationTrack::Kind::Prediction)
            return t;
    return r->groundTruth();
}

QString AnnotationEditor::activeTrack() const
{
    const AnnotationTrack* t = editedTrack();
    return t ? t->name() : QString();
}

QStringList AnnotationEditor::editableTracks() const
{
    QStringList names;
    if (const Recording* r = recording())
        for (const AnnotationTrack& t : r->tracks)
            if (t.kind() != AnnotationTrack::Kind::Prediction)
                names << t.name();
    return names;
}

QStringList AnnotationEditor::predictionTracks() const
{
    QStringList names;
    if (const Recording* r = recording())
        for (const AnnotationTrack& t : r->tracks)
            if (t.kind() == AnnotationTrack::Kind::Prediction)
                names << t.name();
    return names;
}

bool AnnotationEditor::setActiveTrack(const QString& name)
{
    const Recording* r = recording();
    const AnnotationTrack* t = r && !name.isEmpty() ? r->track(name) : nullptr;
    if (!name.isEmpty() && (!t || t->kind() == AnnotationTrack::Kind::Prediction))
        return false; // predictions are the model's: never edited by the keys
    const QString before = activeTrack();
    m_activeTrack = name;
    if (activeTrack() != before)
        Q_EMIT activeTrackChanged(activeTrack());
    return true;
}

void AnnotationEditor::cycleActiveTrack(int direction)
{
    const QStringList names = editableTracks();
    if (names.size() < 2)
        return;
    const int at = int(names.indexOf(activeTrack()));
    const int next = int((at + direction + names.size()) % names.size());
    setActiveTrack(names[next]);
    Q_EMIT message(tr("The keys edit the tier \"%1\"").arg(names[next]));
}

const AnnotationTrack* AnnotationEditor::prediction() const
{
    if (const Recording* r = recording())
        for (const AnnotationTrack& t : r->tracks)
            if (t.kind() == AnnotationTrack::Kind::Prediction)
                return &t;
    return nullptr;
}

const LabelSet& AnnotationEditor::labelSet() const
{
    return m_session->labelSet();
}

int32_t AnnotationEditor::paintClass() const
{
    if (m_paintClass != kUnlabelled)
        return m_paintClass;
    for (const LabelClass& c : labelSet().classes)
        if (c.mergedInto == kUnlabelled)
            return c.id;
    return kUnlabelled;
}

int64_t AnnotationEditor::cursorSample() const
{
    const Recording* r = recording();
    if (!r)
        return 0;
    const int64_t n = int64_t(r->sampleCount());
    return std::clamp<int64_t>(
        int64_t(std::floor(m_session->timeAxis()->cursor() * r->sampleRateHz)), 0,
        std::max<int64_t>(0, n - 1));
}

long AnnotationEditor::selectedIndex() const
{
    const AnnotationTrack* t = editedTrack();
    return t ? t->indexAt(cursorSample()) : -1;
}

std::optional<SampleSpan> AnnotationEditor::selectionOrCurrent() const
{
    const Recording* r = recording();
    if (!r)
        return std::nullopt;
    const TimeAxisState* axis = m_session->timeAxis();
    const int64_t n = int64_t(r->sampleCount());
    if (axis->hasSelection()) {
        const int64_t a =
            std::clamp<int64_t>(std::llround(axis->selectionStart() * r->sampleRateHz), 0, n);
        const int64_t b =
            std::clamp<int64_t>(std::llround(axis->selectionEnd() * r->sampleRateHz), 0, n);
        if (b > a)
            return SampleSpan{a, b};
        return std::nullopt;
    }
    const AnnotationTrack* t = editedTrack();
    const int64_t at = cursorSample();
    if (t) {
        const long i = t->indexAt(at);
        if (i >= 0)
            return SampleSpan{t->segments()[size_t(i)].start, t->segments()[size_t(i)].end};
        for (const SampleSpan& g : TrackNavigation::gaps(*t, n))
            if (g.start <= at && at < g.end)
                return g;
    }
    return n > 0 ? std::optional<SampleSpan>(SampleSpan{0, n}) : std::nullopt;
}

EditStamp AnnotationEditor::stamp() const
{
    return EditStamp{author(), QDateTime::currentMSecsSinceEpoch()};
}

bool AnnotationEditor::canEdit()
{
    if (!recording()) {
        Q_EMIT message(tr("No recording is shown"));
        return false;
    }
    if (m_busy && m_busy()) {
        Q_EMIT message(tr("Wait for the running task to finish before editing"));
        return false;
    }
    return true;
}

// --- applying edits ---------------------------------------------------------------------------

std::vector<ProjectEdit> AnnotationEditor::editPatch(const std::optional<TrackPatch>& patch) const
{
    std::vector<ProjectEdit> edits;
    const Recording* r = recording();
    if (!patch || !r)
        return edits;
    if (const AnnotationTrack* edited = editedTrack()) {
        edits.push_back(ProjectEdit::patchTrack(r->id, edited->name(), *patch));
        return edits;
    }
    // The keys edit the ground truth, and the recording has none yet: the edit adds it.
    const QString name = tr("ground truth");
    edits.push_back(ProjectEdit::addTrack(
        r->id, AnnotationTrack(name, AnnotationTrack::Kind::GroundTruth, r->labelSetId), 0));
    edits.push_back(ProjectEdit::patchTrack(r->id, name, *patch));
    return edits;
}

bool AnnotationEditor::push(const QString& text, std::vector<ProjectEdit> edits,
                            int64_t boundaryFrom, int64_t boundaryTo)
{
    if (edits.empty())
        return false;
    auto* command = new AnnotationCommand(
        text, std::move(edits),
        [this](const std::vector<ProjectEdit>& e, const QString& d) { perform(e, d); });
    if (boundaryFrom >= 0)
        command->setBoundaryMove(
            boundaryFrom, boundaryTo, QDateTime::currentMSecsSinceEpoch(),
            [this](const QString& rec, const QString& track) -> const AnnotationTrack* {
                const auto r = m_project ? m_project->recording(rec) : nullptr;
                return r ? r->track(track) : nullptr;
            });
    m_undo.push(command);
    return true;
}

void AnnotationEditor::perform(const std::vector<ProjectEdit>& edits, const QString& description)
{
    if (!m_project)
        return;
    const QString activeBefore = activeTrack();
    bool labelSetChanged = false;
    for (const ProjectEdit& e : edits) {
        try {
            e.apply(*m_project);
        } catch (const std::exception& ex) {
            // Cannot happen while the stack and the project agree; say so rather than crash.
            Q_EMIT message(tr("Edit failed: %1").arg(QString::fromUtf8(ex.what())));
            return;
        }
        labelSetChanged |= e.kind() == ProjectEdit::Kind::ChangeLabelSet;
        // The active tier keeps being edited under its new name (and its old one on undo).
        if (e.kind() == ProjectEdit::Kind::RenameTrack && e.trackName() == m_activeTrack)
            m_activeTrack = e.newTrackName();
    }
    m_journal->record(author(), description, edits);
    if (labelSetChanged)
        if (const Recording* r = m_session->recording())
            if (const LabelSet* set = m_project->labelSet(r->labelSetId))
                m_session->setLabelSet(*set);
    Q_EMIT tracksChanged();
    Q_EMIT edited();
    // A tier added, renamed or removed (or its undo) may change what the keys edit.
    if (activeTrack() != activeBefore)
        Q_EMIT activeTrackChanged(activeTrack());
}

// --- edits ------------------------------------------------------------------------------------

bool AnnotationEditor::pushEdits(const QString& text, std::vector<ProjectEdit> edits)
{
    if (!canEdit())
        return false;
    return push(text, std::move(edits));
}

bool AnnotationEditor::assignClass(int32_t classId)
{
    if (!canEdit())
        return false;
    if (m_playhead.takesKeys())
        return labelAtPlayhead(classId);
    m_paintClass = classId;
    const QString name = labelSet().className(classId);
    const AnnotationTrack* truth = editedTrack();
    const long i = selectedIndex();
    if (!m_session->timeAxis()->hasSelection() && truth && i >= 0)
        return push(tr("Relabel as %1").arg(name),
                    editPatch(TrackEdits::relabel(*truth, i, classId, stamp())));
    const auto span = selectionOrCurrent();
    if (!span)
        return false;
    return paint(span->start, span->end, classId);
}

bool AnnotationEditor::labelAtPlayhead(int32_t classId)
{
    const PlayheadLabeller::Press press = m_playhead.press(classId, cursorSample());
    if (press.opened) {
        m_paintClass = classId;
        Q_EMIT message(tr("%1 from the play head: press its key again to end it")
                           .arg(labelSet().className(classId)));
    }
    return !press.paint || paint(press.start, press.end, press.classId);
}

bool AnnotationEditor::paint(int64_t start, int64_t end, int32_t classId)
{
    if (!canEdit())
        return false;
    const AnnotationTrack empty;
    const AnnotationTrack* truth = editedTrack();
    const auto patch = TrackEdits::paint(truth ? *truth : empty, start, end, classId, stamp());
    const QString text = classId == kUnlabelled ? tr("Clear range")
                                                : tr("Paint %1").arg(labelSet().className(classId));
    return push(text, editPatch(patch));
}

bool AnnotationEditor::importTracks(const std::vector<AnnotationTrack>& tracks)
{
    if (!canEdit())
        return false;
    std::vector<ProjectEdit> edits = LabelFiles::importEdits(*recording(), tracks);
    if (edits.empty()) {
        Q_EMIT message(tr("The imported labels are the same as the tracks"));
        return false;
    }
    return push(tr("Import labels"), std::move(edits));
}

bool AnnotationEditor::pickClass()
{
    if (!canEdit())
        return false;
    const auto picked = LabelPickerDialog::pick(labelSet(), m_dialogParent);
    return picked ? assignClass(*picked) : false;
}

bool AnnotationEditor::splitAtCursor()
{
    if (!canEdit() || !editedTrack())
        return false;
    return push(tr("Split"), editPatch(TrackEdits::split(*editedTrack(), cursorSample(), stamp())));
}

bool AnnotationEditor::mergeWith(TrackEdits::Direction direction)
{
    if (!canEdit() || !editedTrack())
        return false;
    return push(direction == TrackEdits::Direction::Next ? tr("Merge with next")
                                                         : tr("Merge with previous"),
                editPatch(TrackEdits::merge(*editedTrack(), selectedIndex(), direction, stamp())));
}

bool AnnotationEditor::deleteSelection()
{
    if (!canEdit() || !editedTrack())
        return false;
    if (m_session->timeAxis()->hasSelection()) {
        const auto span = selectionOrCurrent();
        return span && paint(span->start, span->end, kUnlabelled);
    }
    return push(tr("Delete segment"),
                editPatch(TrackEdits::erase(*editedTrack(), selectedIndex())));
}

bool AnnotationEditor::relabelSpans(const std::vector<SampleSpan>& spans, int32_t classId)
{
    if (!canEdit() || classId == kUnlabelled)
        return false;
    m_paintClass = classId;
    const AnnotationTrack empty;
    const AnnotationTrack* truth = editedTrack();
    return push(tr("Relabel %n segment(s) as %1", nullptr, int(spans.size()))
                    .arg(labelSet().className(classId)),
                editPatch(TrackEdits::paintSpans(truth ? *truth : empty, spans, classId, stamp())));
}

bool AnnotationEditor::clearSpans(const std::vector<SampleSpan>& spans)
{
    if (!canEdit() || !editedTrack())
        return false;
    return push(tr("Delete %n segment(s)", nullptr, int(spans.size())),
                editPatch(TrackEdits::paintSpans(*editedTrack(), spans, kUnlabelled, stamp())));
}

bool AnnotationEditor::acceptPrediction()
{
    if (!canEdit())
        return false;
    const AnnotationTrack* model = prediction();
    if (!model) {
        Q_EMIT message(tr("This recording has no prediction to accept"));
        return false;
    }
    const auto span = selectionOrCurrent();
    if (!span)
        return false;
    const AnnotationTrack empty;
    const AnnotationTrack* truth = editedTrack();
    return push(tr("Accept prediction"),
                editPatch(TrackEdits::acceptPrediction(truth ? *truth : empty, *model, span->start,
                                                       span->end, stamp())));
}

bool AnnotationEditor::nudgeBoundary(bool endEdge, int direction)
{
    if (!canEdit() || !editedTrack())
        return false;
    const AnnotationTrack& truth = *editedTrack();
    const long i = selectedIndex();
    if (i < 0)
        return false;
    const Segment& s = truth.segments()[size_t(i)];
    const Recording* r = recording();
    // About two pixels of a typical view per nudge, at least one sample.
    const int64_t step = std::max<int64_t>(
        1, std::llround(m_session->timeAxis()->visibleSpan() * r->sampleRateHz / 500));
    const int64_t boundary = endEdge ? s.end : s.start;
    int64_t movedTo = boundary;
    const auto patch = TrackEdits::moveBoundary(truth, boundary, boundary + direction * step,
                                                int64_t(r->sampleCount()), stamp(), &movedTo);
    return push(tr("Move boundary"), editPatch(patch), boundary, movedTo);
}

bool AnnotationEditor::moveBoundary(int64_t boundary, int64_t position)
{
    if (!canEdit() || !editedTrack())
        return false;
    int64_t movedTo = boundary;
    const auto patch = TrackEdits::moveBoundary(
        *editedTrack(), boundary, position, int64_t(recording()->sampleCount()), stamp(), &movedTo);
    return push(tr("Move boundary"), editPatch(patch), boundary, movedTo);
}

bool AnnotationEditor::setNote(const QString& note)
{
    if (!canEdit() || !editedTrack())
        return false;
    const long i = selectedIndex();
    if (i < 0) {
        Q_EMIT message(tr("Place the cursor on a segment to note it"));
        return false;
    }
    const QString text = note.trimmed();
    return push(text.isEmpty() ? tr("Remove note") : tr("Note segment"),
                editPatch(TrackEdits::setNote(*editedTrack(), i, text)));
}

bool AnnotationEditor::editNote()
{
    if (!canEdit() || !editedTrack())
        return false;
    const long i = selectedIndex();
    if (i < 0) {
        Q_EMIT message(tr("Place the cursor on a segment to note it"));
        return false;
    }
    const Segment& s = editedTrack()->segments()[size_t(i)];
    bool ok = false;
    const QString note = QInputDialog::getMultiLineText(
        m_dialogParent, tr("Segment Note"),
        tr("Note on this %1 segment of \"%2\" (empty removes it):")
            .arg(labelSet().className(s.classId), editedTrack()->name()),
        s.note, &ok);
    return ok && setNote(note);
}

bool AnnotationEditor::toggleUnsure()
{
    if (!canEdit() || !editedTrack())
        return false;
    const long i = selectedIndex();
    if (i < 0) {
        Q_EMIT message(tr("Place the cursor on a segment to mark it unsure"));
        return false;
    }
    const bool unsure = !editedTrack()->segments()[size_t(i)].unsure;
    return push(unsure ? tr("Mark unsure") : tr("Mark sure"),
                editPatch(TrackEdits::setUnsure(*editedTrack(), i, unsure)));
}

QString AnnotationEditor::tierNameProblem(const QString& name) const
{
    return TierEdits::nameProblem(recording(), name);
}

bool AnnotationEditor::pushTierEdit(const TierEdits::Outcome& outcome, bool activate)
{
    if (!outcome.problem.isEmpty())
        Q_EMIT message(outcome.problem);
    if (!outcome.edit || !push(outcome.description, {*outcome.edit}))
        return false;
    if (activate)
        setActiveTrack(outcome.tier);
    return true;
}

bool AnnotationEditor::addTier(const QString& name)
{
    return canEdit() && pushTierEdit(TierEdits::add(*recording(), name), true);
}

bool AnnotationEditor::renameTier(const QString& from, const QString& to)
{
    return canEdit() && pushTierEdit(TierEdits::rename(*recording(), from, to), false);
}

bool AnnotationEditor::deleteTier(const QString& name)
{
    return canEdit() && pushTierEdit(TierEdits::remove(*recording(), name), false);
}

bool AnnotationEditor::copyPredictionToTier(const QString& predictionName, const QString& tierName)
{
    return canEdit() &&
           pushTierEdit(TierEdits::copyPrediction(*recording(), predictionName, tierName, stamp()),
                        true);
}

// --- navigation -------------------------------------------------------------------------------

void AnnotationEditor::showSpan(const SampleSpan& span, bool select)
{
    const Recording* r = recording();
    TimeAxisState* axis = m_session->timeAxis();
    const double rate = r->sampleRateHz;
    const double start = span.start / rate, end = span.end / rate;
    // Half a sample in, so that the cursor's sample is the span's first.
    axis->setCursor((span.start + 0.5) / rate);
    if (select)
        axis->setSelection(start, end);
    else
        axis->clearSelection();
    const double visible = axis->visibleSpan();
    if (start < axis->visibleStart() || start > axis->visibleEnd() ||
        (select && end > axis->visibleEnd()))
        axis->setVisibleRange(start - visible * 0.25, start + visible * 0.75);
}

bool AnnotationEditor::jump(Jump kind, bool forward)
{
    const Recording* r = recording();
    if (!r)
        return false;
    const int64_t at = cursorSample();
    const int64_t n = int64_t(r->sampleCount());
    const AnnotationTrack empty;
    const AnnotationTrack& truth = editedTrack() ? *editedTrack() : empty;
    std::optional<SampleSpan> found;
    switch (kind) {
    case Jump::Segment:
        found = forward ? TrackNavigation::nextSegment(truth, at)
                        : TrackNavigation::previousSegment(truth, at);
        break;
    case Jump::Gap:
        found = forward ? TrackNavigation::nextGap(truth, at, n)
                        : TrackNavigation::previousGap(truth, at, n);
        break;
    case Jump::Disagreement:
        if (const AnnotationTrack* model = prediction())
            found = forward ? TrackNavigation::nextDisagreement(truth, *model, at)
                            : TrackNavigation::previousDisagreement(truth, *model, at);
        else
            Q_EMIT message(tr("This recording has no prediction to compare with"));
        break;
    case Jump::LowConfidence: {
        const ConfidenceSeries c = m_confidence ? m_confidence(*r) : ConfidenceSeries();
        if (c.isEmpty())
            Q_EMIT message(tr("No model confidence is available for this recording"));
        else
            found = forward ? TrackNavigation::nextLowConfidence(c, kLowConfidence, at)
                            : TrackNavigation::previousLowConfidence(c, kLowConfidence, at);
        break;
    }
    }
    if (!found) {
        Q_EMIT message(forward ? tr("Nothing further to the right")
                               : tr("Nothing further to the left"));
        return false;
    }
    showSpan(*found, kind != Jump::Segment);
    return true;
}

// --- dialogs ----------------------------------------------------------------------------------

void AnnotationEditor::editLabelSet()
{
    const Recording* r = recording();
    if (!canEdit() || !m_project)
        return;
    const LabelSet* current = m_project->labelSet(r->labelSetId);
    if (!current) {
        Q_EMIT message(tr("This recording has no label set"));
        return;
    }
    LabelSetEditorDialog dialog(*current, m_dialogParent);
    // A file loaded in the dialog must name every class the set's segments use.
    const QList<int32_t> used = LabelSetEdits::classesInUse(*m_project, current->id).keys();
    dialog.setUsedClassIds(std::vector<int32_t>(used.begin(), used.end()));
    if (dialog.exec() != QDialog::Accepted)
        return;
    std::vector<ProjectEdit> edits =
        LabelSetEdits::change(*m_project, *current, dialog.labelSet(), dialog.merges(), stamp());
    push(tr("Edit label set"), std::move(edits));
}

// --- actions ----------------------------------------------------------------------------------

void AnnotationEditor::addActionsTo(QMenu* menu)
{
    (new EditMenuActions(this, m_session, this))->addActionsTo(menu);
}

} // namespace kinemark
