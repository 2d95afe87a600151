#include "app/gui/import/ImportController.h"

#include "app/gui/import/ImportDialog.h"
#include "app/gui/jobs/JobRunner.h"
#include "core/base/FormatError.h"
#include "core/io/RecordingImporter.h"
#include "core/io/RecordingSizeLimit.h"

#include <QMessageBox>
#include <QSettings>
#include <QWidget>
#include <memory>
#include <new>

namespace kinemark {

namespace {
// The recording size limit: the setting "import/maxRecordingGb" when it holds
// a positive number of GB, else half the available memory. There is no
// preferences page; the setting is read when the controller is made (the
// import dialog's alignment preview reads device files too) and at every
// import, so a changed setting needs no restart.
void applySizeLimitSetting()
{
    const double limitGb = QSettings().value(QStringLiteral("import/maxRecordingGb")).toDouble();
    if (!RecordingSizeLimit::setGigabytes(limitGb))
        RecordingSizeLimit::setBytes(0);
}
} // namespace

ImportController::ImportController(Project* project, JobRunner* jobs, QWidget* window)
    : QObject(window), m_project(project), m_jobs(jobs), m_window(window)
{
    applySizeLimitSetting();
}

void ImportController::importDialog()
{
    ImportDialog dialog(m_window);
    runDialog(dialog);
}

void ImportController::importFilesDialog(const QStringList& paths)
{
    ImportDialog dialog(m_window);
    dialog.setPaths(paths);
    runDialog(dialog);
}

void ImportController::runDialog(ImportDialog& dialog)
{
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (dialog.isDeviceImport()) {
        importDevicesAsync(dialog.paths(), int(dialog.format()), dialog.deviceOptions());
        return;
    }
    if (dialog.format() != RecordingImporter::Format::Csv) {
        importAsync(dialog.path(), int(dialog.format()), ColumnMapping());
        return;
    }
    const std::optional<LabelSet> file = dialog.labelSetFromFile();
    // Two sets under one id would leave the project's segments meaning one
    // thing and the new recording's another.
    if (const LabelSet* own = file ? m_project->labelSet(file->id) : nullptr) {
        if (!(*own == *file)) {
            QMessageBox::warning(m_window, tr("Import Recording"),
                                 tr("Nothing was imported.\n\nThe project already has a label "
                                    "set '%1' with other classes. Bring it up to date first: "
                                    "Edit › Label Set… › Load…")
                                     .arg(file->id));
            return;
        }
    }
    importAsync(dialog.path(), int(dialog.format()), dialog.mapping(), file);
}

void ImportController::importAsync(const QString& path, int format, const ColumnMapping& mapping,
                                   const std::optional<LabelSet>& labelSet)
{
    run(path, [=](Project& project, ReadReport& report, const JobControl& job) {
        if (labelSet && !project.labelSet(labelSet->id))
            project.labelSets.push_back(*labelSet);
        RecordingImporter::importInto(project, path, RecordingImporter::Format(format), mapping,
                                      &report, &job);
    });
}

void ImportController::importDevicesAsync(const QStringList& paths, int format,
                                          const DeviceImportOptions& options)
{
    run(paths.join(QStringLiteral(", ")),
        [=](Project& project, ReadReport& report, const JobControl& job) {
            RecordingImporter::importDevices(project, paths, RecordingImporter::Format(format),
                                             options, &report, &job);
        });
}

void ImportController::run(const QString& path,
                           std::function<void(Project&, ReadReport&, const JobControl&)> read)
{
    applySizeLimitSetting();
    // Read into a scratch project on the worker; merge on the GUI thread, so
    // that the shown project never changes under the views' feet.
    auto scratch = std::make_shared<Project>();
    auto report = std::make_shared<ReadReport>();
    const bool started = m_jobs->run(
        tr("Importing"),
        [=](const JobControl& job) {
            try {
                read(*scratch, *report, job);
            } catch (const std::bad_alloc&) {
                // The readers name the file where they can; this is the last
                // stop before the message box, which must never say only
                // "std::bad_alloc".
                throw FormatError(path, QStringLiteral("out of memory while importing (the "
                                                       "recording size limit is %1)")
                                            .arg(RecordingSizeLimit::describe()));
            }
        },
        [this, path, scratch, report](const JobOutcome& outcome) {
            if (!outcome.isDone()) {
                if (outcome.isFailed())
                    QMessageBox::warning(m_window, tr("Import Recording"),
                                         tr("Nothing was imported.\n\n%1").arg(outcome.message()));
                return;
            }
            QString first;
            try {
                // Class ids against the project's own, perhaps edited, label sets.
                first = m_project->mergeImported(std::move(*scratch));
            } catch (const std::exception& e) {
                QMessageBox::warning(
                    m_window, tr("Import Recording"),
                    tr("Nothing was imported.\n\n%1").arg(QString::fromUtf8(e.what())));
                return;
            }
            Q_EMIT imported(first);
            const QStringList notes = report->warnings + report->repairs;
            if (!notes.isEmpty())
                QMessageBox::information(
                    m_window, tr("Import Recording"),
                    tr("Imported %1 with notes:\n\n%2").arg(path, notes.join(QLatin1Char('\n'))));
        });
    if (!started)
        QMessageBox::information(m_window, tr("Import Recording"),
                                 tr("Wait for the running task to finish, or cancel it."));
}

} // namespace kinemark
