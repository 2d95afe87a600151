#include "core/io/RecordingImporter.h"

#include "core/base/FormatError.h"
#include "core/calibration/AutoCalibrator.h"
#include "core/io/DelimitedTextReader.h"
#include "core/io/HaptReader.h"
#include "core/io/HarthCsvReader.h"
#include "core/io/RecordingSizeLimit.h"
#include "core/io/devices/CwaReader.h"
#include "core/io/devices/DeviceRecordingBuilder.h"
#include "core/io/devices/GeneActivReader.h"
#include "core/io/devices/Gt3xReader.h"
#include "core/io/devices/ZipArchive.h"
#include "core/model/LabelSet.h"
#include "core/model/Project.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFile.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <new>

namespace kinemark {

bool RecordingImporter::formatFromName(const QString& name, Format* format)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("auto"))
        *format = Format::Auto;
    else if (n == QLatin1String("hapt"))
        *format = Format::Hapt;
    else if (n == QLatin1String("harth"))
        *format = Format::Harth;
    else if (n == QLatin1String("har70plus") || n == QLatin1String("har70+"))
        *format = Format::Har70Plus;
    else if (n == QLatin1String("csv"))
        *format = Format::Csv;
    else if (n == QLatin1String("cwa"))
        *format = Format::Cwa;
    else if (n == QLatin1String("gt3x"))
        *format = Format::Gt3x;
    else if (n == QLatin1String("geneactiv") || n == QLatin1String("bin"))
        *format = Format::GeneActiv;
    else
        return false;
    return true;
}

QStringList RecordingImporter::formatNames()
{
    return {QStringLiteral("auto"),      QStringLiteral("hapt"),     QStringLiteral("harth"),
            QStringLiteral("har70plus"), QStringLiteral("csv"),      QStringLiteral("cwa"),
            QStringLiteral("gt3x"),      QStringLiteral("geneactiv")};
}

namespace {
// Refuses a file with the HDF5 signature when the format is to be guessed: no
// recording reader takes HDF5, and a damaged project guessed as CSV would be
// refused for an unrelated reason. The project reader says what is wrong.
void refuseHdf5(const QString& path)
{
    if (QFileInfo(path).isDir() || !Hdf5File::hasSignature(path))
        return;
    ProjectFile::open(path); // throws "damaged Kinemark project: ..." for a damaged one
    throw FormatError(path, QStringLiteral("is a Kinemark project, not a recording; open it as a "
                                           "project"));
}

// Runs one stage of reading `path`; memory running out in it (a file whose
// claims got past the checks, or one simply too large for this machine)
// becomes an error naming the file and what was being allocated, never a
// bare std::bad_alloc.
template <typename F>
auto allocating(const QString& path, const QString& what, F&& f) -> decltype(f())
{
    try {
        return f();
    } catch (const std::bad_alloc&) {
        throw FormatError(path, QStringLiteral("out of memory while %1 (the recording size limit "
                                               "is %2)")
                                    .arg(what, RecordingSizeLimit::describe()));
    }
}

// Text formats (CSV, HARTH, HAPT) hold their samples as 4-byte floats, and a
// value takes at least about 10 bytes of text in real files ("-0.982422,"):
// a file (or folder) whose text alone would make a recording above the size
// limit at that density is refused before reading it. Denser text (short
// numbers) and gap filling are caught after reading by checkRead.
constexpr double kTextBytesPerValue = 10.0;

void checkTextSize(const QString& path)
{
    const QFileInfo info(path);
    double bytes = 0;
    if (info.isDir()) {
        QDirIterator it(path, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            it.next();
            bytes += double(it.fileInfo().size());
        }
    } else {
        bytes = double(info.size());
    }
    const double floats = bytes / kTextBytesPerValue;
    if (!RecordingSizeLimit::fits(floats * 4.0))
        throw FormatError(path, QStringLiteral("its %1 of text would make recordings of about %2; "
                                               "the limit is %3; raise it with "
                                               "--max-recording-gb (kinemark-cli) or the setting "
                                               "import/maxRecordingGb (GUI)")
                                    .arg(RecordingSizeLimit::formatBytes(bytes),
                                         RecordingSizeLimit::formatBytes(floats * 4.0),
                                         RecordingSizeLimit::describe()));
}

// A text recording that came out above the limit (gap filling, dense text) is
// refused after all, naming the file: the next steps (windows, saving) would
// need more memory still.
void checkRead(const QString& path, const std::vector<Recording>& recordings)
{
    for (const Recording& r : recordings)
        RecordingSizeLimit::check(r.source.isEmpty() ? path : r.source,
                                  QStringLiteral("recording '%1'").arg(r.id),
                                  double(r.sampleCount()), int(r.channelCount()), r.sampleRateHz);
}
} // namespace

