// Videos attached to recordings (issue #19), in core: the time mapping, offset
// and drift from sync pairs, paths relative to the project, the fingerprint
// that notices a changed file, relocation, the project file and the edit that
// undo and the journal replay.
#include "core/editing/EditJournal.h"
#include "core/editing/ProjectEdit.h"
#include "core/project/ProjectFile.h"
#include "core/video/VideoAttachment.h"
#include "core/video/VideoFingerprint.h"
#include "core/video/VideoLocator.h"
#include "core/video/VideoSync.h"
#include "tests/support/CaughtFormatError.h"
#include "tests/support/TestSupport.h"

#include <H5Cpp.h>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <functional>
#include <limits>

using namespace kinemark;

namespace {
// A recording of two seconds at 50 Hz: enough for the project file.
Recording smallRecording(const QString& id)
{
    Recording r;
    r.id = id;
    r.subjectId = QStringLiteral("1");
    r.sampleRateHz = 50;
    Sensor s;
    s.name = QStringLiteral("thigh");
    for (const char* axis : {"x", "y", "z"}) {
        Channel c;
        c.name = QString::fromLatin1(axis);
        c.quantity = QStringLiteral("acceleration");
        c.unit = QStringLiteral("g");
        c.samples.assign(100, 0.25f);
        s.channels.push_back(c);
    }
    r.sensors.push_back(s);
    return r;
}

Project twoRecordings()
{
    Project p;
    p.name = QStringLiteral("videos");
    p.addRecording(smallRecording(QStringLiteral("day1")));
    p.addRecording(smallRecording(QStringLiteral("day2")));
    return p;
}

// Bytes that differ per position, so that a changed byte changes a hash.
QByteArray pattern(qint64 size, int seed)
{
    QByteArray b(size, Qt::Uninitialized);
    for (qint64 i = 0; i < size; ++i)
        b[i] = char((i * 31 + seed * 7 + (i >> 11)) & 0xff);
    return b;
}

VideoAttachment attachment(const QString& path, double offset, double drift)
{
    VideoAttachment v;
    v.path = path;
    v.offsetS = offset;
    v.driftPpm = drift;
    v.sizeBytes = 1234;
    v.hash = QStringLiteral("00ff");
    return v;
}

void editFile(const QString& path, const std::function<void(H5::H5File&)>& edit)
{
    H5::Exception::dontPrint();
    H5::H5File file(QFile::encodeName(path).toStdString(), H5F_ACC_RDWR);
    edit(file);
    file.close();
}

void replaceAttribute(H5::H5Object& object, const char* name, const H5::DataType& type,
                      const void* value, const H5::DataType& memType)
{
    if (object.attrExists(name))
        object.removeAttr(name);
    H5::Attribute a = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
    a.write(memType, value);
}
} // namespace

