// The project file (.kmk): exact round trips, atomic saves, and validation on
// open with messages that name the file and the object in it. Corrupt files
// are made by saving a good project and editing it with the HDF5 C++ API.
#include "core/io/RecordingImporter.h"
#include "core/project/Hdf5File.h"
#include "core/project/ProjectFile.h"
#include "core/project/ShuffleDeflate.h"
#include "tests/support/TestSupport.h"

#include <H5Cpp.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace kinemark;

namespace {

float fromBits(uint32_t bits)
{
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// Random-walk accelerometer-like signal with the awkward values a float can
// hold sprinkled in: denormals, both zeros, infinities, NaN payloads.
std::vector<float> makeSignal(size_t n, uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> noise(0.0f, 0.02f);
    std::vector<float> s(n);
    float level = 0.5f;
    for (size_t i = 0; i < n; ++i) {
        level += noise(rng) * 0.1f;
        s[i] = level + noise(rng);
    }
    const float specials[] = {fromBits(0x00000001u),
                              fromBits(0x807fffffu),
                              -0.0f,
                              0.0f,
                              std::numeric_limits<float>::infinity(),
                              -std::numeric_limits<float>::infinity(),
                              fromBits(0x7fc12345u),
                              fromBits(0xffa00001u),
                              std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::lowest()};
    for (size_t k = 0; k < std::size(specials) && n > 0; ++k)
        s[(k * 7919 + seed) % n] = specials[k];
    return s;
}

Sensor makeSensor(const QString& name, const QString& device, size_t n, uint32_t seed,
                  bool withGyro = false)
{
    Sensor sensor;
    sensor.name = name;
    sensor.device = device;
    uint32_t k = 0;
    for (const char* axis : {"x", "y", "z"})
        sensor.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("acc"),
                                          QStringLiteral("g"), makeSignal(n, seed + k++)});
    if (withGyro)
        for (const char* axis : {"x", "y", "z"})
            sensor.channels.push_back(Channel{QString::fromLatin1(axis), QStringLiteral("gyro"),
                                              QStringLiteral("rad/s"), makeSignal(n, seed + k++)});
    return sensor;
}

AnnotationTrack makeTrack(const QString& name, AnnotationTrack::Kind kind, size_t n, uint32_t seed,
                          const QString& labelSet = QStringLiteral("harth"))
{
    std::mt19937 rng(seed);
    const QStringList authors = {QString(), QStringLiteral("anna"), QStringLiteral("Bjørn Ø."),
                                 QStringLiteral("model:cnn-v2")};
    AnnotationTrack track(name, kind, labelSet);
    int64_t at = int64_t(rng() % 50);
    while (true) {
        const int64_t length = 1 + int64_t(rng() % 400);
        if (at + length > int64_t(n))
            break;
        Segment s;
        s.start = at;
        s.end = at + length;
        s.classId = int32_t(1 + rng() % 8);
        s.author = authors[int(rng() % uint32_t(authors.size()))];
        s.editedMs = s.author.isEmpty() ? 0 : 1709539200000LL + int64_t(rng() % 100000000);
        track.append(s);
        at = s.end + int64_t(rng() % 3) * int64_t(rng() % 30); // gaps now and then
    }
    return track;
}

// Gives some segments notes (with the characters a file format could trip on)
// and some the unsure flag, overlapping on a few.
void addNotesAndUnsure(AnnotationTrack& track)
{
    const QStringList notes = {QStringLiteral("stairs?"),
                               QStringLiteral("a, \"quoted\"\nsecond line"),
                               QStringLiteral("ünïcode → ✓"), QStringLiteral("tab\there; semi")};
    std::vector<Segment> segments = track.segments();
    for (size_t i = 0; i < segments.size(); ++i) {
        if (i % 7 == 3)
            segments[i].note = notes[int(i / 7) % notes.size()];
        segments[i].unsure = i % 5 == 1;
    }
    track.setSegments(std::move(segments));
}

// Class probabilities over `n` samples, one row per `step`, rows summing to 1.
ClassProbabilities makeProbabilities(size_t n, int64_t step, std::vector<int32_t> classIds,
                                     uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> weight(0.01f, 1.0f);
    ClassProbabilities p;
    p.start = 0;
    p.step = step;
    p.classIds = std::move(classIds);
    const size_t rows = (n + size_t(step) - 1) / size_t(step);
    std::vector<float> row(p.classIds.size());
    for (size_t r = 0; r < rows; ++r) {
        float sum = 0;
        for (float& v : row)
            sum += v = weight(rng);
        for (float v : row)
            p.values.push_back(v / sum);
    }
    return p;
}

// A stored model whose bytes include zeros and every other byte value.
StoredModel makeModel(const QString& id, const QString& kind, size_t bytes, uint32_t seed)
{
    StoredModel m;
    m.id = id;
    m.kind = kind;
    m.summary = QJsonObject{
        {QStringLiteral("classes"), QJsonArray{1, 2, 20}},
        {QStringLiteral("training_subjects"), QJsonArray{QStringLiteral("S006")}},
        {QStringLiteral("validation"), QJsonObject{{QStringLiteral("macro_f1"), 0.9123}}},
        {QStringLiteral("created"), QStringLiteral("2026-11-30T18:04:00Z")}};
    std::mt19937 rng(seed);
    m.data.resize(qsizetype(bytes));
    for (char& c : m.data)
        c = char(rng() & 0xff);
    return m;
}

LabelSet customLabelSet()
{
    LabelSet set;
    set.id = QStringLiteral("study-7");
    set.name = QStringLiteral("Study 7 – café");
    set.description = QStringLiteral("Custom classes\nwith a newline");
    set.classes.push_back(LabelClass{1, QStringLiteral("sitting"), QStringLiteral("#112233"),
                                     QStringLiteral("1"), kUnlabelled});
    set.classes.push_back(LabelClass{2, QStringLiteral("standing"), QStringLiteral("#445566"),
                                     QString(), kUnlabelled});
    set.classes.push_back(
        LabelClass{20, QStringLiteral("standing still"), QString(), QString(), 2});
    return set;
}

// Two recordings: one multi-chunk with two sensors (the second with gyro) and
// every kind of track (the prediction with class probabilities), one small
// (contiguous storage) with no tracks; and two stored models.
Project makeProject()
{
    Project p;
    p.name = QStringLiteral("Round trip ✓");
    p.metadata.insert(QStringLiteral("site"), QStringLiteral("Trondheim"));
    p.metadata.insert(QStringLiteral("note"), QStringLiteral("quotes \" and \\ and ünïcode"));
    p.labelSets.push_back(LabelSet::builtin(QStringLiteral("harth")));
    p.labelSets.push_back(customLabelSet());

    // Several chunks, the last one partial.
    const size_t n = Hdf5ArrayOptions().chunkElements * 8 + 12345;
    Recording a;
    a.id = QStringLiteral("S006 day 1");
    a.subjectId = QStringLiteral("S006");
    a.sampleRateHz = 50;
    a.startTimeUs = 1547251200000000LL;
    a.labelSetId = QStringLiteral("harth");
    a.source = QStringLiteral("/data/harth/S006.csv");
    a.metadata.insert(QStringLiteral("age"), QStringLiteral("31"));
    a.sensors.push_back(makeSensor(QStringLiteral("back"), QStringLiteral("Axivity AX3"), n, 10));
    a.sensors.push_back(
        makeSensor(QStringLiteral("thigh"), QStringLiteral("Axivity AX3 #42"), n, 20, true));
    a.tracks.push_back(
        makeTrack(QStringLiteral("ground truth"), AnnotationTrack::Kind::GroundTruth, n, 1));
    a.tracks.push_back(makeTrack(QStringLiteral("anna"), AnnotationTrack::Kind::Annotation, n, 2));
    addNotesAndUnsure(a.tracks.back());
    a.tracks.push_back(makeTrack(QStringLiteral("cnn"), AnnotationTrack::Kind::Prediction, n, 3,
                                 QStringLiteral("study-7")));
    a.tracks.push_back(AnnotationTrack(QStringLiteral("empty"), AnnotationTrack::Kind::Annotation));
    // Enough rows to be chunked and compressed; the last row is cut short by the end.
    a.probabilities.insert(QStringLiteral("cnn"), makeProbabilities(n, 64, {1, 2, 20}, 4));
    p.recordings.push_back(std::make_shared<Recording>(std::move(a)));

    Recording b;
    b.id = QStringLiteral("small");
    b.subjectId = QStringLiteral("7");
    b.sampleRateHz = 100.5;
    b.startTimeUs = -5;
    b.sensors.push_back(makeSensor(QStringLiteral("waist"), QString(), 1000, 30));
    p.recordings.push_back(std::make_shared<Recording>(std::move(b)));

    p.models.push_back(makeModel(QStringLiteral("cnn-center 2026-11-30 18:04"),
                                 QStringLiteral("cnn-center"), 300000, 5));
    p.models.push_back(makeModel(QStringLiteral("tiny"), QStringLiteral("resnet-supcon"), 1, 6));

    StoredResult crossval;
    crossval.kind = QString::fromLatin1(StoredResult::kCrossValidation);
    crossval.model = QStringLiteral("cnn-center");
    crossval.created = QStringLiteral("2026-11-30T21:04:05Z");
    crossval.id = StoredResult::makeId(crossval.kind, crossval.model, crossval.created, {});
    crossval.result = QJsonObject{
        {QStringLiteral("scheme"), QStringLiteral("loso")},
        {QStringLiteral("summary"),
         QJsonObject{{QStringLiteral("macro_f1"), QJsonObject{{QStringLiteral("mean"), 0.8125},
                                                              {QStringLiteral("std"), 0.0625}}}}},
        {QStringLiteral("note"), QStringLiteral("ünïcode \"quoted\"")}};
    p.results.push_back(crossval);
    StoredResult evaluation = crossval;
    evaluation.kind = QString::fromLatin1(StoredResult::kEvaluation);
    evaluation.id =
        StoredResult::makeId(evaluation.kind, evaluation.model, evaluation.created, p.resultIds());
    evaluation.result = QJsonObject{{QStringLiteral("model"), QStringLiteral("cnn-center")}};
    p.results.push_back(evaluation);
    return p;
}

