#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/ColumnMapping.h"
#include "core/io/devices/DeviceImportOptions.h"
#include "core/model/Project.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

class QWidget;

namespace kinemark {

class ImportDialog;
class JobRunner;

// File › Import Recording and files dropped on the window: the import dialog,
// then the reading on the status bar's job into a scratch project, merged
// into the open project on the GUI thread (so that the shown project never
// changes under the views' feet), with the reader's notes shown afterwards.
class ImportController : public QObject
{
    Q_OBJECT
public:
    ImportController(Project* project, JobRunner* jobs, QWidget* window);

    void importDialog();
    // The import dialog for the given files (drag and drop).
    void importFilesDialog(const QStringList& paths);
    // Imports a recording file or folder on a worker thread into the open project.
    // `labelSet`: a set from a file the mapping's label column uses, which
    // joins the project with the recording.
    void importAsync(const QString& path, int format, const ColumnMapping& mapping,
                     const std::optional<LabelSet>& labelSet = std::nullopt);
    // Imports device files (.cwa, .gt3x, GENEActiv .bin) on a worker thread: one
    // recording of several sensors when options name them, else one per file.
    void importDevicesAsync(const QStringList& paths, int format,
                            const DeviceImportOptions& options);

Q_SIGNALS:
    // Recordings were merged into the project; `first` is the first new one.
    void imported(const QString& first);

private:
    // Runs the import dialog and imports what it was given.
    void runDialog(ImportDialog& dialog);
    // Runs `read` on a worker thread into a scratch project and merges it.
    void run(const QString& source,
             std::function<void(Project&, ReadReport&, const JobControl&)> read);

    Project* m_project;
    JobRunner* m_jobs;
    QWidget* m_window;
};

} // namespace kinemark
