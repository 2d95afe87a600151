#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/ColumnMapping.h"
#include "core/io/devices/DeviceImportOptions.h"
#include "core/io/devices/DeviceSamples.h"
#include "core/model/LabelSet.h"
#include "core/model/Recording.h"

#include <vector>

namespace kinemark {

// One entry point for every recording format: picks the reader by name or by
// looking at the path, so the CLI and the import dialogs share one registry.
class RecordingImporter
{
public:
    enum class Format
    {
        Auto,
        Hapt,
        Harth,
        Har70Plus,
        Csv,
        Cwa,
        Gt3x,
        GeneActiv
    };

    // "hapt", "harth", "har70plus", "csv", "cwa", "gt3x", "geneactiv", "auto";
    // returns false for an unknown name.
    static bool formatFromName(const QString& name, Format* format);
    static QStringList formatNames();
    // Best guess for `path`: a HAPT folder, a device file by its signature (.cwa
    // "MD" header, .gt3x ZIP, GENEActiv "Device Identity"), a HARTH-style CSV (by
    // its header), else generic CSV. Auto for a folder that is not HAPT and for
    // an HDF5 file (a Kinemark project, perhaps damaged), which read() refuses
    // saying why.
    static Format detect(const QString& path);
    // Native device files: decoded, then resampled onto a uniform time base.
    static bool isDeviceFormat(Format format);
    // Decodes one device file without resampling (format Auto: by its signature).
    static DeviceSamples readDevice(const QString& path, Format format,
                                    ReadReport* report = nullptr, const JobControl* job = nullptr);
    // Reads device files into `project`: one recording with one sensor per file
    // when options.sensorNames names them, otherwise one recording per file.
    // Returns the number of recordings added.
    static int importDevices(class Project& project, const QStringList& paths, Format format,
                             const DeviceImportOptions& options, ReadReport* report = nullptr,
                             const JobControl* job = nullptr);

    // Reads one file or folder. `mapping` is used by the generic CSV format only;
    // device files are resampled with the default DeviceImportOptions. A label
    // set the CSV reader made from text labels is appended to *madeLabelSets.
    static std::vector<Recording> read(const QString& path, Format format,
                                       const ColumnMapping& mapping = ColumnMapping(),
                                       ReadReport* report = nullptr,
                                       const JobControl* job = nullptr,
                                       std::vector<LabelSet>* madeLabelSets = nullptr);
    // Reads `path` and adds its recordings to `project`, with the built-in label
    // set their ground truth uses, or the set made from the file's text labels.
    // Text labels are placed in the project's own copy of mapping.labelSetId
    // when it has one. Returns the number of recordings added.
    static int importInto(class Project& project, const QString& path, Format format,
                          const ColumnMapping& mapping = ColumnMapping(),
                          ReadReport* report = nullptr, const JobControl* job = nullptr);
    // The label set a format's ground truth uses ("" when unknown).
    static QString labelSetIdFor(Format format, const ColumnMapping& mapping = ColumnMapping());
};

} // namespace kinemark
