#include "app/cli/CliInputs.h"

#include "app/cli/data/ColumnMappingOptions.h"
#include "app/cli/data/DeviceImportCliOptions.h"
#include "app/cli/labels/LabelSetOption.h"
#include "core/base/FormatError.h"
#include "core/io/RecordingImporter.h"
#include "core/model/Project.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace kinemark {

Project CliInputs::load(const QStringList& inputs, const QCommandLineParser& parser, bool quiet,
                        const Project* into)
{
    QTextStream err(stderr);
    RecordingImporter::Format format = RecordingImporter::Format::Auto;
    const QString formatName = parser.value(QStringLiteral("format"));
    if (!formatName.isEmpty() && !RecordingImporter::formatFromName(formatName, &format))
        throw std::invalid_argument(
            QStringLiteral("--format: '%1' is not one of %2")
                .arg(formatName, RecordingImporter::formatNames().join(", "))
                .toStdString());
    DeviceImportCliOptions::applySizeLimit(parser);
    ColumnMapping mapping = ColumnMappingOptions::fromParser(parser);
    // --label-set my.json: the file's set joins the project with the recordings.
    const std::optional<LabelSet> fileSet = LabelSetOption::apply(mapping, into);
    if (const LabelSet* own = into ? into->labelSet(mapping.labelSetId) : nullptr)
        mapping.projectClasses = own->classes;
    DeviceImportOptions deviceOptions =
        DeviceImportCliOptions::fromParser(parser, mapping.sampleRateHz);
    deviceOptions.recordingId = mapping.recordingId;
    deviceOptions.subjectId = mapping.subjectId;
    deviceOptions.calibration = mapping.calibration;
    deviceOptions.calibration.unknownScale = false; // device files are in g

    Project project;
    if (fileSet)
        project.labelSets.push_back(*fileSet);
    QStringList deviceFiles; // read together: they may become one recording
    for (const QString& input : inputs) {
        // By content: a damaged project must be reported as one, not guessed as CSV.
        if (Hdf5File::hasSignature(input)) {
            Project opened = ProjectFile::open(input);
            if (inputs.size() == 1)
                return opened;
            for (const LabelSet& s : opened.labelSets)
                if (!project.labelSet(s.id))
                    project.labelSets.push_back(s);
            for (auto& r : opened.recordings)
                project.addRecording(std::move(*r));
            continue;
        }
        if (RecordingImporter::isDeviceFormat(format == RecordingImporter::Format::Auto
                                                  ? RecordingImporter::detect(input)
                                                  : format)) {
            deviceFiles << input;
            continue;
        }
        if (!quiet)
            err << "reading " << input << " ..." << Qt::endl;
        ReadReport report;
        RecordingImporter::importInto(project, input, format, mapping, &report);
        if (!quiet)
            for (const QString& w : report.warnings + report.repairs)
                err << "  note: " << w << Qt::endl;
    }
    if (!deviceFiles.isEmpty()) {
        if (!quiet)
            err << "reading " << deviceFiles.join(", ") << " ..." << Qt::endl;
        ReadReport report;
        RecordingImporter::importDevices(project, deviceFiles, format, deviceOptions, &report);
        if (!quiet)
            for (const QString& w : report.warnings + report.repairs)
                err << "  note: " << w << Qt::endl;
    } else if (!deviceOptions.sensorNames.isEmpty()) {
        throw std::invalid_argument(
            "--sensors: applies to device files (.cwa, .gt3x, GENEActiv .bin) only");
    }
    return project;
}

} // namespace kinemark
