// kinemark-cli ablate usad end to end on a tiny budget: the four variants'
// table with numbers in it, the per-class table with the rarest classes
// marked, and clear errors with a nonzero exit for bad arguments.
#include "core/project/ProjectFile.h"
#include "tests/support/CliRunner.h"
#include "tests/support/TestSupport.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;
using kinemark::test::CliResult;
using kinemark::test::runCli;

namespace {

// Every variant's smallest sensible network and one epoch of everything, so
// the four trainings (one with a diffusion model) take seconds.
QStringList tinyBudget()
{
    QStringList args{"--epochs", "1", "--threads", "1", "--quiet"};
    for (const char* kv : {"width=8", "blocks=1", "batch=32", "synthetic_per_class=4",
                           "pretrain_epochs=1", "diffusion_epochs=1", "diffusion_steps=20",
                           "diffusion_sampling_steps=4", "diffusion_width=8", "diffusion_blocks=1"})
        args << "--set" << QString::fromLatin1(kv);
    return args;
}
} // namespace

class TestCliUsad : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ablationPrintsFourVariants();
    void badArgumentsAreNamed();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestCliUsad::initTestCase()
{
    QVERIFY(m_dir.isValid());
    // Two short demo subjects: s0 trains, s1 is held out.
    m_project = m_dir.filePath(QStringLiteral("two.kmk"));
    ProjectFile::save(test::demoProjectOfSubjects(2, 600, 21), m_project);
}

void TestCliUsad::ablationPrintsFourVariants()
{
    const CliResult r =
        runCli(QStringList{"ablate", "usad", m_project, "--val-subjects", "s1"} + tinyBudget());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY(lines.value(0).contains(QStringLiteral("macroF1")) &&
            lines.value(0).contains(QStringLiteral("G-mean")));
    const QStringList names{"(1) backbone", "(2) + attention", "(3) + adaptive loss",
                            "(4) + diffusion"};
    for (int v = 0; v < 4; ++v) {
        const QString line = lines.value(1 + v);
        QVERIFY2(line.startsWith(names[v]), qPrintable(r.out));
        // After the 34-character name: acc, macro F1, G-mean, rare F1 (all %), best epoch, seconds.
        const QStringList cells = line.mid(34).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(cells.size(), 6);
        for (int c = 0; c < 4; ++c) {
            bool ok = false;
            const double value = cells[c].toDouble(&ok);
            QVERIFY2(ok && value >= 0 && value <= 100, qPrintable(line));
        }
        QCOMPARE(cells[4].toInt(), 1); // the one epoch
    }
    // The per-class table: one column per variant, the three rarest classes marked.
    const qsizetype perClass = r.out.indexOf(QStringLiteral("per-class F1"));
    QVERIFY(perClass > 0);
    const QString table = r.out.mid(perClass);
    QVERIFY(table.section(QLatin1Char('\n'), 0, 0).contains(QStringLiteral("(4)")));
    QCOMPARE(table.count(QRegularExpression(QStringLiteral("\\n\\* \\d"))), 3);
    QVERIFY(table.contains(QStringLiteral("the 3 rarest classes")));
}

void TestCliUsad::badArgumentsAreNamed()
{
    struct Case
    {
        QStringList args;
        int exitCode;
        QString says;
    };
    const QString missing = m_dir.filePath(QStringLiteral("missing.kmk"));
    const QList<Case> cases{
        {{"ablate", "usad", m_project}, 2, "--val-subjects is needed"},
        {{"ablate", "forest", m_project, "--val-subjects", "s1"}, 2, "known: mstcn, usad"},
        {{"ablate", "usad", m_project, "--val-subjects", "s1", "--variants", "1,5"},
         2,
         "--variants takes numbers 1 to 4, not '5'"},
        {{"ablate", "usad", m_project, "--val-subjects", "s1", "--rare", "few"}, 2, "--rare need"},
        {{"ablate", "usad", m_project, "--val-subjects", "s1", "--set", "width"},
         2,
         "--set needs KEY=VALUE"},
        {{"ablate", "usad", missing, "--val-subjects", "s1"}, 1, "missing.kmk"},
    };
    for (const Case& c : cases) {
        const CliResult r = runCli(c.args, 60000);
        QVERIFY2(r.exitCode == c.exitCode,
                 qPrintable(c.args.join(' ') + QStringLiteral(" -> %1: ").arg(r.exitCode) + r.err));
        QVERIFY2(r.err.contains(QStringLiteral("kinemark-cli ablate")) && r.err.contains(c.says),
                 qPrintable(c.args.join(' ') + QStringLiteral(": ") + r.err));
        QVERIFY(r.out.isEmpty()); // no half table
    }
}

QTEST_MAIN(TestCliUsad)
#include "tst_cli_usad.moc"
