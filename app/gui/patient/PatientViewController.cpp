#include "app/gui/patient/PatientViewController.h"

#include "core/base/FormatError.h"
#include "core/model/Project.h"
#include "core/timeuse/TimeUseSettings.h"
#include "widgets/patient/PatientPanel.h"
#include "widgets/patient/TimeUseSettingsDialog.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/report/TimeUseReport.h"

#include <QFileDialog>
#include <QMessageBox>

namespace kinemark {

PatientViewController::PatientViewController(Project* project, RecordingSession* session,
                                             PatientPanel* panel, QWidget* dialogParent)
    : QObject(dialogParent), m_project(project), m_session(session), m_panel(panel),
      m_dialogParent(dialogParent)
{
    connect(m_panel, &PatientPanel::settingsRequested, this, &PatientViewController::editSettings);
    // Renamed, recoloured or merged classes: the summaries are made again
    // with the edited label set (edits of the tracks reach the panel through
    // PatientPanel::refresh, debounced there).
    connect(m_session, &RecordingSession::labelSetChanged, this, [this] {
        if (m_session->recording())
            m_panel->setRecording(m_session->sharedRecording(), &m_session->labelSet());
    });
}

void PatientViewController::projectReplaced()
{
    try {
        m_panel->setSettings(TimeUseSettings::of(*m_project));
    } catch (const FormatError& e) {
        // Keep the project usable: the defaults apply until the settings are saved again.
        m_panel->setSettings(TimeUseSettings());
        Q_EMIT message(
            tr("The project's Patient view settings could not be read (%1); using the defaults")
                .arg(e.describe()));
    }
}

void PatientViewController::editSettings()
{
    const Recording* recording = m_session->recording();
    const LabelSet* labelSet = recording ? m_project->labelSet(recording->labelSetId) : nullptr;
    TimeUseSettingsDialog dialog(m_panel->settings(), labelSet ? *labelSet : LabelSet(),
                                 m_dialogParent);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const TimeUseSettings chosen = dialog.settings();
    if (chosen == m_panel->settings())
        return;
    chosen.storeIn(*m_project);
    m_panel->setSettings(chosen);
    Q_EMIT projectChanged();
}

void PatientViewController::exportReport(const QString& projectPath)
{
    const Recording* recording = m_session->recording();
    m_panel->waitForSummary();
    const auto summary = m_panel->summary();
    const AnnotationTrack* track = recording ? recording->track(m_panel->trackName()) : nullptr;
    if (!recording || !summary || !track) {
        QMessageBox::information(m_dialogParent, tr("Export Report"),
                                 tr("Choose a recording with ground truth or a prediction first."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export Report"),
                                                      recording->id + QStringLiteral("-report.pdf"),
                                                      tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    const QString error = TimeUseReport::writePdf(
        path, *summary,
        TimeUseReportInfo::describe(*m_project, projectPath, *recording, *track,
                                    QStringLiteral(KINEMARK_VERSION)));
    if (!error.isEmpty())
        QMessageBox::warning(m_dialogParent, tr("Export Report"), error);
    else
        Q_EMIT message(tr("Wrote %1").arg(path));
}

} // namespace kinemark