bool sameBits(const std::vector<float>& a, const std::vector<float>& b)
{
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void compareProjects(const Project& got, const Project& want)
{
    QCOMPARE(got.name, want.name);
    QCOMPARE(got.metadata, want.metadata);
    QCOMPARE(got.labelSets.size(), want.labelSets.size());
    for (size_t i = 0; i < want.labelSets.size(); ++i)
        QVERIFY(got.labelSets[i] == want.labelSets[i]);
    QCOMPARE(got.recordings.size(), want.recordings.size());
    for (size_t i = 0; i < want.recordings.size(); ++i) {
        const Recording& g = *got.recordings[i];
        const Recording& w = *want.recordings[i];
        QCOMPARE(g.id, w.id);
        QCOMPARE(g.subjectId, w.subjectId);
        QCOMPARE(g.sampleRateHz, w.sampleRateHz);
        QCOMPARE(g.startTimeUs, w.startTimeUs);
        QCOMPARE(g.labelSetId, w.labelSetId);
        QCOMPARE(g.source, w.source);
        QCOMPARE(g.metadata, w.metadata);
        QCOMPARE(g.sensors.size(), w.sensors.size());
        for (size_t s = 0; s < w.sensors.size(); ++s) {
            QCOMPARE(g.sensors[s].name, w.sensors[s].name);
            QCOMPARE(g.sensors[s].device, w.sensors[s].device);
            QCOMPARE(g.sensors[s].channels.size(), w.sensors[s].channels.size());
            for (size_t c = 0; c < w.sensors[s].channels.size(); ++c) {
                const Channel& gc = g.sensors[s].channels[c];
                const Channel& wc = w.sensors[s].channels[c];
                QCOMPARE(gc.name, wc.name);
                QCOMPARE(gc.quantity, wc.quantity);
                QCOMPARE(gc.unit, wc.unit);
                QVERIFY2(sameBits(gc.samples, wc.samples),
                         qPrintable(QStringLiteral("samples of %1 differ")
                                        .arg(w.sensors[s].qualifiedChannelName(c))));
            }
        }
        QCOMPARE(g.tracks.size(), w.tracks.size());
        for (size_t t = 0; t < w.tracks.size(); ++t)
            QVERIFY2(g.tracks[t] == w.tracks[t], qPrintable(w.tracks[t].name()));
        QCOMPARE(g.probabilities.keys(), w.probabilities.keys());
        for (auto it = w.probabilities.cbegin(); it != w.probabilities.cend(); ++it)
            QVERIFY2(g.probabilities.value(it.key()) == it.value(),
                     qPrintable(QStringLiteral("probabilities of %1 differ").arg(it.key())));
    }
    QCOMPARE(got.models.size(), want.models.size());
    for (size_t i = 0; i < want.models.size(); ++i)
        QVERIFY2(got.models[i] == want.models[i], qPrintable(want.models[i].id));
    QCOMPARE(got.results.size(), want.results.size());
    for (size_t i = 0; i < want.results.size(); ++i)
        QVERIFY2(got.results[i] == want.results[i], qPrintable(want.results[i].id));
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    return f.readAll();
}

QStringList tempFilesIn(const QString& dir)
{
    return QDir(dir).entryList({QStringLiteral("*.tmp-*")}, QDir::Files | QDir::Hidden);
}

// Opens `path` read-write with the plain HDF5 C++ API and lets `edit` damage it.
void editFile(const QString& path, const std::function<void(H5::H5File&)>& edit)
{
    H5::Exception::dontPrint();
    H5::H5File file(QFile::encodeName(path).toStdString(), H5F_ACC_RDWR);
    edit(file);
    file.close();
}

void replaceIntAttribute(H5::H5Object& object, const char* name, int64_t value)
{
    object.removeAttr(name);
    H5::Attribute a =
        object.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
    a.write(H5::PredType::NATIVE_INT64, &value);
}

void copyStringAttributes(const H5::DataSet& from, H5::DataSet& to)
{
    for (const char* name : {"name", "quantity", "unit"}) {
        H5::Attribute a = from.openAttribute(name);
        std::string value;
        a.read(a.getStrType(), value);
        H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
        H5::Attribute b = to.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
        b.write(type, value);
    }
}

// Replaces a 1-D dataset with `values` stored by HDF5 itself (its own filter
// pipeline when `plist` asks for one), keeping the channel attributes if any.
template <typename T>
void replaceDataset(H5::H5File& file, const std::string& path, const std::vector<T>& values,
                    const H5::PredType& fileType, const H5::PredType& memType,
                    const H5::DSetCreatPropList& plist = H5::DSetCreatPropList::DEFAULT)
{
    H5::DataSet old = file.openDataSet(path);
    const bool channel = old.attrExists("unit");
    const std::string tmpPath = path + "_new";
    const hsize_t n = values.size();
    H5::DataSet fresh = file.createDataSet(tmpPath, fileType, H5::DataSpace(1, &n), plist);
    if (n > 0)
        fresh.write(values.data(), memType);
    if (channel)
        copyStringAttributes(old, fresh);
    old.close();
    fresh.close();
    file.unlink(path);
    file.move(tmpPath, path);
}

// Replaces the 1-D dataset at `path` by a chunked one of `n` elements whose
// chunks are never written: a header claiming an extent the file does not hold.
void replaceByUnwrittenDataset(H5::H5File& file, const std::string& path, hsize_t n,
                               const H5::DataType& fileType)
{
    H5::DataSet old = file.openDataSet(path);
    const bool channel = old.attrExists("unit");
    const std::string tmpPath = path + "_new";
    const hsize_t chunk = 65536;
    H5::DSetCreatPropList plist;
    plist.setChunk(1, &chunk);
    H5::DataSet fresh = file.createDataSet(tmpPath, fileType, H5::DataSpace(1, &n), plist);
    if (channel)
        copyStringAttributes(old, fresh);
    old.close();
    fresh.close();
    file.unlink(path);
    file.move(tmpPath, path);
}

class Expect
{
public:
    // Runs `open` and checks that it throws a FormatError whose text names the
    // file and contains every fragment.
    static void formatError(const QString& path, const QStringList& fragments)
    {
        try {
            ProjectFile::open(path);
            QFAIL("open() did not throw");
        } catch (const FormatError& e) {
            const QString text = e.describe();
            qInfo("%s", qPrintable(text));
            QVERIFY2(text.contains(QFileInfo(path).fileName()), qPrintable(text));
            for (const QString& f : fragments)
                QVERIFY2(text.contains(f),
                         qPrintable(QStringLiteral("'%1' lacks '%2'").arg(text, f)));
        } catch (const std::exception& e) {
            QFAIL(qPrintable(
                QStringLiteral("not a FormatError: %1").arg(QString::fromUtf8(e.what()))));
        }
    }
};

} // namespace

class TestProjectFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void roundTripIsExact();
    void roundTripEmptyProject();
    void roundTripOddShapes();
    void largeMetadataRoundTrips();
    void saveIsDeterministic();
    void saveReplacesExistingFile();
    void saveRemovesTemporariesOfKilledSaves();
    void saveReportsProgress();
    void saveIntoMissingFolderFails();
    void cancelledSaveKeepsOldFile();
    void inconsistentProjectIsNotSaved();
    void roundTripProbabilitiesAndModels();
    void openReadsFilesWithoutProbabilitiesOrModels();
    void notesAndUnsureAreWrittenOnlyWhenPresent();
    void openReadsFilesWithoutNotesOrUnsure();
    void openRejectsBadNotesOrUnsure();
    void inconsistentProbabilitiesOrModelsAreNotSaved();
    void openRejectsBadProbabilities();
    void openRejectsBadModel();
    void isProjectFile();
    void openRejectsNonHdf5();
    void openRejectsTruncatedFile();
    void openRejectsGlobalHeapObjectBeyondCollection();
    void openRejectsStringLongerThanTheFile();
    void openRejectsForeignHdf5();
    void damagedProjectIsNamedSo();
    void openRejectsNewerVersion();
    void openRejectsMissingChannel();
    void openRejectsCountsBeyondMembers();
    void openRejectsExtentsBeyondStorage();
    void openRejectsChannelLengthMismatch();
    void openRejectsOverlappingSegments();
    void openRejectsSegmentBeyondEnd();
    void openRejectsMissingAttribute();
    void openRejectsWrongTypes();
    void openRejectsBadLabelSet();
    void openRejectsBadAuthorIndex();
    void openRejectsCorruptChunk();
    void openReadsDatasetsWrittenByHdf5();
    void openCancelled();
    void wrapperChunkEdges();
    void wrapperReadsUnwrittenChunks();
    void shuffleDeflateMatchesZlib();
    void h5pyReadsOurFile();

private:
    QString savedProject(const QString& name);

    QTemporaryDir m_dir;
    Project m_project;
};

void TestProjectFile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = makeProject();
    QCOMPARE(m_project.checkConsistency(), QString());
}

QString TestProjectFile::savedProject(const QString& name)
{
    const QString path = m_dir.filePath(name);
    ProjectFile::save(m_project, path);
    return path;
}

void TestProjectFile::roundTripIsExact()
{
    const QString path = savedProject(QStringLiteral("roundtrip.kmk"));
    const Project opened = ProjectFile::open(path);
    compareProjects(opened, m_project);
    QVERIFY(tempFilesIn(m_dir.path()).isEmpty());
    // The float data is stored compressed.
    QVERIFY(QFileInfo(path).size() <
            qint64(m_project.recordings[0]->channelCount() *
                   m_project.recordings[0]->sampleCount() * sizeof(float)));
}

void TestProjectFile::roundTripEmptyProject()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.kmk"));
    ProjectFile::save(Project(), path);
    const Project opened = ProjectFile::open(path);
    compareProjects(opened, Project());
    QVERIFY(ProjectFile::isProjectFile(path));
}

void TestProjectFile::roundTripOddShapes()
{
    // No tracks, no sensors, a sensor without channels, empty recording,
    // lengths at chunk boundaries.
    Project p;
    p.labelSets.push_back(customLabelSet());
    const size_t chunk = Hdf5ArrayOptions().chunkElements;
    for (size_t n :
         {size_t(0), size_t(1), size_t(4095), size_t(4096), chunk - 1, chunk, chunk + 1}) {
        Recording r;
        r.id = QStringLiteral("n=%1").arg(n);
        r.labelSetId = QStringLiteral("study-7");
        if (n > 0)
            r.sensors.push_back(makeSensor(QStringLiteral("s"), QString(), n, uint32_t(n)));
        Sensor bare;
        bare.name = QStringLiteral("bare");
        r.sensors.push_back(bare);
        if (n > 100)
            r.tracks.push_back(makeTrack(QStringLiteral("t"), AnnotationTrack::Kind::Annotation, n,
                                         7, QStringLiteral("study-7")));
        p.recordings.push_back(std::make_shared<Recording>(std::move(r)));
    }
    Recording none;
    none.id = QStringLiteral("no sensors");
    p.recordings.push_back(std::make_shared<Recording>(std::move(none)));
    QCOMPARE(p.checkConsistency(), QString());

    const QString path = m_dir.filePath(QStringLiteral("shapes.kmk"));
    ProjectFile::save(p, path);
    compareProjects(ProjectFile::open(path), p);
}

void TestProjectFile::largeMetadataRoundTrips()
{
    // Beyond the 64 KiB that attributes in old-style object headers can hold.
    Project p;
    p.name = QString(70000, QLatin1Char('n'));
    p.metadata.insert(QStringLiteral("notes"), QString(100000, QChar(0x00e9)));
    const QString path = m_dir.filePath(QStringLiteral("bigmeta.kmk"));
    ProjectFile::save(p, path);
    compareProjects(ProjectFile::open(path), p);
}

void TestProjectFile::saveIsDeterministic()
{
    // No timestamps in the file: the same project gives the same bytes.
    const QString a = savedProject(QStringLiteral("det-a.kmk"));
    const QString b = savedProject(QStringLiteral("det-b.kmk"));
    QVERIFY(readAll(a) == readAll(b));
}

void TestProjectFile::saveReplacesExistingFile()
{
    const QString path = savedProject(QStringLiteral("replace.kmk"));
    Project other;
    other.name = QStringLiteral("other");
    other.labelSets.push_back(customLabelSet());
    ProjectFile::save(other, path);
    const Project opened = ProjectFile::open(path);
    compareProjects(opened, other);
    QVERIFY2(tempFilesIn(m_dir.path()).isEmpty(), qPrintable(tempFilesIn(m_dir.path()).join(' ')));
}

void TestProjectFile::saveRemovesTemporariesOfKilledSaves()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.kmk"));
    // A process that is gone: a child that has exited and been reaped.
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    QVERIFY(child > 0);
    ::waitpid(child, nullptr, 0);
    const auto makeFile = [&](qint64 pid) {
        QFile f(QStringLiteral("%1.tmp-%2-0badf00d").arg(path).arg(pid));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("half a project");
    };
    makeFile(child);
    makeFile(qint64(::getpid())); // a save of a live process (this one) is not touched
    const QString unrelated = dir.filePath(QStringLiteral("other.kmk.tmp-1-0badf00d"));
    QVERIFY(QFile(unrelated).open(QIODevice::WriteOnly));
    ProjectFile::save(m_project, path);
    QVERIFY(!QFile::exists(QStringLiteral("%1.tmp-%2-0badf00d").arg(path).arg(child)));
    QVERIFY(QFile::exists(QStringLiteral("%1.tmp-%2-0badf00d").arg(path).arg(::getpid())));
    QVERIFY(QFile::exists(unrelated));
}

void TestProjectFile::saveReportsProgress()
{
    std::vector<double> fractions;
    JobControl job;
    job.progress = [&](double f, const QString&) { fractions.push_back(f); };
    ProjectFile::save(m_project, m_dir.filePath(QStringLiteral("progress.kmk")), &job);
    QVERIFY(fractions.size() > 5);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);

    fractions.clear();
    ProjectFile::open(m_dir.filePath(QStringLiteral("progress.kmk")), &job);
    QVERIFY(fractions.size() > 5);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));
    QCOMPARE(fractions.back(), 1.0);
}

void TestProjectFile::saveIntoMissingFolderFails()
{
    // Tests run as root, so a read-only folder would not stop us: use a
    // "folder" that is a regular file instead.
    const QString notAFolder = m_dir.filePath(QStringLiteral("plain-file"));
    test::writeFile(notAFolder, "x");
    const QString path = notAFolder + QStringLiteral("/project.kmk");
    try {
        ProjectFile::save(m_project, path);
        QFAIL("save() did not throw");
    } catch (const std::runtime_error& e) {
        const QString text = QString::fromUtf8(e.what());
        QVERIFY2(text.contains(path), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("is not a folder")), qPrintable(text));
    }
    try {
        ProjectFile::save(m_project, m_dir.filePath(QStringLiteral("missing/project.kmk")));
        QFAIL("save() did not throw");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("does not exist")), e.what());
    }
    QCOMPARE(readAll(notAFolder), QByteArray("x"));
}

