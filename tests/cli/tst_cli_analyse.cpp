// kinemark-cli analyse: a prediction track against the ground truth, written
// as the Analysis panel's plots (SVG here) and CSV tables, with the project's
// stored results compared; bad options are named.
#include "core/project/ProjectFile.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <set>
#include <tuple>

using namespace kinemark;

namespace {

// Two demo subjects with a prediction "guess": the truth, except that every
// third segment is taken for the next class; probabilities every second put
// 0.8 on the guessed class and share the rest.
Project projectWithGuess()
{
    Project project = test::demoProjectOfSubjects(2, 600, 51);
    // One column per class of either recording, as a model's probabilities have.
    std::set<int32_t> present;
    for (const auto& r : project.recordings)
        for (const Segment& s : r->groundTruth()->segments())
            if (s.classId != kUnlabelled)
                present.insert(s.classId);
    const std::vector<int32_t> ids(present.begin(), present.end());
    for (const auto& r : project.recordings) {
        const AnnotationTrack& truth = *r->groundTruth();
        AnnotationTrack guess(QStringLiteral("guess"), AnnotationTrack::Kind::Prediction,
                              truth.labelSetId());
        int n = 0;
        for (const Segment& s : truth.segments()) {
            if (s.classId == kUnlabelled)
                continue;
            const auto at = std::find(ids.begin(), ids.end(), s.classId) - ids.begin();
            guess.assign(s.start, s.end,
                         ++n % 3 == 0 ? ids[size_t(at + 1) % ids.size()] : s.classId);
        }
        ClassProbabilities p;
        p.step = 50;
        p.classIds = ids;
        for (int64_t start = 0; start < int64_t(r->sampleCount()); start += p.step) {
            const int32_t c = guess.classAt(start);
            const float n = float(ids.size());
            for (int32_t id : ids) {
                if (c == kUnlabelled || n < 2)
                    p.values.push_back(1.f / n);
                else
                    p.values.push_back(id == c ? 0.8f : 0.2f / (n - 1));
            }
        }
        r->tracks.push_back(guess);
        r->probabilities.insert(QStringLiteral("guess"), p);
    }
    StoredResult evaluation;
    evaluation.id = QStringLiteral("evaluation of a guess");
    evaluation.kind = QString::fromLatin1(StoredResult::kEvaluation);
    evaluation.result = QJsonObject{
        {QStringLiteral("sample_level"),
         QJsonObject{{QStringLiteral("overall"), QJsonObject{{QStringLiteral("macro_f1"), 0.5}}}}}};
    project.results.push_back(evaluation);
    return project;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestCliAnalyse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void writesPlotsAndTables();
    void badOptionsAreNamed();
    void mapOfAnMsTcnsSegments();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestCliAnalyse::initTestCase()
{
    m_project = m_dir.filePath(QStringLiteral("guess.kmk"));
    ProjectFile::save(projectWithGuess(), m_project);
}

void TestCliAnalyse::writesPlotsAndTables()
{
    const QString plots = m_dir.filePath(QStringLiteral("plots"));
    QProcess cli;
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("analyse"), m_project, QStringLiteral("--track"),
               QStringLiteral("guess"), QStringLiteral("--plots"), plots,
               QStringLiteral("--format"), QStringLiteral("svg"), QStringLiteral("--tsne"),
               QStringLiteral("--iterations"), QStringLiteral("300"), QStringLiteral("--threads"),
               QStringLiteral("1")});
    QVERIFY(cli.waitForFinished(120000));
    const QByteArray stdErr = cli.readAllStandardError();
    QVERIFY2(cli.exitCode() == 0, stdErr.constData());
    const QByteArray printed = cli.readAllStandardOutput();
    QVERIFY2(printed.contains("windows of 2 s, accuracy"), printed.constData());
    QVERIFY(printed.contains("KL divergence"));
    for (const char* name : {"confusion.svg", "roc.svg", "tsne.svg"}) {
        const QByteArray svg = readAll(QDir(plots).filePath(QLatin1String(name)));
        QVERIFY2(svg.contains("<svg"), name);
        QVERIFY2(svg.size() > 2000, name); // drawn, not an empty canvas
    }
    QVERIFY(readAll(QDir(plots).filePath("report.csv")).startsWith("\"class\",\"precision\""));
    QVERIFY(!readAll(QDir(plots).filePath("confusion.csv")).isEmpty());
    QVERIFY(!readAll(QDir(plots).filePath("tsne.csv")).isEmpty());
    const QByteArray comparison = readAll(QDir(plots).filePath("comparison.csv"));
    QVERIFY2(comparison.contains("\"evaluation of a guess\""), comparison.constData());

