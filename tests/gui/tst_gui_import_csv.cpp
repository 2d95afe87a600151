// The import dialog's CSV page (issue #18): at the default 1400x850 window
// the page is not clipped, the preview shows the file's values, a label set
// file chosen with Load... names the label column's classes, and the
// calibration switch reaches the mapping. The import runs as File > Import
// Recording does, through the main window's controller.
#include "app/gui/import/ImportDialog.h"
#include "app/gui/mainwindow/MainWindow.h"
#include "core/labels/LabelSetFile.h"
#include "tests/support/TestSupport.h"
#include "widgets/recording/RecordingSession.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

using namespace kinemark;

namespace {
LabelSet labSet()
{
    LabelSet s;
    s.id = QStringLiteral("my-lab");
    s.name = QStringLiteral("My lab");
    s.classes = {
        {3, QStringLiteral("lying"), QStringLiteral("#1f77b4"), QStringLiteral("L"), kUnlabelled},
        {5, QStringLiteral("cycling"), QStringLiteral("#2ca02c"), QStringLiteral("C"),
         kUnlabelled}};
    return s;
}

// 100 rows of x;y;z;label at 50 Hz: 60 of class 3, then 40 of class 5.
QString writeCsv(const QTemporaryDir& dir)
{
    QByteArray content = "x;y;z;label\n";
    for (int i = 0; i < 100; ++i)
        content += "0.25;" + QByteArray::number(0.01 * i) + ";-0.5;" + (i < 60 ? "3" : "5") + "\n";
    const QString path = dir.filePath("lab.csv");
    test::writeFile(path, content);
    return path;
}

// Every visible control of the page lies inside the dialog at no less than
// its smallest size: nothing clipped, nothing squeezed.
void checkNotClipped(QWidget* dialog, QWidget* page)
{
    for (QWidget* w : page->findChildren<QWidget*>()) {
        if (!w->isVisible() || qobject_cast<QWidget*>(w->parent()) != page)
            continue;
        const QRect r(w->mapTo(dialog, QPoint(0, 0)), w->size());
        QVERIFY2(dialog->rect().contains(r),
                 qPrintable(QStringLiteral("%1 %2 outside the dialog")
                                .arg(w->metaObject()->className(), w->objectName())));
        QVERIFY2(w->height() >= w->minimumSizeHint().height(),
                 qPrintable(QStringLiteral("%1 squeezed to %2 px")
                                .arg(w->metaObject()->className())
                                .arg(w->height())));
    }
}
} // namespace

class TestGuiImportCsv : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settings;

private Q_SLOTS:
    void initTestCase() { test::useSettingsIn(m_settings.path()); }
    void csvPageWithALabelSetFile();
    void textLabelsAndATerminatorAsRead();
};