void TestProjectFile::cancelledSaveKeepsOldFile()
{
    const QString path = savedProject(QStringLiteral("cancel.kmk"));
    const QByteArray before = readAll(path);

    std::atomic<bool> cancel{false};
    JobControl job;
    job.cancelRequested = &cancel;
    int calls = 0;
    // Cancel half-way through the data, when the temporary file is well under way.
    job.progress = [&](double f, const QString&) {
        ++calls;
        if (f > 0.5)
            cancel = true;
    };
    Project other = makeProject();
    other.name = QStringLiteral("changed");
    QVERIFY_THROWS_EXCEPTION(Cancelled, ProjectFile::save(other, path, &job));
    QVERIFY(calls > 1);
    QVERIFY(readAll(path) == before);
    QVERIFY2(tempFilesIn(m_dir.path()).isEmpty(), qPrintable(tempFilesIn(m_dir.path()).join(' ')));
    compareProjects(ProjectFile::open(path), m_project);
}

void TestProjectFile::inconsistentProjectIsNotSaved()
{
    const QString path = savedProject(QStringLiteral("inconsistent.kmk"));
    const QByteArray before = readAll(path);
    Project bad = makeProject();
    bad.recordings[1]->sensors[0].channels[1].samples.pop_back();
    try {
        ProjectFile::save(bad, path);
        QFAIL("save() did not throw");
    } catch (const std::runtime_error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(path), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("samples")), e.what());
    }
    QVERIFY(readAll(path) == before);
    QVERIFY(tempFilesIn(m_dir.path()).isEmpty());
}

void TestProjectFile::roundTripProbabilitiesAndModels()
{
    const QString path = savedProject(QStringLiteral("models.kmk"));
    const Project opened = ProjectFile::open(path);
    // compareProjects covers them; these say what was there to compare.
    QCOMPARE(opened.models.size(), size_t(2));
    QCOMPARE(opened.models[0].data.size(), qsizetype(300000));
    QVERIFY(opened.models[0] == m_project.models[0]);
    QCOMPARE(opened.models[1].kind, QStringLiteral("resnet-supcon"));
    QCOMPARE(opened.results.size(), size_t(2));
    QCOMPARE(opened.results[1].id,
             QString(opened.results[0].id)
                 .replace(QStringLiteral("crossval"), QStringLiteral("evaluation")));
    const Recording& r = *opened.recordings[0];
    QCOMPARE(r.probabilities.keys(), QStringList{QStringLiteral("cnn")});
    const ClassProbabilities& p = r.probabilities.value(QStringLiteral("cnn"));
    QCOMPARE(p.rowCount(), (r.sampleCount() + 63) / 64);
    QCOMPARE(p.classIds, (std::vector<int32_t>{1, 2, 20}));
    QVERIFY(p == m_project.recordings[0]->probabilities.value(QStringLiteral("cnn")));
    QVERIFY(opened.recordings[1]->probabilities.isEmpty());
    compareProjects(opened, m_project);
}

void TestProjectFile::openReadsFilesWithoutProbabilitiesOrModels()
{
    // What a file written before probabilities and models existed looks like.
    const QString path = savedProject(QStringLiteral("before-models.kmk"));
    editFile(path, [](H5::H5File& f) {
        f.unlink("/models");
        f.unlink("/results");
        f.unlink("/recordings/0000/tracks/02/probabilities");
    });
    Project expected = makeProject();
    expected.models.clear();
    expected.results.clear();
    expected.recordings[0]->probabilities.clear();
    compareProjects(ProjectFile::open(path), expected);
}

void TestProjectFile::notesAndUnsureAreWrittenOnlyWhenPresent()
{
    const QString path = savedProject(QStringLiteral("notes.kmk"));
    const Project opened = ProjectFile::open(path);
    const AnnotationTrack& anna = *opened.recordings[0]->track(QStringLiteral("anna"));
    int noted = 0, unsure = 0;
    for (const Segment& s : anna.segments()) {
        noted += !s.note.isEmpty();
        unsure += s.unsure;
    }
    QVERIFY(noted > 10);
    QVERIFY(unsure > 10);
    QVERIFY(anna == *m_project.recordings[0]->track(QStringLiteral("anna")));

    H5::Exception::dontPrint();
    H5::H5File f(QFile::encodeName(path).toStdString(), H5F_ACC_RDONLY);
    QVERIFY(f.nameExists("/recordings/0000/tracks/01/notes"));
    QVERIFY(f.nameExists("/recordings/0000/tracks/01/note_segment"));
    QVERIFY(f.nameExists("/recordings/0000/tracks/01/unsure_segment"));
    // A track without any (the ground truth here) is stored as before they existed.
    QVERIFY(!f.nameExists("/recordings/0000/tracks/00/notes"));
    QVERIFY(!f.nameExists("/recordings/0000/tracks/00/note_segment"));
    QVERIFY(!f.nameExists("/recordings/0000/tracks/00/unsure_segment"));
}

void TestProjectFile::openReadsFilesWithoutNotesOrUnsure()
{
    // A file as the writer made it before notes existed: the same datasets, none
    // for notes. Removing them from a saved file gives exactly that layout.
    const QString path = savedProject(QStringLiteral("before-notes.kmk"));
    editFile(path, [](H5::H5File& f) {
        f.unlink("/recordings/0000/tracks/01/notes");
        f.unlink("/recordings/0000/tracks/01/note_segment");
        f.unlink("/recordings/0000/tracks/01/unsure_segment");
    });
    Project expected = makeProject();
    AnnotationTrack& anna = expected.recordings[0]->tracks[1];
    QCOMPARE(anna.name(), QStringLiteral("anna"));
    std::vector<Segment> plain = anna.segments();
    for (Segment& s : plain) {
        s.note.clear();
        s.unsure = false;
    }
    anna.setSegments(plain);
    compareProjects(ProjectFile::open(path), expected);
}

void TestProjectFile::openRejectsBadNotesOrUnsure()
{
    const std::string group = "/recordings/0000/tracks/01/";
    const AnnotationTrack& anna = *m_project.recordings[0]->track(QStringLiteral("anna"));
    const int64_t n = int64_t(anna.size());
    std::vector<int64_t> noted;
    for (size_t i = 0; i < anna.size(); ++i)
        if (!anna.segments()[i].note.isEmpty())
            noted.push_back(int64_t(i));
    const H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
    struct Case
    {
        const char* name;
        std::function<void(H5::H5File&)> edit;
        QStringList fragments;
    };
    const double before = test::peakMemoryMb();
    const std::vector<Case> cases = {
        {"index-range",
         [&](H5::H5File& f) {
             std::vector<int64_t> bad = noted;
             bad.back() = n;
             replaceDataset(f, group + "note_segment", bad, H5::PredType::STD_I64LE,
                            H5::PredType::NATIVE_INT64);
         },
         {QStringLiteral("note_segment"), QStringLiteral("names segment %1").arg(n)}},
        {"negative",
         [&](H5::H5File& f) {
             replaceDataset(f, group + "unsure_segment", std::vector<int64_t>{-1},
                            H5::PredType::STD_I64LE, H5::PredType::NATIVE_INT64);
         },
         {QStringLiteral("unsure_segment"), QStringLiteral("names segment -1")}},
        {"order",
         [&](H5::H5File& f) {
             std::vector<int64_t> bad = noted;
             std::swap(bad[0], bad[1]);
             replaceDataset(f, group + "note_segment", bad, H5::PredType::STD_I64LE,
                            H5::PredType::NATIVE_INT64);
         },
         {QStringLiteral("note_segment"), QStringLiteral("does not follow")}},
        {"count",
         [&](H5::H5File& f) {
             std::vector<int64_t> fewer(noted.begin(), noted.end() - 1);
             replaceDataset(f, group + "note_segment", fewer, H5::PredType::STD_I64LE,
                            H5::PredType::NATIVE_INT64);
         },
         {QStringLiteral("notes"),
          QStringLiteral("but 'note_segment' has %1").arg(noted.size() - 1)}},
        {"orphan",
         [&](H5::H5File& f) { f.unlink(group + "note_segment"); },
         {QStringLiteral("one of 'note_segment' and 'notes' without the other")}},
        // Extents the file does not back: refused before anything is allocated.
        {"index-extent",
         [&](H5::H5File& f) {
             replaceByUnwrittenDataset(f, group + "unsure_segment", 1000000000,
                                       H5::PredType::STD_I64LE);
         },
         {QStringLiteral("unsure_segment"), QStringLiteral("lists 1000000000 segments")}},
        {"notes-extent",
         [&](H5::H5File& f) { replaceByUnwrittenDataset(f, group + "notes", 1000000000, text); },
         {QStringLiteral("notes"), QStringLiteral("has 1000000000 values")}},
    };
    for (const Case& c : cases) {
        const QString path =
            savedProject(QStringLiteral("bad-notes-%1.kmk").arg(QString::fromLatin1(c.name)));
        editFile(path, c.edit);
        Expect::formatError(path, QStringList{QStringLiteral("/recordings/0000/tracks/01")} +
                                      c.fragments);
    }
    QVERIFY2(
        test::peakMemoryMb() - before < 100,
        qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(test::peakMemoryMb() - before)));
}

