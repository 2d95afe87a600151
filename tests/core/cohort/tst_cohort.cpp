// core/cohort: the manifest read as untrusted input (every refusal names file,
// line and column), the shares of the launchers' environments, the output
// folder's done-markers and temporaries, and collation.
#include "core/base/FormatError.h"
#include "core/cohort/CohortCollation.h"
#include "core/cohort/CohortFolder.h"
#include "core/cohort/CohortManifest.h"
#include "core/cohort/CohortShard.h"
#include "tests/support/CaughtFormatError.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {

const QStringList kOptions = {"format", "rate", "calibrate", "no-header"};

CohortManifest parse(const QByteArray& text)
{
    return CohortManifest::parse(text, QStringLiteral("m.csv"), QStringLiteral("/data/cohort"),
                                 kOptions);
}

QProcessEnvironment environment(const QList<QPair<QString, QString>>& variables)
{
    QProcessEnvironment env;
    for (const auto& [name, value] : variables)
        env.insert(name, value);
    return env;
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size());
}

CohortParticipantSummary row(const QString& id, std::vector<CohortParticipantSummary::ClassTime> c)
{
    CohortParticipantSummary s;
    s.participant = id;
    s.recording = id;
    s.days = 1;
    s.wearHours = 1.234567;
    s.classes = std::move(c);
    s.groups = {{QStringLiteral("sedentary"), 12.5, 12.5}};
    s.flags = QStringList{QStringLiteral("no valid day"), QStringLiteral("a, b")};
    return s;
}

} // namespace