void TestGuiImportCsv::csvPageWithALabelSetFile()
{
    QTemporaryDir dir;
    const QString csv = writeCsv(dir);
    const QString setPath = dir.filePath("my.json");
    LabelSetFile::write(labSet(), setPath);
    test::writeFile(dir.filePath("bad.json"), "{\"id\": \"x\", \"classes\": [{\"id\": 1}]}");

    MainWindow window;
    window.resize(1400, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    bool checked = false;
    QTimer::singleShot(0, [&] {
        auto* dialog = qobject_cast<ImportDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto* format = dialog->findChildren<QComboBox*>().front();
        format->setCurrentIndex(format->findData(int(RecordingImporter::Format::Csv)));
        QCOMPARE(dialog->format(), RecordingImporter::Format::Csv);
        auto* page = dialog->findChild<QGroupBox*>();
        QVERIFY(page && page->isVisible());
        QVERIFY(dialog->height() <= 850);
        checkNotClipped(dialog, page);

        // The preview: the file's values under the header's names.
        auto* preview = dialog->findChildren<QTableWidget*>().back();
        QCOMPARE(preview->horizontalHeaderItem(3)->text(), QStringLiteral("4: label"));
        QCOMPARE(preview->rowCount(), 20);
        QCOMPARE(preview->item(1, 1)->text(), QStringLiteral("0.01"));
        QCOMPARE(preview->item(0, 3)->text(), QStringLiteral("3"));

        // A broken label set file is named with its place, and nothing changes.
        QVERIFY(!dialog->loadLabelSetFile(dir.filePath("bad.json")));
        QVERIFY(!dialog->labelSetFromFile());
        bool named = false;
        for (QLabel* l : dialog->findChildren<QLabel*>())
            named = named || l->text().contains("bad.json: classes[0].name: missing");
        QVERIFY(named);
        QVERIFY(dialog->loadLabelSetFile(setPath));
        QCOMPARE(dialog->labelSetFromFile()->classes, labSet().classes);

        // Sensor x,y,z in columns 1-3, 50 Hz, labels in "label"; no calibration.
        auto* sensors = dialog->findChildren<QTableWidget*>().front();
        sensors->item(0, 0)->setText("wrist");
        sensors->item(0, 2)->setText("1,2,3");
        for (QLineEdit* e : dialog->findChildren<QLineEdit*>())
            if (e->placeholderText().contains("no ground truth"))
                e->setText("label");
            else if (e->placeholderText().contains("empty: none"))
                e->clear();
        for (QDoubleSpinBox* s : dialog->findChildren<QDoubleSpinBox*>())
            if (s->suffix() == QLatin1String(" Hz"))
                s->setValue(50);
        auto* calibrate = dialog->findChild<QCheckBox*>("calibrate");
        QVERIFY(calibrate && calibrate->isVisible());
        calibrate->setChecked(true);
        QVERIFY(dialog->mapping().calibration.enabled);
        calibrate->setChecked(false);
        const ColumnMapping m = dialog->mapping();
        QCOMPARE(m.labelSetId, QStringLiteral("my-lab"));
        QVERIFY(!m.calibration.enabled);
        checkNotClipped(dialog, page);

        // KINEMARK_SCREENSHOT_DIR=docs renders the page for the documentation.
        // KINEMARK_SCREENSHOT_DIR=docs renders the page for the documentation.
        const QString shots = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
        QVERIFY(dialog->grab().save((shots.isEmpty() ? QDir::tempPath() : shots) +
                                    "/import-dialog-csv.png"));
        checked = true;
        dialog->accept();
    });
    window.importFilesDialog({csv});
    QVERIFY(checked);
    // The import notes (what detection decided) come in a message box: read and close it.
    QStringList notes;
    QTimer closer;
    connect(&closer, &QTimer::timeout, [&notes] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
            notes << box->text();
            box->accept();
        }
    });
    closer.start(50);

    // Imported in the background: the recording with the file's classes.
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->recording() != nullptr, 30000);
    const Recording* r = window.session()->recording();
    QCOMPARE(r->labelSetId, QStringLiteral("my-lab"));
    const AnnotationTrack* truth = r->groundTruth();
    QVERIFY(truth);
    QCOMPARE(truth->segments().size(), size_t(2));
    QCOMPARE(truth->segments()[0].classId, 3);
    QCOMPARE(truth->segments()[1].start, int64_t(60));
    QCOMPARE(truth->segments()[1].classId, 5);
    QCOMPARE(window.session()->labelSet().className(5), QStringLiteral("cycling"));
    for (const QString& n : notes)
        QVERIFY2(!n.contains("Nothing was imported"), qPrintable(n));
}

