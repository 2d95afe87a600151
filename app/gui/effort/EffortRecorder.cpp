#include "app/gui/effort/EffortRecorder.h"

#include "core/effort/PatchOperation.h"
#include "widgets/annotation/AnnotationCommand.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QAction>
#include <QDateTime>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QUndoStack>

namespace kinemark {

namespace {
const QString kSettingsKey = QStringLiteral("effort/log");
}

EffortRecorder::EffortRecorder(AnnotationEditor* editor, RecordingSession* session,
                               std::function<QString()> projectPath, QWidget* dialogParent)
    : QObject(dialogParent), m_editor(editor), m_session(session),
      m_projectPath(std::move(projectPath)), m_dialogParent(dialogParent),
      m_path(EffortLog::defaultPath()), m_on(QSettings().value(kSettingsKey, false).toBool()),
      m_index(editor->undoStack()->index()), m_tally(QDateTime::currentDateTimeUtc(), QString())
{
    m_clock.start();
    connect(editor->undoStack(), &QUndoStack::indexChanged, this, &EffortRecorder::stepsChanged);
    // Scrolling and zooming count as time spent (EffortTally leaves long pauses out).
    connect(session->timeAxis(), &TimeAxisState::visibleRangeChanged, this,
            [this](double start, double end) {
                if (m_on && m_session->recording())
                    m_tally.view(m_session->recording()->id, start, end, now());
            });
}

EffortRecorder::~EffortRecorder()
{
    flush();
}

void EffortRecorder::addActionsTo(QMenu* menu)
{
    m_toggle = menu->addAction(tr("&Log My Editing Effort"));
    m_toggle->setCheckable(true);
    m_toggle->setChecked(m_on);
    m_toggle->setToolTip(tr("Counts your edits and the time per reviewed minute of recording "
                            "in a file on this computer only"));
    connect(m_toggle, &QAction::toggled, this, &EffortRecorder::setLogging);
    menu->addAction(tr("Editing &Effort Summary…"), this, &EffortRecorder::showSummary);
}

void EffortRecorder::setLogging(bool on)
{
    if (on == m_on)
        return;
    if (!on)
        flush();
    m_on = on;
    m_index = m_editor->undoStack()->index();
    QSettings().setValue(kSettingsKey, on);
    if (m_toggle && m_toggle->isChecked() != on)
        m_toggle->setChecked(on);
}

void EffortRecorder::flush()
{
    if (m_tally.isEmpty())
        return;
    try {
        EffortLog::append(m_path, m_tally.entries());
    } catch (const std::exception& e) {
        qWarning("Kinemark: the effort log was not written: %s", e.what());
    }
    m_tally.clear();
}

QString EffortRecorder::summaryText()
{
    flush();
    return EffortLog::summary(EffortLog::read(m_path)) + QStringLiteral("\n\n") +
           (m_on ? tr("Logging is on. Log: %1") : tr("Logging is off. Log: %1")).arg(m_path);
}

void EffortRecorder::showSummary()
{
    QMessageBox::information(m_dialogParent, tr("Editing Effort"), summaryText());
}

void EffortRecorder::stepsChanged(int index)
{
    const QUndoStack* stack = m_editor->undoStack();
    if (stack->count() == 0) {
        // Another project: its history starts empty, and the last one's tally is complete.
        flush();
        m_index = 0;
        return;
    }
    if (!m_on) {
        m_index = index;
        return;
    }
    m_tally.setProject(QFileInfo(m_projectPath()).fileName());
    // The recording a step edits, and (when it is shown) what was on screen.
    const auto recordingOf = [&](int step) -> QString {
        const auto* command = dynamic_cast<const AnnotationCommand*>(stack->command(step));
        if (!command || command->edits().empty())
            return m_session->recording() ? m_session->recording()->id : QString();
        return command->edits().front().recordingId();
    };
    for (int step = m_index; step < index; ++step) { // done or redone
        const QString recording = recordingOf(step);
        const TimeAxisState* axis = m_session->timeAxis();
        if (m_session->recording() && m_session->recording()->id == recording)
            m_tally.view(recording, axis->visibleStart(), axis->visibleEnd(), now());
        std::optional<CorrectionEffort::Operation> op;
        if (const auto* command = dynamic_cast<const AnnotationCommand*>(stack->command(step)))
            for (const ProjectEdit& edit : command->edits())
                if (edit.kind() == ProjectEdit::Kind::PatchTrack) {
                    op = PatchOperation::of(edit.patch());
                    break;
                }
        m_tally.edit(recording, op, now());
    }
    for (int step = index; step < m_index; ++step) // undone
        m_tally.undo(recordingOf(step), now());
    m_index = index;
}

} // namespace kinemark