RecordingImporter::Format RecordingImporter::detect(const QString& path)
{
    const QFileInfo info(path);
    if (info.isDir())
        return HaptReader::looksLikeHaptFolder(path) ? Format::Hapt : Format::Auto;
    QFile file(path);
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray start = file.peek(1026);
        // A project (or a damaged one) is no recording: Auto lets read() say which it is.
        if (start.startsWith(QByteArrayLiteral("\x89HDF\r\n\x1a\n")))
            return Format::Auto;
        if (CwaReader::hasSignature(start))
            return Format::Cwa;
        if (GeneActivReader::hasSignature(start))
            return Format::GeneActiv;
        if (ZipArchive::hasSignature(start))
            return Format::Gt3x;
        QByteArray head = file.readLine(4096);
        if (head.startsWith("\xEF\xBB\xBF"))
            head.remove(0, 3);
        if (head.contains("back_x") && head.contains("thigh_x") && head.contains("timestamp"))
            return Format::Harth;
    }
    return Format::Csv;
}

std::vector<Recording> RecordingImporter::read(const QString& path, Format format,
                                               const ColumnMapping& mapping, ReadReport* report,
                                               const JobControl* job,
                                               std::vector<LabelSet>* madeLabelSets)
{
    if (format == Format::Auto) {
        refuseHdf5(path);
        format = detect(path);
    }
    std::vector<Recording> out;
    const QString reading = QStringLiteral("reading its samples");
    switch (format) {
    case Format::Hapt:
        checkTextSize(path);
        out = allocating(path, reading, [&] { return HaptReader::readFolder(path, report, job); });
        break;
    case Format::Harth:
    case Format::Har70Plus: {
        checkTextSize(path);
        const QString variant =
            format == Format::Harth ? QStringLiteral("harth") : QStringLiteral("har70plus");
        out.push_back(allocating(path, reading,
                                 [&] { return HarthCsvReader::read(path, variant, report, job); }));
        break;
    }
    case Format::Csv:
        if (QFileInfo(path).isDir())
            throw FormatError(path, QStringLiteral("is a folder; the csv format reads one file"));
        checkTextSize(path);
        {
            LabelSet made;
            out.push_back(allocating(path, reading, [&] {
                return DelimitedTextReader::read(path, mapping, report, job, &made);
            }));
            if (madeLabelSets && !made.id.isEmpty())
                madeLabelSets->push_back(std::move(made));
            break;
        }
    case Format::Cwa:
    case Format::Gt3x:
    case Format::GeneActiv: {
        std::vector<DeviceSamples> devices;
        devices.push_back(readDevice(path, format, report, job));
        const QStringList names{
            DeviceRecordingBuilder::sensorNameFor(devices[0], QStringLiteral("sensor"))};
        const DeviceImportOptions options;
        std::vector<TemperatureSeries> temperatures;
        out.push_back(allocating(
            path, QStringLiteral("resampling it onto a %1 Hz grid").arg(options.rateHz), [&] {
                return DeviceRecordingBuilder::build(devices, names, options, report, job,
                                                     &temperatures);
            }));
        CalibrationOptions calibration = mapping.calibration;
        calibration.unknownScale = false; // device files are in g
        AutoCalibrator::calibrate(out.back(), calibration, path, report, job, &temperatures);
        return out;
    }
    case Format::Auto:
        throw FormatError(path, QStringLiteral("cannot tell the format; name it with --format (%1)")
                                    .arg(formatNames().join(QStringLiteral(", "))));
    }
    checkRead(path, out);
    for (Recording& r : out)
        AutoCalibrator::calibrate(r, mapping.calibration, path, report, job);
    return out;
}

int RecordingImporter::importInto(Project& project, const QString& path, Format format,
                                  const ColumnMapping& mapping, ReadReport* report,
                                  const JobControl* job)
{
    if (format == Format::Auto) {
        refuseHdf5(path);
        format = detect(path);
    }
    ColumnMapping placed = mapping;
    if (const LabelSet* own = placed.projectClasses.empty() && !placed.labelSetId.isEmpty()
                                  ? project.labelSet(placed.labelSetId)
                                  : nullptr)
        placed.projectClasses = own->classes; // text labels go into the project's classes
    std::vector<LabelSet> made;
    std::vector<Recording> recordings = read(path, format, placed, report, job, &made);
    for (LabelSet& set : made) {
        if (project.labelSet(set.id))
            throw FormatError(path, QStringLiteral("the project has a label set '%1' already; "
                                                   "give another id with --label-set")
                                        .arg(set.id));
        project.labelSets.push_back(std::move(set));
    }
    for (Recording& r : recordings) {
        if (r.labelSetId.isEmpty())
            r.labelSetId = labelSetIdFor(format, mapping);
        // Classes the caller gave (its project's copy, a label set file) come
        // with their set when the caller merges this project into its own.
        const bool givenByCaller =
            !mapping.projectClasses.empty() && r.labelSetId == mapping.labelSetId;
        if (!r.labelSetId.isEmpty() && !project.labelSet(r.labelSetId) && !givenByCaller) {
            if (!LabelSet::builtinIds().contains(r.labelSetId))
                throw FormatError(path,
                                  QStringLiteral("unknown label set '%1' (built in: %2; a lab's "
                                                 "own set: --label-set FILE.json, as written by "
                                                 "'labels set export')")
                                      .arg(r.labelSetId, LabelSet::builtinIds().join(", ")));
            project.ensureBuiltinLabelSet(r.labelSetId);
        }
        project.addRecording(std::move(r));
    }
    return int(recordings.size());
}