void TestProjectFile::inconsistentProbabilitiesOrModelsAreNotSaved()
{
    const QString path = savedProject(QStringLiteral("inconsistent-models.kmk"));
    const QByteArray before = readAll(path);
    const auto expectRefusal = [&](const Project& bad, const QString& fragment) {
        try {
            ProjectFile::save(bad, path);
            QFAIL(qPrintable(QStringLiteral("save() did not refuse: %1").arg(fragment)));
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
        }
        QVERIFY(readAll(path) == before);
    };
    Project bad = makeProject();
    bad.recordings[1]->probabilities.insert(QStringLiteral("gone"),
                                            makeProbabilities(1000, 50, {1, 2}, 7));
    expectRefusal(bad, QStringLiteral("'gone', which does not exist"));

    bad = makeProject();
    bad.recordings[0]->probabilities[QStringLiteral("cnn")].start += 64;
    expectRefusal(bad, QStringLiteral("beyond the last sample"));

    bad = makeProject();
    bad.models[1].data.clear();
    expectRefusal(bad, QStringLiteral("model 'tiny' has no data"));

    bad = makeProject();
    bad.models[1].id = bad.models[0].id;
    expectRefusal(bad, QStringLiteral("is used twice"));

    bad = makeProject();
    bad.results[1].id = bad.results[0].id;
    expectRefusal(bad, QStringLiteral("result id"));
    QVERIFY(tempFilesIn(m_dir.path()).isEmpty());
}

void TestProjectFile::openRejectsBadProbabilities()
{
    const std::string values = "/recordings/0000/tracks/02/probabilities/values";
    const std::vector<float> good =
        m_project.recordings[0]->probabilities.value(QStringLiteral("cnn")).values;

    // One value short: no longer rows x classes.
    const QString path = savedProject(QStringLiteral("probabilities-short.kmk"));
    editFile(path, [&](H5::H5File& f) {
        std::vector<float> shorter(good.begin(), good.end() - 1);
        replaceDataset(f, values, shorter, H5::PredType::IEEE_F32LE, H5::PredType::NATIVE_FLOAT);
    });
    Expect::formatError(path, {QString::fromStdString(values), QStringLiteral("rows x classes")});

    // A NaN in row 5.
    const QString path2 = savedProject(QStringLiteral("probabilities-nan.kmk"));
    editFile(path2, [&](H5::H5File& f) {
        std::vector<float> withNan = good;
        withNan[5 * 3 + 1] = std::numeric_limits<float>::quiet_NaN();
        replaceDataset(f, values, withNan, H5::PredType::IEEE_F32LE, H5::PredType::NATIVE_FLOAT);
    });
    Expect::formatError(path2,
                        {QStringLiteral("/recordings/0000/tracks/02/probabilities"),
                         QStringLiteral("row 5, class 2"), QStringLiteral("not a probability")});
}

void TestProjectFile::openRejectsBadModel()
{
    // The .kmodel bytes gone.
    const QString path = savedProject(QStringLiteral("model-empty.kmk"));
    editFile(path, [](H5::H5File& f) {
        replaceDataset(f, "/models/01/data", std::vector<uint8_t>(), H5::PredType::STD_U8LE,
                       H5::PredType::NATIVE_UINT8);
    });
    Expect::formatError(path, {QStringLiteral("/models/01/data"), QStringLiteral("is empty")});

    // A summary that is not JSON.
    const QString path2 = savedProject(QStringLiteral("model-summary.kmk"));
    editFile(path2, [](H5::H5File& f) {
        f.unlink("/models/00/summary");
        H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
        H5::DataSet d = f.createDataSet("/models/00/summary", type, H5::DataSpace(H5S_SCALAR));
        d.write(std::string("{\"classes\": [1, 2"), type);
    });
    Expect::formatError(
        path2, {QStringLiteral("/models/00/summary"), QStringLiteral("not a JSON object")});

    // A stored result whose JSON was cut off.
    const QString path3 = savedProject(QStringLiteral("result-json.kmk"));
    editFile(path3, [](H5::H5File& f) {
        f.unlink("/results/01/result");
        H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
        H5::DataSet d = f.createDataSet("/results/01/result", type, H5::DataSpace(H5S_SCALAR));
        d.write(std::string("{\"model\": "), type);
    });
    Expect::formatError(
        path3, {QStringLiteral("/results/01/result"), QStringLiteral("not a JSON object")});
}

void TestProjectFile::isProjectFile()
{
    const QString good = savedProject(QStringLiteral("is.kmk"));
    QVERIFY(ProjectFile::isProjectFile(good));
    const QString text = m_dir.filePath(QStringLiteral("is.csv"));
    test::writeFile(text, "timestamp,x\n");
    QVERIFY(!ProjectFile::isProjectFile(text));
    QVERIFY(!ProjectFile::isProjectFile(m_dir.filePath(QStringLiteral("absent.kmk"))));
    const QString foreign = m_dir.filePath(QStringLiteral("is-foreign.h5"));
    {
        Hdf5File f = Hdf5File::create(foreign);
        f.root().setStringAttribute(QStringLiteral("format"), QStringLiteral("something-else"));
        f.close();
    }
    QVERIFY(!ProjectFile::isProjectFile(foreign));
}

void TestProjectFile::openRejectsNonHdf5()
{
    const QString path = m_dir.filePath(QStringLiteral("not-hdf5.kmk"));
    test::writeFile(path, "timestamp,back_x\n2019-01-12 00:00:00.000,1.0\n");
    Expect::formatError(path, {QStringLiteral("not a Kinemark project file")});
    const QString emptyFile = m_dir.filePath(QStringLiteral("zero.kmk"));
    test::writeFile(emptyFile, QByteArray());
    Expect::formatError(emptyFile, {QStringLiteral("not a Kinemark project file")});
}

void TestProjectFile::openRejectsTruncatedFile()
{
    const QString path = savedProject(QStringLiteral("truncated.kmk"));
    const QByteArray bytes = readAll(path);
    test::writeFile(path, bytes.left(bytes.size() / 2));
    Expect::formatError(path, {QStringLiteral("truncated")});
}

void TestProjectFile::openRejectsGlobalHeapObjectBeyondCollection()
{
    // Found by fuzz/fuzz_project (issue #16): a global heap object (where the
    // string attributes live) claiming more bytes than its collection holds
    // made HDF5 copy far beyond it and crash. The collection is checked first.
    const QString path = savedProject(QStringLiteral("global-heap.kmk"));
    QByteArray bytes = readAll(path);
    const int at = bytes.indexOf(QByteArray("GCOL\x01\0\0\0", 8));
    QVERIFY2(at > 0, "the saved project has no global heap collection");
    // The first object's size field: after the collection header (16 bytes),
    // the object's index, reference count and reserved bytes (8).
    const int sizeField = at + 16 + 8;
    QCOMPARE(int(uchar(bytes[at + 16])), 1); // object 1
    const quint64 huge = 1u << 18;
    for (int i = 0; i < 8; ++i)
        bytes[sizeField + i] = char((huge >> (8 * i)) & 0xff);
    test::writeFile(path, bytes);
    Expect::formatError(path, {QStringLiteral("damaged Kinemark project"),
                               QStringLiteral("byte %1").arg(at),
                               QStringLiteral("global heap collection"),
                               QStringLiteral("object 1 claims 262144 bytes")});
    QVERIFY(!ProjectFile::isProjectFile(path));
    // A free space (object 0) of size 0 made HDF5 parse it forever (a hang).
    QByteArray freeZero = readAll(savedProject(QStringLiteral("global-heap-free.kmk")));
    auto le = [&](int offset, int bytes) {
        quint64 v = 0;
        for (int i = bytes - 1; i >= 0; --i)
            v = (v << 8) | uchar(freeZero[offset + i]);
        return v;
    };
    // The first collection with free space left (a full one has none): its
    // objects are walked up to the collection's size (at + 8).
    int collection = at, object = -1;
    for (; collection >= 0 && object < 0;
         collection = freeZero.indexOf(QByteArray("GCOL\x01\0\0\0", 8), collection + 1)) {
        const int end = collection + int(le(collection + 8, 8));
        for (int o = collection + 16; o + 16 <= end; o += 16 + int((le(o + 8, 8) + 7) / 8 * 8))
            if (le(o, 2) == 0) {
                object = o;
                break;
            }
        if (object >= 0)
            break;
    }
    QVERIFY2(object > 0, "no global heap collection has free space");
    for (int i = 0; i < 8; ++i)
        freeZero[object + 8 + i] = 0;
    const QString freePath = m_dir.filePath(QStringLiteral("global-heap-free.kmk"));
    test::writeFile(freePath, freeZero);
    QElapsedTimer timer;
    timer.start();
    Expect::formatError(freePath,
                        {QStringLiteral("byte %1").arg(collection),
                         QStringLiteral("free space at byte %1 claims 0 bytes").arg(object)});
    QVERIFY(timer.elapsed() < 5000);
    // A collection that runs beyond the end of the file is refused as well.
    test::writeFile(path, bytes.left(at + 64));
    Expect::formatError(
        path, {QStringLiteral("byte %1").arg(at), QStringLiteral("beyond the end of the file")});
}

