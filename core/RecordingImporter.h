#pragma once

#include "ColumnMapping.h"
#include "JobControl.h"
#include "ReadReport.h"
#include "Recording.h"

#include <vector>

namespace kinemark {

// One entry point for every recording format: picks the reader by name or by
// looking at the path, so the CLI and the import dialogs share one registry.
class RecordingImporter
{
public:
    enum class Format { Auto, Hapt, Harth, Har70Plus, Csv };

    // "hapt", "harth", "har70plus", "csv", "auto"; returns false for an unknown name.
    static bool formatFromName(const QString& name, Format* format);
    static QStringList formatNames();
    // Best guess for `path`: a HAPT folder, a HARTH-style CSV (by its header), else generic CSV.
    static Format detect(const QString& path);

    // Reads one file or folder. `mapping` is used by the generic CSV format only.
    static std::vector<Recording> read(const QString& path, Format format,
                                       const ColumnMapping& mapping = ColumnMapping(),
                                       ReadReport* report = nullptr,
                                       const JobControl* job = nullptr);
    // Reads `path` and adds its recordings to `project`, with the built-in label
    // set their ground truth uses. Returns the number of recordings added.
    static int importInto(class Project& project, const QString& path, Format format,
                          const ColumnMapping& mapping = ColumnMapping(),
                          ReadReport* report = nullptr, const JobControl* job = nullptr);
    // The label set a format's ground truth uses ("" when unknown).
    static QString labelSetIdFor(Format format, const ColumnMapping& mapping = ColumnMapping());
};

} // namespace kinemark