bool RecordingImporter::isDeviceFormat(Format format)
{
    return format == Format::Cwa || format == Format::Gt3x || format == Format::GeneActiv;
}

DeviceSamples RecordingImporter::readDevice(const QString& path, Format format, ReadReport* report,
                                            const JobControl* job)
{
    if (format == Format::Auto)
        format = detect(path);
    if (QFileInfo(path).isDir())
        throw FormatError(path, QStringLiteral("is a folder; device formats read one file"));
    const QString decoding = QStringLiteral("decoding its samples");
    switch (format) {
    case Format::Cwa:
        return allocating(path, decoding, [&] { return CwaReader::read(path, report, job); });
    case Format::Gt3x:
        return allocating(path, decoding, [&] { return Gt3xReader::read(path, report, job); });
    case Format::GeneActiv:
        return allocating(path, decoding, [&] { return GeneActivReader::read(path, report, job); });
    default:
        throw FormatError(path,
                          QStringLiteral("is not a device file (.cwa, .gt3x or GENEActiv .bin)"));
    }
}

int RecordingImporter::importDevices(Project& project, const QStringList& paths, Format format,
                                     const DeviceImportOptions& options, ReadReport* report,
                                     const JobControl* job)
{
    if (!options.sensorNames.isEmpty() && options.sensorNames.size() != paths.size())
        throw std::invalid_argument(QStringLiteral("%1 sensor names for %2 files")
                                        .arg(options.sensorNames.size())
                                        .arg(paths.size())
                                        .toStdString());
    // Progress: decoding takes most of the time; each file gets an equal share.
    auto part = [&](int i, int n, JobControl* sub) {
        if (!job)
            return static_cast<const JobControl*>(nullptr);
        sub->cancelRequested = job->cancelRequested;
        sub->progress = [job, i, n](double f, const QString& what) {
            job->report((double(i) + f) / double(n), what);
        };
        return static_cast<const JobControl*>(sub);
    };
    int added = 0;
    if (!options.sensorNames.isEmpty()) {
        std::vector<DeviceSamples> devices;
        for (int i = 0; i < paths.size(); ++i) {
            JobControl sub;
            devices.push_back(
                readDevice(paths[i], format, report, part(i, paths.size() + 1, &sub)));
        }
        JobControl sub;
        std::vector<TemperatureSeries> temperatures;
        Recording r = allocating(
            paths.join(QStringLiteral(", ")),
            QStringLiteral("resampling the files onto a %1 Hz grid").arg(options.rateHz), [&] {
                return DeviceRecordingBuilder::build(devices, options.sensorNames, options, report,
                                                     part(paths.size(), paths.size() + 1, &sub),
                                                     &temperatures);
            });
        AutoCalibrator::calibrate(r, options.calibration, paths.join(QStringLiteral(", ")), report,
                                  nullptr, &temperatures);
        project.addRecording(std::move(r));
        return 1;
    }
    for (int i = 0; i < paths.size(); ++i) {
        JobControl sub;
        std::vector<DeviceSamples> devices;
        devices.push_back(readDevice(paths[i], format, report, part(i, paths.size(), &sub)));
        DeviceImportOptions single = options;
        single.offsetsS = {i < int(options.offsetsS.size()) ? options.offsetsS[size_t(i)] : 0.0};
        if (paths.size() > 1)
            single.recordingId.clear();
        std::vector<TemperatureSeries> temperatures;
        Recording r = allocating(
            paths[i], QStringLiteral("resampling it onto a %1 Hz grid").arg(single.rateHz), [&] {
                return DeviceRecordingBuilder::build(
                    devices,
                    {DeviceRecordingBuilder::sensorNameFor(devices[0], QStringLiteral("sensor"))},
                    single, report, job ? &sub : nullptr, &temperatures);
            });
        AutoCalibrator::calibrate(r, options.calibration, paths[i], report, nullptr, &temperatures);
        project.addRecording(std::move(r));
        ++added;
    }
    return added;
}

QString RecordingImporter::labelSetIdFor(Format format, const ColumnMapping& mapping)
{
    switch (format) {
    case Format::Hapt:
        return QStringLiteral("hapt");
    case Format::Harth:
        return QStringLiteral("harth");
    case Format::Har70Plus:
        return QStringLiteral("har70plus");
    case Format::Csv:
        return mapping.labelSetId;
    case Format::Cwa:
    case Format::Gt3x:
    case Format::GeneActiv:
    case Format::Auto:
        break;
    }
    return QString();
}

} // namespace kinemark