void TestProjectFile::openRejectsStringLongerThanTheFile()
{
    // Found by fuzz/fuzz_project (issue #16): HDF5 allocates a variable-length
    // string's claimed length before reading it; a label set's JSON claiming
    // 1.26 GB in a small file asked for that much. The heap IDs are checked first.
    const QString path = savedProject(QStringLiteral("long-string.kmk"));
    haddr_t offset = HADDR_UNDEF;
    {
        H5::H5File f(path.toStdString(), H5F_ACC_RDONLY);
        H5::DataSet d = f.openDataSet("/label_sets/00");
        QVERIFY(d.getStrType().isVariableStr());
        offset = H5Dget_offset(d.getId());
    }
    QVERIFY(offset != HADDR_UNDEF);
    QByteArray bytes = readAll(path);
    for (int i = 0; i < 4; ++i)
        bytes[int(offset) + i] = char(0x4b); // 0x4b4b4b4b = 1263225675 bytes
    test::writeFile(path, bytes);
    QElapsedTimer timer;
    timer.start();
    Expect::formatError(path, {QStringLiteral("/label_sets/00"),
                               QStringLiteral("string 0 claims 1263225675 bytes"),
                               QStringLiteral("more than the file holds")});
    QVERIFY(timer.elapsed() < 5000);
    QVERIFY(test::peakMemoryMb() < 500);
}

void TestProjectFile::openRejectsForeignHdf5()
{
    const QString path = m_dir.filePath(QStringLiteral("foreign.h5"));
    {
        Hdf5File f = Hdf5File::create(path);
        f.root().createGroup(QStringLiteral("data"));
        f.close();
    }
    Expect::formatError(
        path, {QStringLiteral("not a Kinemark project file"), QStringLiteral("'format'")});
}

void TestProjectFile::damagedProjectIsNamedSo()
{
    // A project cut in half, and one with bytes flipped in its middle: both
    // say they are a damaged project, from the project reader and from the
    // importer that guesses a recording's format, which used to take them for
    // CSV (issue #16).
    const QString whole = savedProject(QStringLiteral("whole.kmk"));
    const QByteArray bytes = readAll(whole);
    const QString half = m_dir.filePath(QStringLiteral("half.kmk"));
    test::writeFile(half, bytes.left(bytes.size() / 2));
    QByteArray flippedBytes = bytes;
    for (qsizetype i = bytes.size() / 2; i < bytes.size() / 2 + 64; ++i)
        flippedBytes[i] = char(~flippedBytes[i]);
    const QString flipped = m_dir.filePath(QStringLiteral("flipped.kmk"));
    test::writeFile(flipped, flippedBytes);
    for (const QString& path : {half, flipped}) {
        Expect::formatError(path, {path + QStringLiteral(": damaged Kinemark project: ")});
        // Not guessed as CSV, so the import dialog does not preselect that.
        QCOMPARE(RecordingImporter::detect(path), RecordingImporter::Format::Auto);
        try {
            RecordingImporter::read(path, RecordingImporter::Format::Auto);
            QFAIL("read() did not throw");
        } catch (const FormatError& e) {
            QVERIFY2(e.describe().startsWith(path + QStringLiteral(": damaged Kinemark project: ")),
                     e.what());
        }
    }
    // A whole project is no recording; another program's HDF5 file is not damaged.
    QVERIFY_THROWS_EXCEPTION(FormatError,
                             RecordingImporter::read(whole, RecordingImporter::Format::Auto));
    const QString foreign = m_dir.filePath(QStringLiteral("foreign-undamaged.h5"));
    {
        Hdf5File f = Hdf5File::create(foreign);
        f.close();
    }
    try {
        ProjectFile::open(foreign);
        QFAIL("open() did not throw");
    } catch (const FormatError& e) {
        QVERIFY2(!e.message().contains(QStringLiteral("damaged")), e.what());
    }
}

void TestProjectFile::openRejectsNewerVersion()
{
    const QString path = savedProject(QStringLiteral("newer.kmk"));
    editFile(path, [](H5::H5File& f) {
        H5::Group root = f.openGroup("/");
        replaceIntAttribute(root, "format_version", 2);
    });
    Expect::formatError(
        path, {QStringLiteral("written by a newer Kinemark (format 2; this build reads 1)")});
}

void TestProjectFile::openRejectsMissingChannel()
{
    const QString path = savedProject(QStringLiteral("missing-channel.kmk"));
    editFile(path, [](H5::H5File& f) { f.unlink("/recordings/0000/sensors/01/05"); });
    Expect::formatError(path, {QStringLiteral("/recordings/0000/sensors/01/05"),
                               QStringLiteral("dataset is missing")});
}

void TestProjectFile::openRejectsCountsBeyondMembers()
{
    // A count attribute claiming 100 M members is refused before it drives a
    // loop or an allocation (the sensors were resized to it before: ~10 GB).
    struct Case
    {
        const char* object;
        const char* attribute;
    };
    const Case cases[] = {
        {"/recordings/0000/sensors", "count"},
        {"/recordings/0000/sensors/01", "channel_count"},
        {"/recordings", "count"},
        {"/recordings/0001/tracks", "count"},
        {"/label_sets", "count"},
        {"/models", "count"},
        {"/results", "count"},
    };
    const double before = test::peakMemoryMb();
    for (const Case& c : cases) {
        const QString path = savedProject(QStringLiteral("count-%1-%2.kmk")
                                              .arg(QString::fromLatin1(c.object).mid(1).replace(
                                                       QLatin1Char('/'), QLatin1Char('-')),
                                                   QString::fromLatin1(c.attribute)));
        editFile(path, [&](H5::H5File& f) {
            H5::Group g = f.openGroup(c.object);
            replaceIntAttribute(g, c.attribute, 100000000);
        });
        Expect::formatError(path, {QString::fromLatin1(c.object),
                                   QStringLiteral("is missing: attribute '%1' of %2 claims "
                                                  "100000000 members, but the group holds")
                                       .arg(c.attribute, c.object)});
    }
    QVERIFY2(
        test::peakMemoryMb() - before < 100,
        qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(test::peakMemoryMb() - before)));
}

void TestProjectFile::openRejectsExtentsBeyondStorage()
{
    // Datasets whose header claims billions of elements that were never
    // written (a file of a few KB): refused before anything is allocated.
    struct Case
    {
        const char* dataset;
        hsize_t n;
        H5::DataType type;
    };
    const H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
    const Case cases[] = {
        {"/recordings/0000/sensors/00/00", 1000000000, H5::PredType::IEEE_F32LE},
        {"/recordings/0000/tracks/01/start", 1000000000, H5::PredType::STD_I64LE},
        {"/recordings/0000/tracks/01/authors", 1000000000, text},
        {"/recordings/0000/tracks/02/probabilities/class_ids", 1000000000, H5::PredType::STD_I32LE},
        {"/recordings/0000/tracks/02/probabilities/values", 1000000000, H5::PredType::IEEE_F32LE},
        {"/models/01/data", 10000000000, H5::PredType::STD_U8LE},
    };
    const double before = test::peakMemoryMb();
    for (const Case& c : cases) {
        const QString path = savedProject(QStringLiteral("extent-%1.kmk")
                                              .arg(QString::fromLatin1(c.dataset).mid(1).replace(
                                                  QLatin1Char('/'), QLatin1Char('-'))));
        editFile(path,
                 [&](H5::H5File& f) { replaceByUnwrittenDataset(f, c.dataset, c.n, c.type); });
        QVERIFY(QFileInfo(path).size() < 50 * 1024 * 1024);
        Expect::formatError(path, {QString::fromLatin1(c.dataset),
                                   QStringLiteral("claims %1 values").arg(qulonglong(c.n)),
                                   QStringLiteral("the file stores only 0 bytes")});
    }
    QVERIFY2(
        test::peakMemoryMb() - before < 100,
        qPrintable(QStringLiteral("peak memory grew by %1 MB").arg(test::peakMemoryMb() - before)));
}