void TestGuiImportCsv::textLabelsAndATerminatorAsRead()
{
    // WISDM-like: no header, the activity as a letter, lines ending in ';'.
    QTemporaryDir dir;
    QByteArray content;
    for (int i = 0; i < 100; ++i)
        content += QByteArray(i < 30   ? "B"
                              : i < 70 ? "A"
                                       : "null") +
                   ",0.25," + QByteArray::number(0.01 * i) + ",-0.5;\n";
    const QString path = dir.filePath("wisdm.txt");
    test::writeFile(path, content);

    MainWindow window;
    window.resize(1400, 850);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    bool checked = false;
    QTimer::singleShot(0, [&] {
        auto* dialog = qobject_cast<ImportDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        auto* format = dialog->findChildren<QComboBox*>().front();
        format->setCurrentIndex(format->findData(int(RecordingImporter::Format::Csv)));
        auto* page = dialog->findChild<QGroupBox*>();
        QVERIFY(page);
        // The header box follows the file as the reader decides it (the
        // remembered setting says "header"): WISDM's lines have none.
        auto* header = dialog->findChildren<QCheckBox*>().front();
        QVERIFY(!header->isChecked());
        auto* sensors = dialog->findChildren<QTableWidget*>().front();
        sensors->item(0, 0)->setText("phone");
        sensors->item(0, 2)->setText("2,3,4");
        for (QDoubleSpinBox* s : dialog->findChildren<QDoubleSpinBox*>())
            if (s->suffix() == QLatin1String(" Hz"))
                s->setValue(50);
        QLineEdit* unlabelled = nullptr;
        for (QLineEdit* e : dialog->findChildren<QLineEdit*>()) {
            if (e->placeholderText().contains("no ground truth"))
                e->setText("1");
            else if (e->placeholderText().contains("empty: none"))
                e->clear();
            else if (e->placeholderText().startsWith("no label"))
                unlabelled = e;
        }
        QVERIFY(unlabelled);
        unlabelled->setText("null");
        const QList<QComboBox*> sets = dialog->findChildren<QComboBox*>();
        QComboBox* labelSet = nullptr;
        for (QComboBox* c : sets)
            if (c->findText("New set from the label texts") >= 0)
                labelSet = c;
        QVERIFY(labelSet);
        labelSet->setCurrentIndex(labelSet->findText("New set from the label texts"));

        // The preview shows the values as the reader takes them: no ';' on the last one.
        auto* preview = dialog->findChildren<QTableWidget*>().back();
        QCOMPARE(preview->columnCount(), 4);
        QCOMPARE(preview->rowCount(), 20);
        QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("B"));
        QCOMPARE(preview->item(2, 2)->text(), QStringLiteral("0.02"));
        QCOMPARE(preview->item(2, 3)->text(), QStringLiteral("-0.5"));
        bool decided = false;
        for (QLabel* l : dialog->findChildren<QLabel*>())
            decided = decided ||
                      (l->text().contains("delimiter ','") && l->text().contains("no header") &&
                       l->text().contains("lines end with ';' (ignored)"));
        QVERIFY(decided);
        auto* found = dialog->findChild<QLabel*>("labelsFound");
        QVERIFY(found && found->isVisible());
        QVERIFY2(found->text().contains("'B' → 1 B"), qPrintable(found->text()));
        checkNotClipped(dialog, page);
        const ColumnMapping m = dialog->mapping();
        QCOMPARE(m.unlabelledValues, QStringList{"null"});
        QVERIFY(m.labelSetId.isEmpty());
        // KINEMARK_SCREENSHOT_DIR=docs renders the page for the documentation.
        const QString shots = qEnvironmentVariable("KINEMARK_SCREENSHOT_DIR");
        QVERIFY(dialog->grab().save((shots.isEmpty() ? QDir::tempPath() : shots) +
                                    "/import-dialog-csv.png"));
        checked = true;
        dialog->accept();
    });
    window.importFilesDialog({path});
    QVERIFY(checked);
    QTimer closer;
    connect(&closer, &QTimer::timeout, [] {
        if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
            box->accept();
    });
    closer.start(50);
    QTRY_VERIFY_WITH_TIMEOUT(window.session()->recording() != nullptr, 30000);
    const Recording* r = window.session()->recording();
    const AnnotationTrack* truth = r->groundTruth();
    QVERIFY(truth);
    // B (rows 0-29) became class 1, A (30-69) class 2, null no label.
    QCOMPARE(truth->segments().size(), size_t(2));
    QCOMPARE(truth->segments()[0].classId, 1);
    QCOMPARE(truth->segments()[1].start, int64_t(30));
    QCOMPARE(truth->segments()[1].end, int64_t(70));
    QCOMPARE(window.session()->labelSet().className(1), QStringLiteral("B"));
    QCOMPARE(window.session()->labelSet().className(2), QStringLiteral("A"));
}

QTEST_MAIN(TestGuiImportCsv)
#include "tst_gui_import_csv.moc"