    // PNG and PDF through the same path.
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("analyse"), m_project, QStringLiteral("--track"),
               QStringLiteral("guess"), QStringLiteral("--plots"), plots,
               QStringLiteral("--format"), QStringLiteral("pdf")});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    QVERIFY(readAll(QDir(plots).filePath("confusion.pdf")).startsWith("%PDF-"));
}

void TestCliAnalyse::badOptionsAreNamed()
{
    QProcess cli;
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("analyse"), m_project, QStringLiteral("--track"),
               QStringLiteral("guess"), QStringLiteral("--format"), QStringLiteral("bmp")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(cli.readAllStandardError().contains("png, svg or pdf"));

    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("analyse"), m_project, QStringLiteral("--track"),
               QStringLiteral("nothing")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY(cli.readAllStandardError().contains("track 'nothing'"));

    // An embedding map needs a stored model of the track's name.
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("analyse"), m_project, QStringLiteral("--track"),
               QStringLiteral("guess"), QStringLiteral("--tsne"), QStringLiteral("--tsne-space"),
               QStringLiteral("embedding")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 1);
    QVERIFY(cli.readAllStandardError().contains("no stored model of kind 'guess'"));
    cli.start(QStringLiteral(KINEMARK_CLI_PATH),
              {QStringLiteral("analyse"), m_project, QStringLiteral("--track"),
               QStringLiteral("guess"), QStringLiteral("--tsne"), QStringLiteral("--tsne-space"),
               QStringLiteral("pixels")});
    QVERIFY(cli.waitForFinished(30000));
    QCOMPARE(cli.exitCode(), 2);
    QVERIFY(cli.readAllStandardError().contains("embedding or probabilities"));
}

// train (tiny mstcn) -> predict --store (twice: the model is stored once) ->
// analyse --tsne maps the stored model's embedding of segment pieces.
void TestCliAnalyse::mapOfAnMsTcnsSegments()
{
    const QString path = m_dir.filePath(QStringLiteral("mstcn.kmk"));
    ProjectFile::save(test::demoProjectOfSubjects(2, 600, 61), path);
    const QString model = m_dir.filePath(QStringLiteral("mstcn.kmodel"));
    const auto run = [](const QStringList& arguments) {
        const test::CliResult r = test::runCli(arguments);
        return std::make_pair(r.exitCode, (r.out + r.err).toUtf8());
    };
    auto [code, printed] =
        run({QStringLiteral("train"), path, QStringLiteral("--model"), QStringLiteral("mstcn"),
             QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--threads"),
             QStringLiteral("1"), QStringLiteral("--set"), QStringLiteral("layers=3"),
             QStringLiteral("--set"), QStringLiteral("features=8"), QStringLiteral("--set"),
             QStringLiteral("projection_dim=8"), QStringLiteral("--set"),
             QStringLiteral("chunk_length=512"), QStringLiteral("--quiet"), QStringLiteral("-o"),
             model});
    QVERIFY2(code == 0, printed.constData());
    for (int i = 0; i < 2; ++i) {
        std::tie(code, printed) =
            run({QStringLiteral("predict"), path, QStringLiteral("--model-file"), model,
                 QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--store")});
        QVERIFY2(code == 0, printed.constData());
    }
    QCOMPARE(ProjectFile::open(path).models.size(), size_t(1));
    std::tie(code, printed) =
        run({QStringLiteral("analyse"), path, QStringLiteral("--track"), QStringLiteral("mstcn"),
             QStringLiteral("--tsne"), QStringLiteral("--iterations"), QStringLiteral("250"),
             QStringLiteral("--threads"), QStringLiteral("1")});
    QVERIFY2(code == 0, printed.constData());
    QVERIFY2(printed.contains("segments embedded by model 'mstcn "), printed.constData());
}

QTEST_GUILESS_MAIN(TestCliAnalyse)
#include "tst_cli_analyse.moc"