class TestVideo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void timeMapsBothWays()
    {
        const VideoAttachment v = attachment(QStringLiteral("a.mp4"), 12.5, 250);
        QCOMPARE(v.recordingTimeAt(0), 12.5);
        // 1000 video seconds are 1000.25 recording seconds at +250 ppm.
        QVERIFY(std::abs(v.recordingTimeAt(1000) - 1012.75) < 1e-9);
        for (double t : {0.0, 1.0, 37.04, 3600.0, -5.0})
            QVERIFY(std::abs(v.videoTimeAt(v.recordingTimeAt(t)) - t) < 1e-9);
        QVERIFY(std::abs(v.videoTimeAt(12.5 + 100.025) - 100.0) < 1e-9);
    }

    void onePairGivesTheOffsetAndKeepsTheDrift()
    {
        const VideoSync::Result r = VideoSync::fromPairs({{4.0, 30.0}});
        QVERIFY2(r.ok, qPrintable(r.refusal));
        QCOMPARE(r.offsetS, 26.0);
        QCOMPARE(r.driftPpm, 0.0);
        // With a drift already measured, the pair moves the offset only.
        const VideoSync::Result kept = VideoSync::fromPairs({{1000.0, 1100.0}}, 500);
        QVERIFY(kept.ok);
        QCOMPARE(kept.driftPpm, 500.0);
        VideoAttachment v;
        v.offsetS = kept.offsetS;
        v.driftPpm = kept.driftPpm;
        QVERIFY(std::abs(v.recordingTimeAt(1000.0) - 1100.0) < 1e-9);
    }

    void twoPairsGiveOffsetAndDrift()
    {
        // A camera started 7.3 s after the sensor's sample 0 whose clock runs
        // 180 ppm slow: claps at video 2 s and 5402 s.
        VideoAttachment truth;
        truth.offsetS = 7.3;
        truth.driftPpm = 180;
        const VideoSync::Result r = VideoSync::fromPairs(
            {{2.0, truth.recordingTimeAt(2.0)}, {5402.0, truth.recordingTimeAt(5402.0)}}, -40);
        QVERIFY2(r.ok, qPrintable(r.refusal));
        QVERIFY2(std::abs(r.offsetS - 7.3) < 1e-7, qPrintable(QString::number(r.offsetS, 'g', 12)));
        QVERIFY2(std::abs(r.driftPpm - 180) < 1e-4, qPrintable(QString::number(r.driftPpm)));
        QCOMPARE(r.pairCount, 2);
        // The order of the pairs does not matter.
        const VideoSync::Result swapped = VideoSync::fromPairs(
            {{5402.0, truth.recordingTimeAt(5402.0)}, {2.0, truth.recordingTimeAt(2.0)}});
        QVERIFY(std::abs(swapped.offsetS - r.offsetS) < 1e-9);
    }

    void morePairsAreFittedByLeastSquares()
    {
        // Five claps, each marked a frame (40 ms) off either way.
        VideoAttachment truth;
        truth.offsetS = -3.5;
        truth.driftPpm = -75;
        const double jitter[] = {0.04, -0.04, 0.0, 0.04, -0.04};
        std::vector<VideoSync::Pair> pairs;
        for (int i = 0; i < 5; ++i) {
            const double video = 10.0 + 900.0 * i;
            pairs.push_back({video, truth.recordingTimeAt(video) + jitter[i]});
        }
        const VideoSync::Result r = VideoSync::fromPairs(pairs);
        QVERIFY2(r.ok, qPrintable(r.refusal));
        QCOMPARE(r.pairCount, 5);
        QVERIFY(std::abs(r.offsetS - truth.offsetS) < 0.04);
        QVERIFY(std::abs(r.driftPpm - truth.driftPpm) < 30);
        QVERIFY(r.rmsResidualS > 0.01 && r.rmsResidualS < 0.05);
        // Two of those pairs alone are met exactly, so their result differs.
        const VideoSync::Result two = VideoSync::fromPairs({pairs[0], pairs[1]});
        QVERIFY(two.ok);
        QVERIFY(std::abs(two.driftPpm - r.driftPpm) > 1);
    }

    void impossiblePairsAreRefused_data()
    {
        QTest::addColumn<std::vector<VideoSync::Pair>>("pairs");
        QTest::addColumn<QString>("reason");
        const double nan = std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("none") << std::vector<VideoSync::Pair>{} << QStringLiteral("no sync pair");
        QTest::newRow("same video time") << std::vector<VideoSync::Pair>{{5.0, 10.0}, {5.0, 20.0}}
                                         << QStringLiteral("same video time");
        QTest::newRow("nearly the same video time")
            << std::vector<VideoSync::Pair>{{5.0, 10.0}, {5.2, 10.2}}
            << QStringLiteral("same video time");
        // 100 video seconds against 110 recording seconds: 10 % (100000 ppm).
        QTest::newRow("drift beyond 10000 ppm")
            << std::vector<VideoSync::Pair>{{0.0, 0.0}, {100.0, 110.0}}
            << QStringLiteral("beyond +-10000 ppm");
        QTest::newRow("not a number")
            << std::vector<VideoSync::Pair>{{nan, 1.0}} << QStringLiteral("not a finite number");
    }

    void impossiblePairsAreRefused()
    {
        QFETCH(std::vector<VideoSync::Pair>, pairs);
        QFETCH(QString, reason);
        const VideoSync::Result r = VideoSync::fromPairs(pairs);
        QVERIFY(!r.ok);
        QVERIFY2(r.refusal.contains(reason), qPrintable(r.refusal));
    }

    void pathsAreStoredRelativeToTheProjectWherePossible()
    {
        QTemporaryDir dir;
        const QString root = QDir::cleanPath(dir.path());
        const VideoLocator locator(root + QStringLiteral("/study/project/p.kmk"));
        QCOMPARE(locator.storedPath(root + QStringLiteral("/study/project/videos/a.mp4")),
                 QStringLiteral("videos/a.mp4"));
        QCOMPARE(locator.storedPath(root + QStringLiteral("/study/videos/a.mp4")),
                 QStringLiteral("../videos/a.mp4"));
        QCOMPARE(locator.storedPath(root + QStringLiteral("/elsewhere/a.mp4")),
                 root + QStringLiteral("/elsewhere/a.mp4"));
        QCOMPARE(locator.absolutePath(QStringLiteral("../videos/a.mp4")),
                 root + QStringLiteral("/study/videos/a.mp4"));
        QCOMPARE(locator.absolutePath(root + QStringLiteral("/elsewhere/a.mp4")),
                 root + QStringLiteral("/elsewhere/a.mp4"));
        // A project not saved yet has no folder: absolute.
        QCOMPARE(VideoLocator().storedPath(root + QStringLiteral("/study/videos/a.mp4")),
                 root + QStringLiteral("/study/videos/a.mp4"));
        // Save As into another folder: the same file, stored for the new place.
        const VideoLocator moved(root + QStringLiteral("/study/p2.kmk"));
        VideoAttachment v = attachment(QStringLiteral("videos/a.mp4"), 1, 2);
        QCOMPARE(moved.rebased(v, locator).path, QStringLiteral("project/videos/a.mp4"));
        QCOMPARE(moved.rebased(v, locator).offsetS, 1.0);
        Project p = twoRecordings();
        p.setVideos(QStringLiteral("day2"),
                    {v, attachment(QStringLiteral("/media/cam/b.mp4"), 0, 0)});
        QCOMPARE(moved.rebaseAll(p, locator), 1);
        QCOMPARE(p.videos(QStringLiteral("day2"))[0].path, QStringLiteral("project/videos/a.mp4"));
        QCOMPARE(p.videos(QStringLiteral("day2"))[1].path, QStringLiteral("/media/cam/b.mp4"));
        QCOMPARE(moved.absolutePath(p.videos(QStringLiteral("day2"))[0]), locator.absolutePath(v));
    }

    void fingerprintNoticesAChangedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("walk.mp4"));
        test::writeFile(path, pattern(3 << 20, 1));
        const VideoLocator locator(dir.filePath(QStringLiteral("p.kmk")));
        const VideoAttachment v = locator.attach(path, 2.5, 30);
        QCOMPARE(v.path, QStringLiteral("walk.mp4"));
        QCOMPARE(v.sizeBytes, qint64(3 << 20));
        QCOMPARE(v.hash.size(), 64);
        QCOMPARE(locator.check(v).status, VideoLocator::Status::Ok);
        QVERIFY(locator.check(v).message.isEmpty());

        // The same size, another first byte: the content hash differs.
        QByteArray bytes = pattern(3 << 20, 1);
        bytes[0] = char(bytes[0] ^ 0x5a);
        test::writeFile(path, bytes);
        VideoLocator::Check c = locator.check(v);
        QCOMPARE(c.status, VideoLocator::Status::Changed);
        QVERIFY2(c.message.contains(path), qPrintable(c.message));
        // The last byte likewise.
        bytes = pattern(3 << 20, 1);
        bytes[bytes.size() - 1] = char(bytes.back() ^ 0x5a);
        test::writeFile(path, bytes);
        QCOMPARE(locator.check(v).status, VideoLocator::Status::Changed);
        // Another size.
        test::writeFile(path, pattern((3 << 20) + 1, 1));
        c = locator.check(v);
        QCOMPARE(c.status, VideoLocator::Status::Changed);
        QVERIFY2(c.message.contains(QString::number((3 << 20) + 1)), qPrintable(c.message));
        // The middle of a file beyond 2 MiB is not read (the price of
        // checking a 4 GB video in milliseconds): documented, and pinned here.
        bytes = pattern(3 << 20, 1);
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x5a);
        test::writeFile(path, bytes);
        QCOMPARE(locator.check(v).status, VideoLocator::Status::Ok);

        QFile::remove(path);
        c = locator.check(v);
        QCOMPARE(c.status, VideoLocator::Status::Missing);
        QVERIFY2(c.message.contains(QStringLiteral("walk.mp4")), qPrintable(c.message));
        QCOMPARE(VideoLocator::statusName(c.status), QStringLiteral("missing"));
    }

    void movingAndRelocatingKeepsTheOffset()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("videos"));
        QDir(dir.path()).mkpath(QStringLiteral("archive/2026"));
        const QString original = dir.filePath(QStringLiteral("videos/visit.mkv"));
        test::writeFile(original, pattern(5000, 3));
        // A decoy of the same name but other content, found first by name.
        test::writeFile(dir.filePath(QStringLiteral("archive/visit.mkv")), pattern(5000, 4));
        const VideoLocator locator(dir.filePath(QStringLiteral("p.kmk")));
        const VideoAttachment v = locator.attach(original, -12.25, 42);

        const QString moved = dir.filePath(QStringLiteral("archive/2026/visit.mkv"));
        QVERIFY(QFile::rename(original, moved));
        QCOMPARE(locator.check(v).status, VideoLocator::Status::Missing);

        const QString found = locator.findMoved(v, dir.path());
        QCOMPARE(found, QDir::cleanPath(moved));
        const VideoLocator::Relocation r = locator.relocate(v, found);
        QVERIFY2(r.warning.isEmpty(), qPrintable(r.warning));
        QCOMPARE(r.attachment.path, QStringLiteral("archive/2026/visit.mkv"));
        QCOMPARE(r.attachment.offsetS, -12.25);
        QCOMPARE(r.attachment.driftPpm, 42.0);
        QCOMPARE(locator.check(r.attachment).status, VideoLocator::Status::Ok);

        // Renamed too: found by size and hash.
        const QString renamed = dir.filePath(QStringLiteral("archive/2026/visit-copy.mkv"));
        QVERIFY(QFile::rename(moved, renamed));
        QCOMPARE(locator.findMoved(v, dir.path()), QDir::cleanPath(renamed));

        // Relocating to another file keeps the sync but warns.
        const VideoLocator::Relocation other =
            locator.relocate(v, dir.filePath(QStringLiteral("archive/visit.mkv")));
        QCOMPARE(other.attachment.offsetS, -12.25);
        QVERIFY2(other.warning.contains(QStringLiteral("not the file that was attached")),
                 qPrintable(other.warning));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 locator.relocate(v, dir.filePath(QStringLiteral("nothing.mp4"))));
        QFile::remove(renamed);
        QVERIFY(locator.findMoved(v, dir.path()).isEmpty());
    }

    void attachmentsSurviveSaveAndReopen()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.kmk"));
        Project p = twoRecordings();
        // Without videos, a project is written as before: no 'videos' group.
        ProjectFile::save(p, path);
        {
            H5::Exception::dontPrint();
            H5::H5File f(QFile::encodeName(path).toStdString(), H5F_ACC_RDONLY);
            QVERIFY(!f.nameExists("/recordings/0000/videos"));
        }
        QVERIFY(ProjectFile::open(path).videos(QStringLiteral("day1")).empty());

        const std::vector<VideoAttachment> videos{
            attachment(QStringLiteral("videos/chest.mp4"), 3.25, -120.5),
            attachment(QStringLiteral("/media/cam2/side ✓.mkv"), -0.04, 0)};
        p.setVideos(QStringLiteral("day2"), videos);
        ProjectFile::save(p, path);
        const Project back = ProjectFile::open(path);
        QVERIFY(back.videos(QStringLiteral("day1")).empty());
        QCOMPARE(back.videos(QStringLiteral("day2")).size(), size_t(2));
        QVERIFY(back.videos(QStringLiteral("day2")) == videos);
        QVERIFY(back.videos(QStringLiteral("nope")).empty());
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, p.setVideos(QStringLiteral("nope"), videos));

        // A clone keeps them; renaming a recording keeps them, removing it removes them.
        QVERIFY(back.recording(QStringLiteral("day2"))->clone().videos == videos);
        Project q = ProjectFile::open(path);
        q.recording(QStringLiteral("day2"))->id = QStringLiteral("day two");
        QVERIFY(q.videos(QStringLiteral("day two")) == videos);
        QVERIFY(q.videos(QStringLiteral("day2")).empty());
        q.recordings.pop_back();
        QVERIFY(q.videos(QStringLiteral("day two")).empty());
        ProjectFile::save(q, path);
        QVERIFY(ProjectFile::open(path).videos(QStringLiteral("day two")).empty());
    }

    void hostileAttachmentsAreRefused_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("message");
        QTest::newRow("negative count") << "count"
                                        << "attribute 'count' (-3) is not a valid count";
        QTest::newRow("count beyond members") << "count9"
                                              << "claims 9 members";
        QTest::newRow("NaN offset") << "nan"
                                    << "offset_s is not a finite number";
        QTest::newRow("absurd drift") << "drift"
                                      << "drift_ppm (1e+09) is beyond +-10000 ppm";
        QTest::newRow("huge path") << "path"
                                   << "the path has 1000000 characters";
        QTest::newRow("size below -1") << "size"
                                       << "size_bytes (-7) is negative";
        QTest::newRow("hash not hex") << "hash"
                                      << "not lower-case hexadecimal";
    }

    void hostileAttachmentsAreRefused()
    {
        QFETCH(QString, what);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hostile.kmk"));
        Project p = twoRecordings();
        p.setVideos(QStringLiteral("day1"), {attachment(QStringLiteral("a.mp4"), 1, 2)});
        ProjectFile::save(p, path);
        editFile(path, [&](H5::H5File& f) {
            H5::Group videos = f.openGroup("/recordings/0000/videos");
            H5::Group member = f.openGroup("/recordings/0000/videos/00");
            const H5::StrType text(H5::PredType::C_S1, H5T_VARIABLE);
            if (what == QLatin1String("count") || what == QLatin1String("count9")) {
                const int64_t n = what == QLatin1String("count") ? -3 : 9;
                replaceAttribute(videos, "count", H5::PredType::STD_I64LE, &n,
                                 H5::PredType::NATIVE_INT64);
            } else if (what == QLatin1String("nan") || what == QLatin1String("drift")) {
                const double value =
                    what == QLatin1String("nan") ? std::numeric_limits<double>::quiet_NaN() : 1e9;
                replaceAttribute(member, what == QLatin1String("nan") ? "offset_s" : "drift_ppm",
                                 H5::PredType::IEEE_F64LE, &value, H5::PredType::NATIVE_DOUBLE);
            } else if (what == QLatin1String("size")) {
                const int64_t n = -7;
                replaceAttribute(member, "size_bytes", H5::PredType::STD_I64LE, &n,
                                 H5::PredType::NATIVE_INT64);
            } else {
                const std::string s = what == QLatin1String("path") ? std::string(1000000, 'a')
                                                                    : std::string("not hex!");
                const char* c = s.c_str();
                replaceAttribute(member, what == QLatin1String("path") ? "path" : "hash", text, &c,
                                 text);
            }
        });
        const test::Caught caught = test::catchFormatError([&] { ProjectFile::open(path); });
        QVERIFY(caught.thrown);
        QVERIFY2(caught.text.contains(message), qPrintable(caught.text.left(400)));
        QVERIFY2(caught.text.contains(QStringLiteral("hostile.kmk")),
                 qPrintable(caught.text.left(400)));
        QVERIFY2(caught.text.contains(QStringLiteral("/recordings/0000/videos")),
                 qPrintable(caught.text.left(400)));
        QVERIFY(caught.text.size() < 2000); // a huge path is not echoed whole
    }

    void undoOfAnOffsetChangeRestoresIt()
    {
        Project p = twoRecordings();
        const VideoAttachment before = attachment(QStringLiteral("a.mp4"), 1.5, 0);
        p.setVideos(QStringLiteral("day1"), {before});
        VideoAttachment after = before;
        after.offsetS = 1.54; // nudged by a frame
        const ProjectEdit edit = ProjectEdit::setVideos(QStringLiteral("day1"), {before}, {after});
        QCOMPARE(edit.kind(), ProjectEdit::Kind::SetVideos);
        edit.apply(p);
        QCOMPARE(p.videos(QStringLiteral("day1")).front().offsetS, 1.54);
        edit.inverted().apply(p);
        QCOMPARE(p.videos(QStringLiteral("day1")).front().offsetS, 1.5);
        QVERIFY(edit.inverted().inverted() == edit);

        // Attach and detach are the same edit.
        const VideoAttachment second = attachment(QStringLiteral("b.mp4"), 0, 0);
        const ProjectEdit attach =
            ProjectEdit::setVideos(QStringLiteral("day1"), {before}, {before, second});
        attach.apply(p);
        QCOMPARE(p.videos(QStringLiteral("day1")).size(), size_t(2));
        attach.inverted().apply(p);
        QVERIFY(p.videos(QStringLiteral("day1")) == std::vector<VideoAttachment>{before});
        QVERIFY(p.videos(QStringLiteral("day2")).empty());
        QVERIFY_THROWS_EXCEPTION(
            std::runtime_error,
            ProjectEdit::setVideos(QStringLiteral("gone"), {}, {before}).apply(p));
    }

    void journalRoundTripsAndReplaysVideoEdits()
    {
        const VideoAttachment before = attachment(QStringLiteral("videos/a.mp4"), 1.5, -3);
        VideoAttachment after = before;
        after.offsetS = 1.5 + 1.0 / 30;
        after.driftPpm = 211.25;
        const ProjectEdit edit = ProjectEdit::setVideos(QStringLiteral("day1"), {before}, {after});
        const QByteArray text = QJsonDocument(edit.toJson()).toJson(QJsonDocument::Compact);
        const ProjectEdit back = ProjectEdit::fromJson(QJsonDocument::fromJson(text).object());
        QVERIFY(back == edit);
        QCOMPARE(back.videosAfter().front().offsetS, after.offsetS);

        // A crash after the edit: the journal brings it back onto the saved project.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.kmk"));
        Project p = twoRecordings();
        p.setVideos(QStringLiteral("day1"), {before});
        EditJournal::stamp(p, EditJournal::newLineage(), 0);
        ProjectFile::save(p, path);
        {
            EditJournal journal;
            journal.start(EditJournal::pathFor(path), EditJournal::lineageOf(p), 0);
            journal.append(QStringLiteral("anna"), 1, QStringLiteral("Video offset"), {edit});
            journal.sync();
        }
        Project reopened = ProjectFile::open(path);
        const JournalContents contents = EditJournal::read(EditJournal::pathFor(path));
        QString why;
        const std::vector<JournalEntry> pending =
            EditJournal::pendingEntries(reopened, contents, &why);
        QCOMPARE(pending.size(), size_t(1));
        EditJournal::replay(reopened, pending);
        QVERIFY(reopened.videos(QStringLiteral("day1")) == std::vector<VideoAttachment>{after});

        // A journal record with an out-of-bounds drift is refused.
        QJsonObject bad = edit.toJson();
        QJsonArray afterArray = bad.value("after").toArray();
        QJsonObject v = afterArray[0].toObject();
        v["drift_ppm"] = 5e6;
        afterArray[0] = v;
        bad["after"] = afterArray;
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, ProjectEdit::fromJson(bad));
        bad = edit.toJson();
        bad.remove("recording");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, ProjectEdit::fromJson(bad));
    }
};

QTEST_GUILESS_MAIN(TestVideo)
#include "tst_video.moc"