class TestCohort : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manifestReadsQuotedFieldsCommentsAndOptions()
    {
        const CohortManifest m = parse("\xef\xbb\xbf# site A\r\n"
                                       "participant,files,format,calibrate\r\n"
                                       "\r\n"
                                       "P2,\"p2 back.cwa; p2,thigh.cwa\",,auto\r\n"
                                       "P1,/abs/p1.csv,csv,\r\n"
                                       "\"P 3\",\"sub/p3.csv\",\"c\"\"sv\",\r\n");
        QCOMPARE(int(m.participants.size()), 3);
        // Sorted by id, whatever the file's order.
        QCOMPARE(m.participants[0].id, QStringLiteral("P 3"));
        QCOMPARE(m.participants[1].id, QStringLiteral("P1"));
        QCOMPARE(m.participants[2].id, QStringLiteral("P2"));
        const CohortParticipant& p2 = m.participants[2];
        QCOMPARE(p2.line, 4);
        QCOMPARE(p2.files, QStringList({"/data/cohort/p2 back.cwa", "/data/cohort/p2,thigh.cwa"}));
        QCOMPARE(int(p2.options.size()), 1); // the empty format cell is left out
        QCOMPARE(p2.options[0].name, QStringLiteral("calibrate"));
        QCOMPARE(p2.options[0].value, QStringLiteral("auto"));
        QCOMPARE(p2.options[0].column, 33);
        QCOMPARE(m.participants[1].files, QStringList({"/abs/p1.csv"}));
        QCOMPARE(m.participants[0].files, QStringList({"/data/cohort/sub/p3.csv"}));
        QCOMPARE(m.participants[0].options[0].value, QStringLiteral("c\"sv"));
    }

    void hostileManifestsAreRefusedWithTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("says");
        QTest::newRow("unknown column")
            << QByteArray("participant,files,speed\n") << 1 << 19 << "unknown column 'speed'";
        QTest::newRow("no files column")
            << QByteArray("participant,format\nP1,csv\n") << 1 << 1 << "'participant' and 'files'";
        QTest::newRow("column twice")
            << QByteArray("participant,files,rate,rate\n") << 1 << 24 << "appears twice";
        QTest::newRow("unterminated quote")
            << QByteArray("participant,files\nP1,\"a.csv\nP2,b.csv\n") << 2 << 4 << "unterminated";
        QTest::newRow("quote inside a field")
            << QByteArray("participant,files\nP1,a\"b.csv\n") << 2 << 5 << "quote inside";
        QTest::newRow("text after a quote")
            << QByteArray("participant,files\nP1,\"a.csv\"x\n") << 2 << 11 << "after a closing";
        QTest::newRow("too many fields")
            << QByteArray("participant,files\nP1,a.csv,50\n") << 2 << 10 << "3 fields";
        QTest::newRow("too few fields")
            << QByteArray("participant,files,rate\nP1,a.csv\n") << 2 << 4 << "2 fields";
        QTest::newRow("empty id") << QByteArray("participant,files\n,a.csv\n") << 2 << 1 << "empty";
        QTest::newRow("dot dot") << QByteArray("participant,files\n..,a.csv\n") << 2 << 1
                                 << "starts with '.'";
        QTest::newRow("hidden") << QByteArray("participant,files\n.P1,a.csv\n") << 2 << 1
                                << "starts with '.'";
        QTest::newRow("path separator")
            << QByteArray("participant,files\n../../etc,a.csv\n") << 2 << 1 << "starts with '.'";
        QTest::newRow("slash") << QByteArray("participant,files\nsite/P1,a.csv\n") << 2 << 1
                               << "holds '/'";
        QTest::newRow("backslash")
            << QByteArray("participant,files\nsite\\P1,a.csv\n") << 2 << 1 << "holds '\\'";
        QTest::newRow("control character")
            << QByteArray("participant,files\nP\x01,a.csv\n") << 2 << 1 << "control character";
        QTest::newRow("padded id")
            << QByteArray("participant,files\n\"P1 \",a.csv\n") << 2 << 1 << "space";
        QTest::newRow("long id") << QByteArray("participant,files\n" + QByteArray(129, 'x') +
                                               ",a.csv\n")
                                 << 2 << 1 << "longer than 128";
        QTest::newRow("repeated id")
            << QByteArray("participant,files\nP1,a.csv\np1,b.csv\n") << 3 << 1 << "first on line 2";
        QTest::newRow("no files") << QByteArray("participant,files\nP1,\n") << 2 << 4 << "no files";
        QTest::newRow("empty file name")
            << QByteArray("participant,files\nP1,a.csv;;b.csv\n") << 2 << 4 << "empty file name";
        QTest::newRow("too many files")
            << QByteArray("participant,files\nP1," + QByteArray("a;").repeated(64) + "a\n") << 2
            << 4 << "at most 64";
        QTest::newRow("header only")
            << QByteArray("participant,files\n") << 0 << 0 << "no participants";
        QTest::newRow("empty") << QByteArray("") << 0 << 0 << "no header";
        QTest::newRow("NUL byte") << QByteArray("participant,files\nP1,a\0.csv\n", 28) << 2 << 0
                                  << "NUL";
        QTest::newRow("not UTF-8")
            << QByteArray("participant,files\nP1,a.csv\nP\xff,b.csv\n") << 3 << 0 << "UTF-8";
    }

    void hostileManifestsAreRefusedWithTheirPlace()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, says);
        try {
            parse(text);
            QFAIL("accepted");
        } catch (const FormatError& e) {
            QCOMPARE(e.file(), QStringLiteral("m.csv"));
            QVERIFY2(e.message().contains(says), qPrintable(e.describe()));
            QCOMPARE(e.line(), qint64(line));
            QCOMPARE(e.column(), column);
        }
    }

    void manifestTooLargeIsRefusedBeforeReading()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(CohortManifest::kMaxBytes + 1));
        f.close();
        try {
            CohortManifest::read(path, kOptions);
            QFAIL("accepted");
        } catch (const FormatError& e) {
            QVERIFY2(e.message().contains(QStringLiteral("at most 64 MiB")),
                     qPrintable(e.describe()));
        }
    }

    void shardParsing()
    {
        const CohortShard s = CohortShard::parse(QStringLiteral("2/5"));
        QCOMPARE(s.index, 2);
        QCOMPARE(s.count, 5);
        QCOMPARE(s.label(), QStringLiteral("2-of-5"));
        for (const char* bad : {"5/5", "-1/3", "1/0", "1", "a/3", "1/3/4", ""})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                     CohortShard::parse(QString::fromLatin1(bad)));
    }

    void everyParticipantHasExactlyOneShard()
    {
        for (int n = 1; n <= 7; ++n)
            for (int participants : {0, 1, 6, 20, 101}) {
                std::vector<int> owners(size_t(participants), 0);
                std::vector<int> shareSizes(size_t(n), 0);
                for (int i = 0; i < n; ++i) {
                    CohortShard s;
                    s.index = i;
                    s.count = n;
                    for (int p = 0; p < participants; ++p)
                        if (s.owns(p)) {
                            ++owners[size_t(p)];
                            ++shareSizes[size_t(i)];
                        }
                }
                for (int o : owners)
                    QCOMPARE(o, 1);
                const auto [lo, hi] = std::minmax_element(shareSizes.begin(), shareSizes.end());
                QVERIFY(*hi - *lo <= 1);
            }
    }

    void sharesFromTheLaunchers()
    {
        CohortShard s = CohortShard::fromEnvironment(environment({}));
        QCOMPARE(s.index, 0);
        QCOMPARE(s.count, 1);
        s = CohortShard::fromEnvironment(environment({{"RANK", "3"}, {"WORLD_SIZE", "4"}}));
        QCOMPARE(s.index, 3);
        QCOMPARE(s.count, 4);
        s = CohortShard::fromEnvironment(
            environment({{"OMPI_COMM_WORLD_RANK", "1"}, {"OMPI_COMM_WORLD_SIZE", "2"}}));
        QCOMPARE(s.index, 1);
        QCOMPARE(s.count, 2);
        s = CohortShard::fromEnvironment(
            environment({{"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "8"}}));
        QCOMPARE(s.index, 5);
        QCOMPARE(s.count, 8);
        // torchrun inside a Slurm allocation: its own variables describe its processes.
        s = CohortShard::fromEnvironment(environment(
            {{"RANK", "1"}, {"WORLD_SIZE", "2"}, {"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "1"}}));
        QCOMPARE(s.index, 1);
        QCOMPARE(s.count, 2);
        // A job array numbered from 1 (--array=1-10).
        s = CohortShard::fromEnvironment(environment({{"SLURM_ARRAY_TASK_ID", "10"},
                                                      {"SLURM_ARRAY_TASK_MIN", "1"},
                                                      {"SLURM_ARRAY_TASK_COUNT", "10"}}));
        QCOMPARE(s.index, 9);
        QCOMPARE(s.count, 10);
        // Array tasks of two ranks each: task 2's rank 1 of 4 x 2 shares.
        s = CohortShard::fromEnvironment(environment({{"SLURM_ARRAY_TASK_ID", "2"},
                                                      {"SLURM_ARRAY_TASK_COUNT", "4"},
                                                      {"SLURM_PROCID", "1"},
                                                      {"SLURM_NTASKS", "2"}}));
        QCOMPARE(s.index, 5);
        QCOMPARE(s.count, 8);
        // Wrong values are refused, never guessed.
        const QList<QList<QPair<QString, QString>>> bad = {
            {{"RANK", "2"}, {"WORLD_SIZE", "2"}},
            {{"RANK", "x"}, {"WORLD_SIZE", "2"}},
            {{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "0"}},
            {{"SLURM_ARRAY_TASK_ID", "8"}, {"SLURM_ARRAY_TASK_COUNT", "5"}}, // --array=0-8:2
        };
        for (const auto& vars : bad)
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                     CohortShard::fromEnvironment(environment(vars)));
    }

    void aParticipantIsDoneWhenItsFolderIsInPlace()
    {
        QTemporaryDir dir;
        const CohortFolder folder(dir.filePath(QStringLiteral("out")));
        folder.create();
        // What a killed run leaves: a temporary of P1's.
        const QString stale = QDir(folder.path()).filePath(QStringLiteral(".partial-P1-host-1"));
        QVERIFY(QDir().mkpath(stale));
        const QString tmp = folder.beginParticipant(QStringLiteral("P1"));
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(!folder.isDone(QStringLiteral("P1")));
        writeFile(QDir(tmp).filePath(QStringLiteral("daily.csv")), "x");
        QVERIFY(folder.doneParticipants().isEmpty()); // a temporary is not a participant
        folder.commitParticipant(tmp, QStringLiteral("P1"));
        QVERIFY(folder.isDone(QStringLiteral("P1")));
        QVERIFY(!QFileInfo::exists(tmp));
        QCOMPARE(folder.doneParticipants(), QStringList{QStringLiteral("P1")});
        QVERIFY(QFileInfo::exists(
            QDir(folder.participantPath(QStringLiteral("P1"))).filePath("daily.csv")));
        // A second finish of the same participant does not replace the first.
        const QString again = folder.beginParticipant(QStringLiteral("P1"));
        writeFile(QDir(again).filePath(QStringLiteral("other.csv")), "y");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 folder.commitParticipant(again, QStringLiteral("P1")));
        QVERIFY(!QFileInfo::exists(again));
        QVERIFY(!QFileInfo::exists(
            QDir(folder.participantPath(QStringLiteral("P1"))).filePath("other.csv")));
    }

    void collationUnitesColumnsAndSortsRows()
    {
        QTemporaryDir dir;
        const CohortFolder folder(dir.path());
        // P2 lacks class 3, P1 lacks class 1.
        for (const auto& s : {row(QStringLiteral("P2"), {{1, "walking", 3.456}}),
                              row(QStringLiteral("P1"), {{3, "shuffling", 1}})}) {
            QVERIFY(QDir().mkpath(folder.participantPath(s.participant)));
            writeFile(QDir(folder.participantPath(s.participant)).filePath("participant.json"),
                      s.toJson());
        }
        const auto rows = CohortCollation::readSummaries(folder);
        QCOMPARE(int(rows.size()), 2);
        const QStringList lines = CohortCollation::summaryCsv(rows).split(QLatin1Char('\n'));
        QVERIFY(lines[0].startsWith(QStringLiteral("participant,recording,")));
        QVERIFY(lines[0].contains(QStringLiteral(
            "unlabelled_h,min_walking,min_shuffling,min_sedentary,min_per_valid_day_sedentary,")));
        QVERIFY2(lines[1].startsWith(
                     QStringLiteral("P1,P1,,,1,0,0.00,1.23,0.00,0.00,0.00,1.00,12.50,12.50,")),
                 qPrintable(lines[1]));
        QVERIFY(lines[1].contains(QStringLiteral("\"no valid day; a, b\"")));
        QVERIFY2(lines[2].startsWith(QStringLiteral("P2,P2,,,1,0,0.00,1.23,0.00,0.00,3.46,0.00,")),
                 qPrintable(lines[2]));

        // A participant folder that is not one is named.
        QVERIFY(QDir().mkpath(folder.participantPath(QStringLiteral("P3"))));
        writeFile(QDir(folder.participantPath("P3")).filePath("participant.json"), "{\"x\":");
        QVERIFY_THROWS_EXCEPTION(FormatError, CohortCollation::readSummaries(folder));
    }

    void failuresKeepTheLatestOfParticipantsNotDone()
    {
        QTemporaryDir dir;
        const CohortFolder folder(dir.path());
        const auto line = [](const char* p, const char* e, const char* t) {
            return CohortCollation::failureLine({p, e, t}).toUtf8();
        };
        writeFile(folder.failuresPath(QStringLiteral("0-of-2")),
                  CohortCollation::failuresHeader().toUtf8() +
                      line("P3", "old, error", "2026-01-01T00:00:00.000Z") +
                      line("P1", "fixed since", "2026-01-01T00:00:00.000Z") +
                      line("P3", "new \"error\"", "2026-01-02T00:00:00.000Z") +
                      "P4,cut short"); // a killed writer's last line
        writeFile(folder.failuresPath(QStringLiteral("1-of-2")),
                  CohortCollation::failuresHeader().toUtf8() +
                      line("P2", "bad file", "2026-01-01T00:00:00.000Z"));
        QVERIFY(QDir().mkpath(folder.participantPath(QStringLiteral("P1"))));
        const auto failures = CohortCollation::readFailures(folder);
        QCOMPARE(int(failures.size()), 2);
        QCOMPARE(failures[0].participant, QStringLiteral("P2"));
        QCOMPARE(failures[1].participant, QStringLiteral("P3"));
        QCOMPARE(failures[1].error, QStringLiteral("new \"error\""));
        QCOMPARE(CohortCollation::failuresCsv(failures),
                 QStringLiteral("participant,error\nP2,bad file\nP3,\"new \"\"error\"\"\"\n"));
    }
};

QTEST_GUILESS_MAIN(TestCohort)
#include "tst_cohort.moc"
