// Label set files (LabelSetFile): the built-in sets read through it, a file
// survives a trip through a project byte for byte, and hostile files are
// refused with the file and the JSON place named.
#include "core/base/FormatError.h"
#include "core/labels/LabelSetFile.h"
#include "core/model/Project.h"
#include "core/project/ProjectFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace kinemark;

namespace {
LabelSet labSet()
{
    LabelSet s;
    s.id = QStringLiteral("my-lab");
    s.name = QStringLiteral("My lab");
    s.description = QStringLiteral("Postures of the lab's protocol");
    s.classes = {
        {1, QStringLiteral("lying"), QStringLiteral("#1f77b4"), QStringLiteral("1"), kUnlabelled},
        {2, QStringLiteral("sitting"), QStringLiteral("#ff7f0e"), QStringLiteral("2"), kUnlabelled},
        {7, QStringLiteral("cycling"), QStringLiteral("#2ca02c"), QStringLiteral("C"), kUnlabelled},
        {70, QStringLiteral("cycling (standing)"), QStringLiteral("#98df8a"), QString(), 7}};
    return s;
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

// JSON written with single quotes, so that the tests read (and moc parses them).
QByteArray j(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

QString refusal(const QByteArray& json)
{
    try {
        LabelSetFile::parse(json, QStringLiteral("my.json"));
    } catch (const FormatError& e) {
        return e.describe();
    }
    return QString();
}
} // namespace

class TestLabelSets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void builtinSetsPassTheFileChecks()
    {
        for (const QString& id : LabelSet::builtinIds()) {
            QFile f(QStringLiteral(":/kinemark/labelsets/%1.json").arg(id));
            QVERIFY(f.open(QIODevice::ReadOnly));
            const LabelSet read = LabelSetFile::parse(f.readAll(), id);
            QCOMPARE(read, LabelSet::builtin(id));
            QVERIFY(read.classes.size() >= 6);
        }
    }

    void fileToProjectToFileIsExact()
    {
        QTemporaryDir dir;
        const QString first = dir.filePath("my.json");
        LabelSetFile::write(labSet(), first);
        const LabelSet read = LabelSetFile::read(first);
        QCOMPARE(read, labSet());

        Project project;
        project.labelSets.push_back(read);
        const QString kmk = dir.filePath("p.kmk");
        ProjectFile::save(project, kmk);
        const Project reopened = ProjectFile::open(kmk);
        QVERIFY(reopened.labelSet(QStringLiteral("my-lab")));
        const QString second = dir.filePath("again.json");
        LabelSetFile::write(*reopened.labelSet(QStringLiteral("my-lab")), second);
        QVERIFY(!readAll(first).isEmpty());
        QCOMPARE(readAll(second), readAll(first));
    }

    void writeReplacesAnExistingFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("my.json");
        LabelSetFile::write(LabelSet::builtin(QStringLiteral("hapt")), path);
        LabelSetFile::write(labSet(), path);
        QCOMPARE(LabelSetFile::read(path), labSet());
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("my.json")});
    }

    void hostileFilesAreRefusedAtTheirPlace_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        const QByteArray ok = j("'id':'lab','classes':[{'id':1,'name':'a'},");
        QTest::newRow("bad colour")
            << QByteArray(ok + j("{'id':2,'name':'b','colour':'#12'}]}")).prepend('{')
            << "my.json: classes[1].colour: '#12' is not a colour";
        QTest::newRow("duplicate id") << QByteArray("{" + ok + j("{'id':1,'name':'b'}]}"))
                                      << "my.json: classes[1].id: 1 is also the id of classes[0]";
        QTest::newRow("duplicate name")
            << QByteArray("{" + ok + j("{'id':2,'name':' A '}]}"))
            << "my.json: classes[1].name: 'A' is also the name of classes[0]";
        QTest::newRow("duplicate key")
            << QByteArray(j("{'id':'lab','classes':[{'id':1,'name':'a','shortcut':'w'},{'id':2,'"
                            "name':'b','shortcut':'W'}]}"))
            << "my.json: classes[1].shortcut: 'W' is also the key of classes[0]";
        QTest::newRow("bad key")
            << QByteArray("{" + ok + j("{'id':2,'name':'b','shortcut':'Ctrl+Alt+Del+X'}]}"))
            << "my.json: classes[1].shortcut: 'Ctrl+Alt+Del+X' is not a key";
        QTest::newRow("negative id") << QByteArray("{" + ok + j("{'id':-3,'name':'b'}]}"))
                                     << "my.json: classes[1].id: -3 is not a class id";
        QTest::newRow("fractional id") << QByteArray("{" + ok + j("{'id':2.5,'name':'b'}]}"))
                                       << "my.json: classes[1].id: 2.5 is not a class id";
        QTest::newRow("huge id") << QByteArray("{" + ok + j("{'id':1e300,'name':'b'}]}"))
                                 << "my.json: classes[1].id: 1e+300 is not a class id";
        QTest::newRow("id as text") << QByteArray("{" + ok + j("{'id':'2','name':'b'}]}"))
                                    << "my.json: classes[1].id: '2' is not a class id";
        QTest::newRow("no name") << QByteArray("{" + ok + j("{'id':2}]}"))
                                 << "my.json: classes[1].name: missing";
        QTest::newRow("control characters")
            << QByteArray("{" + ok + j("{'id':2,'name':'b\\u0007'}]}"))
            << "my.json: classes[1].name: 'b\a' holds control characters";
        QTest::newRow("long name")
            << QByteArray("{" + ok + j("{'id':2,'name':'") + QByteArray(300, 'x') + j("'}]}"))
            << "my.json: classes[1].name: 300 characters; at most 200";
        QTest::newRow("unknown key")
            << QByteArray("{" + ok + j("{'id':2,'name':'b','color':'#123456'}]}"))
            << "my.json: classes[1].color: unknown key";
        QTest::newRow("class not an object")
            << QByteArray("{" + ok + j("7]}")) << "my.json: classes[1]: 7 is not an object";
        QTest::newRow("merged into unknown")
            << QByteArray("{" + ok + j("{'id':2,'name':'b','mergedInto':9}]}"))
            << "my.json: classes[1].mergedInto: 9 is not the id of a class of this set";
        QTest::newRow("merged into itself")
            << QByteArray("{" + ok + j("{'id':2,'name':'b','mergedInto':2}]}"))
            << "my.json: classes[1].mergedInto: class 2 is merged into itself";
        QTest::newRow("merge chain")
            << QByteArray(j("{'id':'lab','classes':[{'id':1,'name':'a','mergedInto':2},{'id':2,'"
                            "name':'b','mergedInto':3},{'id':3,'name':'c'}]}"))
            << "my.json: classes[0].mergedInto: class 2 is itself merged into class 3";
        QTest::newRow("no classes") << QByteArray(j("{'id':'lab','classes':[]}"))
                                    << "my.json: classes: the set defines no class";
        QTest::newRow("classes not an array") << QByteArray(j("{'id':'lab','classes':{}}"))
                                              << "my.json: classes: an object is not an array";
        QTest::newRow("no id") << QByteArray(j("{'classes':[{'id':1,'name':'a'}]}"))
                               << "my.json: id: missing";
        QTest::newRow("bad set id")
            << QByteArray(j("{'id':'../x','classes':[{'id':1,'name':'a'}]}"))
            << "my.json: id: '../x' is not a label set id";
        QTest::newRow("not an object")
            << QByteArray("[1,2]") << "my.json: a label set is a JSON object";
        QTest::newRow("broken JSON")
            << QByteArray("{\n  \"id\": \"lab\",\n  \"classes\": [\n}") << "my.json:4:";
    }

    void hostileFilesAreRefusedAtTheirPlace()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const QString got = refusal(json);
        QVERIFY2(got.startsWith(message), qPrintable(got));
    }

    void tooManyClassesAreRefused()
    {
        QByteArray json = j("{'id':'lab','classes':[");
        for (int i = 0; i <= LabelSetFile::kMaxClasses; ++i)
            json +=
                (i ? "," : "") + QString::fromLatin1(j("{'id':%1,'name':'c%1'}")).arg(i).toUtf8();
        json += "]}";
        QCOMPARE(refusal(json), QStringLiteral("my.json: classes: 1001 classes; at most 1000"));
    }

    void tooLargeFilesAreRefusedUnread()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(LabelSetFile::kMaxBytes + 1, ' '));
        f.close();
        try {
            LabelSetFile::read(path);
            QFAIL("a file above the bound was read");
        } catch (const FormatError& e) {
            QCOMPARE(e.file(), path);
            QVERIFY2(e.message().contains(QStringLiteral("at most 1048576 bytes")),
                     qPrintable(e.describe()));
        }
    }

    void argumentsNameFilesOrBuiltinSets()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("lab-set"); // no .json: an existing file still counts
        LabelSetFile::write(labSet(), path);
        QVERIFY(LabelSetFile::namesFile(path));
        QVERIFY(LabelSetFile::namesFile(QStringLiteral("missing.JSON")));
        QVERIFY(!LabelSetFile::namesFile(QStringLiteral("harth")));
        QCOMPARE(LabelSetFile::resolve(path), labSet());
        QCOMPARE(LabelSetFile::resolve(QStringLiteral("harth")),
                 LabelSet::builtin(QStringLiteral("harth")));
        QVERIFY_THROWS_EXCEPTION(FormatError, LabelSetFile::resolve(dir.filePath("none.json")));
        try {
            LabelSetFile::resolve(QStringLiteral("hart"));
            QFAIL("an unknown word was taken");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("hapt, uci-har, harth")));
        }
    }

    void missingIdsAreSortedOnce()
    {
        const std::vector<int32_t> used{7, 3, kUnlabelled, 9, 3, 1, 70};
        QCOMPARE(LabelSetFile::missingIds(labSet(), used), (std::vector<int32_t>{3, 9}));
        QVERIFY(LabelSetFile::missingIds(labSet(), {1, 2, 7, 70}).empty());
    }
};

QTEST_GUILESS_MAIN(TestLabelSets)
#include "tst_labelsets.moc"
