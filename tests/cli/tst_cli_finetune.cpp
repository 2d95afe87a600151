// kinemark-cli train --init-model (issue #20 point 1) end to end on a tiny
// budget: a stored model fine-tuned on another subject with a replay sample,
// the summary saying what it started from and trained on, the parent kept in
// the project's model summary, and the refusals named with a usage exit.
#include "core/project/ProjectFile.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

class TestCliFineTune : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void fineTunesAStoredModel();
    void refusalsAreNamed();

private:
    QTemporaryDir m_dir;
    QString m_project;
    QString m_parent;
};

void TestCliFineTune::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_project = m_dir.filePath(QStringLiteral("three.kmk"));
    ProjectFile::save(test::demoProjectOfSubjects(3, 600, 21), m_project);
    m_parent = m_dir.filePath(QStringLiteral("parent.kmodel"));
    const CliResult r =
        runCli({"train", m_project, "--model", "cnn-center", "--train-subjects", "s0,s1",
                "--epochs", "1", "--threads", "1", "--quiet", "--store", "-o", m_parent});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
}

void TestCliFineTune::fineTunesAStoredModel()
{
    const Project before = ProjectFile::open(m_project);
    QCOMPARE(int(before.models.size()), 1);
    const QString parentId = before.models.front().id;
    const QString child = m_dir.filePath(QStringLiteral("child.kmodel"));
    const CliResult r =
        runCli({"train", m_project, "--init-model", parentId, "--train-subjects", "s2", "--replay",
                "0.5", "--epochs", "1", "--threads", "1", "--quiet", "--store", "-o", child});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    QVERIFY2(r.out.contains(QStringLiteral("started from %1").arg(parentId)), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("trained on: demo2")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("replayed")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("1 epochs at learning rate 0.0001")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QStringLiteral("epoch: the last (no validation subjects)")),
             qPrintable(r.out));
    // The stored child names its parent in the summary a model list shows.
    const Project after = ProjectFile::open(m_project);
    QCOMPARE(int(after.models.size()), 2);
    const QJsonObject parent =
        after.models.back().summary.value(QStringLiteral("parent")).toObject();
    QCOMPARE(parent.value(QStringLiteral("id")).toString(), parentId);
    QCOMPARE(parent.value(QStringLiteral("weights_sha256")).toString().size(), 64);
}

void TestCliFineTune::refusalsAreNamed()
{
    struct Case
    {
        QStringList args;
        QString says;
    };
    const QString out = m_dir.filePath(QStringLiteral("refused.kmodel"));
    const QList<Case> cases{
        {{"--init-model", m_parent, "--model", "mstcn"}, "fine-tuning continues the parent"},
        {{"--init-model", m_parent, "--set", "window_length=64"}, "window_length=64"},
        {{"--init-model", "no such model"}, "neither a file nor the id of a model"},
        {{"--init-model", m_parent, "--replay", "1.5"}, "--replay needs a fraction"},
        {{"--model", "cnn-center", "--new-classes"}, "need --init-model"},
    };
    for (const Case& c : cases) {
        const CliResult r = runCli(
            QStringList{"train", m_project, "--epochs", "1", "--quiet", "-o", out} + c.args, 60000);
        QVERIFY2(r.exitCode == 2,
                 qPrintable(c.args.join(' ') + QStringLiteral(" -> %1: ").arg(r.exitCode) + r.err));
        QVERIFY2(r.err.contains(c.says),
                 qPrintable(c.args.join(' ') + QStringLiteral(": ") + r.err));
    }
}

QTEST_GUILESS_MAIN(TestCliFineTune)
#include "tst_cli_finetune.moc"
