// The label set editor's Load... and Save...: the same files as
// `kinemark-cli labels set export|import`, errors naming file and place, the
// last folder remembered. Driven through the dialog's loadFile/saveFile seam
// (what the buttons call once the file dialog has a path).
#include "core/labels/LabelSetFile.h"
#include "tests/support/TestSupport.h"
#include "widgets/annotation/LabelSetEditorDialog.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace kinemark;

namespace {
LabelSet projectSet()
{
    LabelSet s = LabelSet::builtin(QStringLiteral("hapt"));
    s.id = QStringLiteral("study");
    return s;
}

// Answers the next message box the dialog shows; returns its text through `text`.
void answerMessageBox(QString* text)
{
    QTimer::singleShot(0, [text] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box)
            return answerMessageBox(text); // not shown yet
        *text = box->text();
        box->accept();
    });
}
} // namespace

class TestLabelSetFiles : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase() { test::useSettingsIn(m_settings.path()); }

    void saveWritesTheEditedSetAndRemembersTheFolder()
    {
        QTemporaryDir dir;
        LabelSetEditorDialog dialog(projectSet());
        dialog.table()->item(0, 1)->setText(QStringLiteral("strolling"));
        const QString path = dir.filePath("study.json");
        QVERIFY(dialog.saveFile(path));
        const LabelSet saved = LabelSetFile::read(path);
        QCOMPARE(saved, dialog.labelSet());
        QCOMPARE(saved.className(1), QStringLiteral("strolling"));
        QCOMPARE(QSettings().value("labelSetEditor/lastDirectory").toString(),
                 QFileInfo(path).absolutePath());
    }

    void loadReplacesTheClassesAndKeepsTheId()
    {
        QTemporaryDir dir;
        LabelSet lab;
        lab.id = QStringLiteral("my-lab");
        lab.name = QStringLiteral("My lab");
        lab.classes = {
            {1, QStringLiteral("walk"), QStringLiteral("#112233"), QStringLiteral("W"),
             kUnlabelled},
            {2, QStringLiteral("climb"), QStringLiteral("#445566"), QStringLiteral("C"),
             kUnlabelled},
            {9, QStringLiteral("jump"), QStringLiteral("#778899"), QString(), kUnlabelled}};
        const QString path = dir.filePath("lab.json");
        LabelSetFile::write(lab, path);

        LabelSetEditorDialog dialog(projectSet());
        dialog.setUsedClassIds({1, 2});
        dialog.mergeClasses(3, 1);
        QVERIFY(dialog.loadFile(path));
        const LabelSet now = dialog.labelSet();
        QCOMPARE(now.id, QStringLiteral("study")); // the recordings name it so
        QCOMPARE(now.name, QStringLiteral("My lab"));
        QCOMPARE(now.classes, lab.classes);
        QVERIFY(dialog.merges().empty());
        QCOMPARE(dialog.table()->rowCount(), 3);
        QCOMPARE(dialog.table()->item(2, 1)->text(), QStringLiteral("jump"));
        QCOMPARE(dialog.table()->item(1, 3)->text(), QStringLiteral("C"));

        // Saved again and loaded into a fresh editor: the same classes.
        const QString again = dir.filePath("again.json");
        QVERIFY(dialog.saveFile(again));
        LabelSetEditorDialog second(projectSet());
        QVERIFY(second.loadFile(again));
        QCOMPARE(second.labelSet().classes, lab.classes);
    }

    void badFilesAreRefusedNamingFileAndPlace()
    {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.json");
        test::writeFile(bad, "{\"id\": \"lab\", \"classes\": [{\"id\": 1, \"name\": \"a\", "
                             "\"colour\": \"#12\"}]}");
        LabelSetEditorDialog dialog(projectSet());
        QString shown;
        answerMessageBox(&shown);
        QVERIFY(!dialog.loadFile(bad));
        QVERIFY2(shown.contains(bad + ": classes[0].colour: '#12' is not a colour"),
                 qPrintable(shown));
        QCOMPARE(dialog.labelSet(), projectSet());

        // A file without a class the segments use: named, nothing changed.
        LabelSet partial = projectSet();
        partial.classes.erase(partial.classes.begin() + 1); // no class 2
        const QString partialPath = dir.filePath("partial.json");
        LabelSetFile::write(partial, partialPath);
        dialog.setUsedClassIds({1, 2});
        answerMessageBox(&shown);
        QVERIFY(!dialog.loadFile(partialPath));
        QVERIFY2(shown.contains(QStringLiteral("2 (walking upstairs)")), qPrintable(shown));
        QCOMPARE(dialog.labelSet(), projectSet());

        // Two classes given one key in the table: Save says where, writes nothing.
        dialog.table()->item(1, 3)->setText(QStringLiteral("1"));
        answerMessageBox(&shown);
        QVERIFY(!dialog.saveFile(dir.filePath("dup.json")));
        QVERIFY2(shown.contains(QStringLiteral("classes[1].shortcut: '1' is also the key of "
                                               "classes[0]")),
                 qPrintable(shown));
        QVERIFY(!QFile::exists(dir.filePath("dup.json")));
    }

    void buttonsShowUnclipped()
    {
        LabelSetEditorDialog dialog(projectSet());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        for (const char* name : {"loadLabelSet", "saveLabelSet"}) {
            auto* button = dialog.findChild<QPushButton*>(QLatin1String(name));
            QVERIFY(button);
            QVERIFY(button->isVisible());
            const QRect r(button->mapTo(&dialog, QPoint(0, 0)), button->size());
            QVERIFY2(dialog.rect().contains(r), name);
            QVERIFY(button->width() >= button->sizeHint().width());
        }
        dialog.grab().save(QStringLiteral("/tmp/labelset-editor.png"));
    }
};

QTEST_MAIN(TestLabelSetFiles)
#include "tst_widgets_labelset_files.moc"