void TestProjectFile::openRejectsChannelLengthMismatch()
{
    const QString path = savedProject(QStringLiteral("length.kmk"));
    editFile(path, [&](H5::H5File& f) {
        std::vector<float> shorter = m_project.recordings[0]->sensors[1].channels[2].samples;
        shorter.resize(shorter.size() - 10);
        replaceDataset(f, "/recordings/0000/sensors/01/02", shorter, H5::PredType::IEEE_F32LE,
                       H5::PredType::NATIVE_FLOAT);
    });
    Expect::formatError(
        path, {QStringLiteral("/recordings/0000/sensors/01/02"), QStringLiteral("sample_count")});
}

void TestProjectFile::openRejectsOverlappingSegments()
{
    const QString path = savedProject(QStringLiteral("overlap.kmk"));
    editFile(path, [&](H5::H5File& f) {
        std::vector<int64_t> starts;
        for (const Segment& s : m_project.recordings[0]->tracks[1].segments())
            starts.push_back(s.start);
        starts[5] = m_project.recordings[0]->tracks[1].segments()[4].end - 1;
        replaceDataset(f, "/recordings/0000/tracks/01/start", starts, H5::PredType::STD_I64LE,
                       H5::PredType::NATIVE_INT64);
    });
    Expect::formatError(path,
                        {QStringLiteral("/recordings/0000/tracks/01"), QStringLiteral("overlaps")});
}

void TestProjectFile::openRejectsSegmentBeyondEnd()
{
    const QString path = savedProject(QStringLiteral("beyond.kmk"));
    editFile(path, [&](H5::H5File& f) {
        const std::vector<Segment>& segments = m_project.recordings[0]->tracks[0].segments();
        std::vector<int64_t> ends;
        for (const Segment& s : segments)
            ends.push_back(s.end);
        ends.back() = int64_t(m_project.recordings[0]->sampleCount()) + 1;
        replaceDataset(f, "/recordings/0000/tracks/00/end", ends, H5::PredType::STD_I64LE,
                       H5::PredType::NATIVE_INT64);
    });
    Expect::formatError(path, {QStringLiteral("/recordings/0000/tracks/00"),
                               QStringLiteral("after the end of the recording")});
}

void TestProjectFile::openRejectsMissingAttribute()
{
    const QString path = savedProject(QStringLiteral("attr.kmk"));
    editFile(path, [](H5::H5File& f) {
        f.openDataSet("/recordings/0001/sensors/00/02").removeAttr("unit");
    });
    Expect::formatError(path, {QStringLiteral("/recordings/0001/sensors/00/02"),
                               QStringLiteral("attribute 'unit' is missing")});

    const QString path2 = savedProject(QStringLiteral("attr2.kmk"));
    editFile(path2,
             [](H5::H5File& f) { f.openGroup("/recordings/0000").removeAttr("sample_rate_hz"); });
    Expect::formatError(
        path2, {QStringLiteral("/recordings/0000"), QStringLiteral("'sample_rate_hz' is missing")});
}

void TestProjectFile::openRejectsWrongTypes()
{
    // A channel stored as integers, a count stored as a string.
    const QString path = savedProject(QStringLiteral("type.kmk"));
    editFile(path, [&](H5::H5File& f) {
        std::vector<int32_t> ints(m_project.recordings[1]->sampleCount(), 3);
        replaceDataset(f, "/recordings/0001/sensors/00/00", ints, H5::PredType::STD_I32LE,
                       H5::PredType::NATIVE_INT32);
    });
    Expect::formatError(path, {QStringLiteral("/recordings/0001/sensors/00/00"),
                               QStringLiteral("not a floating-point dataset")});

    const QString path2 = savedProject(QStringLiteral("type2.kmk"));
    editFile(path2, [](H5::H5File& f) {
        H5::Group g = f.openGroup("/recordings/0000/tracks");
        g.removeAttr("count");
        H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
        g.createAttribute("count", type, H5::DataSpace(H5S_SCALAR)).write(type, std::string("4"));
    });
    Expect::formatError(path2, {QStringLiteral("/recordings/0000/tracks"),
                                QStringLiteral("attribute 'count' is not an integer")});
}

void TestProjectFile::openRejectsBadLabelSet()
{
    const QString path = savedProject(QStringLiteral("labelset.kmk"));
    editFile(path, [](H5::H5File& f) {
        f.unlink("/label_sets/01");
        H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
        H5::DataSet d = f.createDataSet("/label_sets/01", type, H5::DataSpace(H5S_SCALAR));
        d.write(std::string("{\"id\": \"study-7\", \"classes\": [ {\"id\": 1 "), type);
    });
    Expect::formatError(path, {QStringLiteral("/label_sets/01")});
}

void TestProjectFile::openRejectsBadAuthorIndex()
{
    const QString path = savedProject(QStringLiteral("author.kmk"));
    editFile(path, [&](H5::H5File& f) {
        std::vector<int32_t> index(m_project.recordings[0]->tracks[1].size(), 0);
        index[3] = 99;
        replaceDataset(f, "/recordings/0000/tracks/01/author", index, H5::PredType::STD_I32LE,
                       H5::PredType::NATIVE_INT32);
    });
    Expect::formatError(
        path, {QStringLiteral("/recordings/0000/tracks/01/author"), QStringLiteral("author 99")});
}

void TestProjectFile::openRejectsCorruptChunk()
{
    const QString path = savedProject(QStringLiteral("corrupt.kmk"));
    editFile(path, [](H5::H5File& f) {
        H5::DataSet d = f.openDataSet("/recordings/0000/sensors/00/01");
        const hsize_t offset = hsize_t(1)
                               << 18; // a chunk boundary for any power-of-two chunk up to 256 Ki
        std::vector<unsigned char> garbage(5000, 0xA5);
        QVERIFY(H5Dwrite_chunk(d.getId(), H5P_DEFAULT, 0, &offset, garbage.size(),
                               garbage.data()) >= 0);
    });
    Expect::formatError(path, {QStringLiteral("/recordings/0000/sensors/00/01"),
                               QStringLiteral("chunk at element 262144")});
}

void TestProjectFile::openReadsDatasetsWrittenByHdf5()
{
    // Channels written by HDF5's own filters (shuffle + deflate, as h5py would),
    // deflate only, and contiguous: all read back exactly.
    const QString path = savedProject(QStringLiteral("foreign-datasets.kmk"));
    const Recording& r = *m_project.recordings[0];
    editFile(path, [&](H5::H5File& f) {
        const hsize_t chunk = 100000;
        H5::DSetCreatPropList standard;
        standard.setChunk(1, &chunk);
        standard.setShuffle();
        standard.setDeflate(4);
        replaceDataset(f, "/recordings/0000/sensors/00/00", r.sensors[0].channels[0].samples,
                       H5::PredType::IEEE_F32LE, H5::PredType::NATIVE_FLOAT, standard);
        H5::DSetCreatPropList deflateOnly;
        deflateOnly.setChunk(1, &chunk);
        deflateOnly.setDeflate(6);
        replaceDataset(f, "/recordings/0000/sensors/00/01", r.sensors[0].channels[1].samples,
                       H5::PredType::IEEE_F32LE, H5::PredType::NATIVE_FLOAT, deflateOnly);
        replaceDataset(f, "/recordings/0000/sensors/00/02", r.sensors[0].channels[2].samples,
                       H5::PredType::IEEE_F32LE, H5::PredType::NATIVE_FLOAT);
        // Big-endian on disk: HDF5 converts, still bit-exact.
        replaceDataset(f, "/recordings/0000/sensors/01/00", r.sensors[1].channels[0].samples,
                       H5::PredType::IEEE_F32BE, H5::PredType::NATIVE_FLOAT, standard);
    });
    compareProjects(ProjectFile::open(path), m_project);
}

void TestProjectFile::openCancelled()
{
    const QString path = savedProject(QStringLiteral("open-cancel.kmk"));
    std::atomic<bool> cancel{false};
    JobControl job;
    job.cancelRequested = &cancel;
    job.progress = [&](double f, const QString&) {
        if (f > 0.3)
            cancel = true;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, ProjectFile::open(path, &job));
}

