// Comparison tables of stored results (ResultComparison): which figures an
// evaluation and a cross-validation contribute, the fold table with its
// mean ± std and pooled rows, and the CSV export. Hand-made results with
// round numbers, so that every expected cell can be read off the input.
#include "core/analysis/ResultComparison.h"

#include <QJsonArray>
#include <QtTest>
#include <cmath>

using namespace kinemark;

namespace {

QJsonObject metrics(double accuracy, double macroF1, double weightedF1, double jaccard,
                    double gMean)
{
    return QJsonObject{
        {QStringLiteral("accuracy"), accuracy},      {QStringLiteral("macro_f1"), macroF1},
        {QStringLiteral("weighted_f1"), weightedF1}, {QStringLiteral("macro_jaccard"), jaccard},
        {QStringLiteral("g_mean"), gMean},           {QStringLiteral("count"), 100}};
}

StoredResult evaluation(const QString& id, bool windowLevel)
{
    StoredResult r;
    r.id = id;
    r.kind = QString::fromLatin1(StoredResult::kEvaluation);
    QJsonObject level{{QStringLiteral("overall"), metrics(0.9, 0.8, 0.85, 0.7, 0.75)}};
    QJsonObject samples{{QStringLiteral("overall"), metrics(0.5, 0.5, 0.5, 0.5, 0.5)}};
    if (windowLevel)
        r.result.insert(QStringLiteral("window_level"), level);
    r.result.insert(QStringLiteral("sample_level"), windowLevel ? samples : level);
    r.result.insert(
        QStringLiteral("segmentation"),
        QJsonObject{{QStringLiteral("overall"), QJsonObject{{QStringLiteral("fm"), 0.625}}}});
    r.result.insert(QStringLiteral("subjects"),
                    QJsonArray{QStringLiteral("3"), QStringLiteral("11")});
    return r;
}

QJsonObject crossValidation()
{
    QJsonObject fold1{{QStringLiteral("fold"), 1},
                      {QStringLiteral("validation_subjects"), QJsonArray{QStringLiteral("a")}},
                      {QStringLiteral("metrics"), metrics(0.5, 0.4, 0.45, 0.3, 0.2)}};
    QJsonObject fold2{{QStringLiteral("fold"), 2},
                      {QStringLiteral("validation_subjects"),
                       QJsonArray{QStringLiteral("b"), QStringLiteral("c")}},
                      {QStringLiteral("metrics"), metrics(0.7, 0.6, 0.65, 0.5, 0.4)}};
    const auto summary = [](double mean, double sd) {
        return QJsonObject{{QStringLiteral("mean"), mean}, {QStringLiteral("std"), sd}};
    };
    return QJsonObject{{QStringLiteral("scheme"), QStringLiteral("k-fold")},
                       {QStringLiteral("fold_count"), 2},
                       {QStringLiteral("level"), QStringLiteral("window")},
                       {QStringLiteral("folds"), QJsonArray{fold1, fold2}},
                       {QStringLiteral("summary"),
                        QJsonObject{{QStringLiteral("accuracy"), summary(0.6, 0.1414)},
                                    {QStringLiteral("macro_f1"), summary(0.5, 0.1414)}}},
                       {QStringLiteral("pooled"), metrics(0.65, 0.55, 0.6, 0.45, 0.35)}};
}

} // namespace

class TestResults : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void evaluationsShowTheirClassificationLevel();
    void crossValidationShowsMeanAndStd();
    void tsneMapsAreNotCompared();
    void foldTable();
    void csvHasAStdColumnWhereThereIsASpread();
};

void TestResults::evaluationsShowTheirClassificationLevel()
{
    const auto rows = ResultComparison::compare(
        {evaluation(QStringLiteral("w"), true), evaluation(QStringLiteral("s"), false)});
    QCOMPARE(rows.size(), size_t(2));
    for (const auto& row : rows) {
        // Window level for a window model, sample level for a sequence model: the same numbers
        // here.
        QCOMPARE(row.values, (std::vector<double>{0.9, 0.8, 0.85, 0.7, 0.75, 0.625}));
        QVERIFY(std::isnan(row.spreads[0]));
    }
    QVERIFY2(rows[0].detail.contains(QStringLiteral("window level")), qPrintable(rows[0].detail));
    QVERIFY2(rows[1].detail.contains(QStringLiteral("sample level")), qPrintable(rows[1].detail));
    QVERIFY(rows[0].detail.contains(QStringLiteral("3,11")));
    QCOMPARE(ResultComparison::cellText(rows[0], 1), QStringLiteral("0.800"));
}

void TestResults::crossValidationShowsMeanAndStd()
{
    StoredResult r;
    r.id = QStringLiteral("cv");
    r.kind = QString::fromLatin1(StoredResult::kCrossValidation);
    r.result = crossValidation();
    const auto rows = ResultComparison::compare({r});
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows[0].values[0], 0.6);
    QCOMPARE(rows[0].spreads[1], 0.1414);
    QVERIFY(std::isnan(rows[0].values[2])); // no weighted F1 in this summary
    QCOMPARE(ResultComparison::cellText(rows[0], 1, 2), QStringLiteral("0.50 \u00b1 0.14"));
    QCOMPARE(ResultComparison::cellText(rows[0], 2), QStringLiteral("\u2013"));
    QVERIFY(rows[0].detail.contains(QStringLiteral("2 subject folds")));
}

void TestResults::tsneMapsAreNotCompared()
{
    StoredResult map;
    map.id = QStringLiteral("map");
    map.kind = QString::fromLatin1(StoredResult::kTsne);
    QVERIFY(ResultComparison::compare({map}).empty());
}

void TestResults::foldTable()
{
    const auto rows = ResultComparison::folds(crossValidation());
    QCOMPARE(rows.size(), size_t(4));
    QCOMPARE(rows[0].name, QStringLiteral("fold 1"));
    QCOMPARE(rows[1].detail, QStringLiteral("b,c"));
    QCOMPARE(rows[1].values[4], 0.4);
    QCOMPARE(rows[2].values[1], 0.5);
    QCOMPARE(rows[2].spreads[1], 0.1414);
    QCOMPARE(rows[3].name, QStringLiteral("pooled"));
    QCOMPARE(rows[3].values[2], 0.6);
    QVERIFY(ResultComparison::folds(QJsonObject()).empty());
}

void TestResults::csvHasAStdColumnWhereThereIsASpread()
{
    const QString csv = ResultComparison::toCsv(ResultComparison::folds(crossValidation()));
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5);
    QCOMPARE(lines[0],
             QStringLiteral("name,detail,accuracy,accuracy_std,macro_f1,macro_f1_std,weighted_f1,"
                            "macro_jaccard,g_mean,segmentation_fm"));
    QCOMPARE(lines[2], QStringLiteral("\"fold 2\",\"b,c\",0.7,,0.6,,0.65,0.5,0.4,"));
    QVERIFY2(lines[3].startsWith(
                 QStringLiteral("\"mean \u00b1 std\",\"over 2 fold(s)\",0.6,0.1414,0.5,0.1414,,")),
             qPrintable(lines[3]));
}

QTEST_GUILESS_MAIN(TestResults)
#include "tst_results.moc"