void TestProjectFile::wrapperChunkEdges()
{
    // Chunk sizes that do and do not divide the length, one thread and several,
    // int and float; read back through our fast path.
    const QString path = m_dir.filePath(QStringLiteral("wrapper.h5"));
    QFile::remove(path);
    std::vector<float> floats = makeSignal(10007, 5);
    std::vector<int64_t> longs(10007);
    for (size_t i = 0; i < longs.size(); ++i)
        longs[i] = int64_t(i) * 1000003 - 7;
    struct Case
    {
        size_t chunk;
        int threads;
        size_t inFlight;
    };
    const Case cases[] = {{1000, 1, 1},  {1000, 2, 1}, {1000, 3, 2}, {10007, 2, 0},
                          {20000, 2, 0}, {1, 2, 3},    {333, 4, 0}};
    {
        Hdf5File f = Hdf5File::create(path);
        {
            Hdf5Group root = f.root();
            int k = 0;
            for (const Case& c : cases) {
                Hdf5ArrayOptions o;
                o.chunkElements = c.chunk;
                o.threads = c.threads;
                o.inFlight = c.inFlight;
                o.compressFromBytes = 0;
                const size_t n = c.chunk == 1 ? 50 : floats.size();
                root.writeFloats(QStringLiteral("f%1").arg(k), floats.data(), n, o);
                root.writeInt64s(QStringLiteral("l%1").arg(k), longs.data(), n, o);
                ++k;
            }
        } // every handle must be gone before close()
        f.close();
    }
    Hdf5File f = Hdf5File::openReadOnly(path);
    const Hdf5Group root = f.root();
    int k = 0;
    for (const Case& c : cases) {
        const size_t n = c.chunk == 1 ? 50 : floats.size();
        const Hdf5Dataset fd = root.dataset(QStringLiteral("f%1").arg(k));
        QVERIFY(fd.isChunked());
        QCOMPARE(fd.chunkElements(), std::min(c.chunk, n));
        std::vector<float> gotFloats(n);
        Hdf5ArrayOptions o;
        o.threads = c.threads;
        o.inFlight = c.inFlight;
        fd.readFloats(gotFloats.data(), n, o);
        QVERIFY(std::memcmp(gotFloats.data(), floats.data(), n * sizeof(float)) == 0);
        std::vector<int64_t> gotLongs(n);
        root.dataset(QStringLiteral("l%1").arg(k)).readInt64s(gotLongs.data(), n, o);
        QVERIFY(std::equal(gotLongs.begin(), gotLongs.end(), longs.begin()));
        // Wrong element class and wrong count are reported with the path.
        std::vector<int32_t> ints(n);
        try {
            fd.readInt32s(ints.data(), n);
            QFAIL("no error");
        } catch (const FormatError& e) {
            QVERIFY(e.message().contains(QStringLiteral("/f%1").arg(k)));
        }
        ++k;
    }
}

void TestProjectFile::wrapperReadsUnwrittenChunks()
{
    // Another writer may leave chunks unwritten (they read as the fill value);
    // the fast path hands those to HDF5.
    const QString path = m_dir.filePath(QStringLiteral("partial.h5"));
    {
        H5::Exception::dontPrint();
        H5::H5File file(QFile::encodeName(path).toStdString(), H5F_ACC_TRUNC);
        const hsize_t n = 1000, chunk = 100, written = 250;
        H5::DSetCreatPropList plist;
        plist.setChunk(1, &chunk);
        plist.setShuffle();
        plist.setDeflate(1);
        const float fill = 7.5f;
        plist.setFillValue(H5::PredType::NATIVE_FLOAT, &fill);
        H5::DataSet d =
            file.createDataSet("x", H5::PredType::IEEE_F32LE, H5::DataSpace(1, &n), plist);
        std::vector<float> head(written);
        for (size_t i = 0; i < head.size(); ++i)
            head[i] = float(i);
        H5::DataSpace selection = d.getSpace();
        const hsize_t start = 0;
        selection.selectHyperslab(H5S_SELECT_SET, &written, &start);
        d.write(head.data(), H5::PredType::NATIVE_FLOAT, H5::DataSpace(1, &written), selection);
    }
    Hdf5File file = Hdf5File::openReadOnly(path);
    std::vector<float> values(1000);
    file.root().dataset(QStringLiteral("x")).readFloats(values.data(), values.size());
    QCOMPARE(values[0], 0.0f);
    QCOMPARE(values[249], 249.0f);
    QCOMPARE(values[250], 7.5f);
    QCOMPARE(values[999], 7.5f);

    // close() refuses while a handle is open, and works once it is gone.
    {
        const Hdf5Group root = file.root();
        QVERIFY_THROWS_EXCEPTION(FormatError, file.close());
    }
    file.close();
}

void TestProjectFile::shuffleDeflateMatchesZlib()
{
    // Our chunk codec against zlib's plain uncompress and a naive unshuffle,
    // on data with noisy and constant byte planes (stored and RLE paths).
    std::vector<float> data = makeSignal(5000, 9);
    for (size_t i = 0; i < 1000; ++i)
        data[i] = 1.0f; // constant run
    std::vector<unsigned char> scratch, out;
    ShuffleDeflate::compress(data.data(), 4000, 4, 4096, scratch, out);
    std::vector<float> back(4000);
    QString error;
    QVERIFY(ShuffleDeflate::decompress(out.data(), out.size(), 0, 4, 4096, back.data(), 4000,
                                       scratch, &error));
    QVERIFY(std::memcmp(back.data(), data.data(), 4000 * sizeof(float)) == 0);
    // Truncated stream -> error, not a crash.
    QVERIFY(!ShuffleDeflate::decompress(out.data(), out.size() / 2, 0, 4, 4096, back.data(), 4000,
                                        scratch, &error));
    QVERIFY(!error.isEmpty());
}

void TestProjectFile::h5pyReadsOurFile()
{
    // The compressed chunks we write ourselves must decode with the stock
    // HDF5 filters in another reader.
    const QString python = QStringLiteral("/usr/bin/python3");
    if (!QFileInfo::exists(python))
        QSKIP("no /usr/bin/python3");
    QProcess probe;
    probe.start(python, {QStringLiteral("-c"), QStringLiteral("import h5py, numpy")});
    probe.waitForFinished(60000);
    if (probe.exitCode() != 0)
        QSKIP("python3-h5py is not installed (apt-get install python3-h5py)");

    const QString path = savedProject(QStringLiteral("h5py.kmk"));
    const QString script =
        QStringLiteral("import sys, h5py, numpy as np\n"
                       "f = h5py.File(sys.argv[1], 'r')\n"
                       "print(f.attrs['format'])\n"
                       "r = f['recordings/0000']\n"
                       "for s in ('00', '01'):\n"
                       "    g = r['sensors'][s]\n"
                       "    for c in sorted(k for k in g.keys()):\n"
                       "        d = g[c]\n"
                       "        a = d[...]\n"
                       "        print(d.compression, d.shuffle, a.dtype, len(a), "
                       "a.view(np.uint32).astype(np.uint64).sum())\n"
                       "t = r['tracks/00']\n"
                       "print(int(t['start'][...].sum()), [x.decode() if isinstance(x, bytes) else "
                       "x for x in t['authors'][...]])\n");
    QProcess py;
    py.start(python, {QStringLiteral("-c"), script, path});
    QVERIFY(py.waitForFinished(120000));
    const QString output = QString::fromUtf8(py.readAllStandardOutput());
    QVERIFY2(py.exitCode() == 0, qPrintable(QString::fromUtf8(py.readAllStandardError())));
    const QStringList lines = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.value(0), QStringLiteral("kinemark-project"));
    const Recording& r = *m_project.recordings[0];
    QCOMPARE(lines.size(), int(1 + r.channelCount() + 1));
    for (size_t c = 0; c < r.channelCount(); ++c) {
        const std::vector<float>& s = r.channel(c).samples;
        quint64 sum = 0;
        for (float v : s) {
            uint32_t bits;
            std::memcpy(&bits, &v, 4);
            sum += bits;
        }
        QCOMPARE(lines[int(1 + c)],
                 QStringLiteral("gzip True float32 %1 %2").arg(s.size()).arg(sum));
    }
    qint64 startSum = 0;
    for (const Segment& s : r.tracks[0].segments())
        startSum += s.start;
    QVERIFY2(lines.last().startsWith(QString::number(startSum)), qPrintable(lines.last()));
}

QTEST_GUILESS_MAIN(TestProjectFile)
#include "tst_projectfile.moc"
