#include "core/analysis/ResultComparison.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <cmath>
#include <limits>

namespace kinemark {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

QString csvField(QString text)
{
    return QLatin1Char('"') + text.replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

// An evaluation's headline metrics in the fold metrics' names.
QJsonObject evaluationMetrics(const QJsonObject& evaluation, QString* level)
{
    const bool windows = evaluation.contains(QStringLiteral("window_level"));
    *level = windows ? QStringLiteral("window") : QStringLiteral("sample");
    QJsonObject metrics =
        evaluation.value(windows ? QStringLiteral("window_level") : QStringLiteral("sample_level"))
            .toObject()
            .value(QStringLiteral("overall"))
            .toObject();
    const QJsonObject segmentation = evaluation.value(QStringLiteral("segmentation"))
                                         .toObject()
                                         .value(QStringLiteral("overall"))
                                         .toObject();
    if (segmentation.contains(QStringLiteral("fm")))
        metrics.insert(QStringLiteral("segmentation_fm"), segmentation.value(QStringLiteral("fm")));
    return metrics;
}

ResultComparison::Row rowOf(const QString& name, const QString& detail, const QJsonObject& metrics)
{
    ResultComparison::Row row{name, detail, {}, {}};
    for (const QString& key : ResultComparison::columnKeys()) {
        const QJsonValue v = metrics.value(key);
        row.values.push_back(v.isDouble() ? v.toDouble() : kMissing);
        row.spreads.push_back(kMissing);
    }
    return row;
}

ResultComparison::Row summaryRow(const QString& name, const QString& detail,
                                 const QJsonObject& summary)
{
    ResultComparison::Row row{name, detail, {}, {}};
    for (const QString& key : ResultComparison::columnKeys()) {
        const QJsonObject s = summary.value(key).toObject();
        const QJsonValue mean = s.value(QStringLiteral("mean"));
        const QJsonValue sd = s.value(QStringLiteral("std"));
        row.values.push_back(mean.isDouble() ? mean.toDouble() : kMissing);
        row.spreads.push_back(sd.isDouble() ? sd.toDouble() : kMissing);
    }
    return row;
}

QString tr(const char* text)
{
    return QCoreApplication::translate("ResultComparison", text);
}

} // namespace

QStringList ResultComparison::columnKeys()
{
    return {QStringLiteral("accuracy"),    QStringLiteral("macro_f1"),
            QStringLiteral("weighted_f1"), QStringLiteral("macro_jaccard"),
            QStringLiteral("g_mean"),      QStringLiteral("segmentation_fm")};
}

QStringList ResultComparison::columnTitles()
{
    return {tr("accuracy"), tr("macro F1"), tr("weighted F1"),
            tr("Jaccard"),  tr("G-mean"),   tr("Fm")};
}

std::vector<ResultComparison::Row>
ResultComparison::compare(const std::vector<StoredResult>& results)
{
    std::vector<Row> rows;
    for (const StoredResult& r : results) {
        if (r.kind == QLatin1String(StoredResult::kEvaluation)) {
            QString level;
            const QJsonObject metrics = evaluationMetrics(r.result, &level);
            QStringList subjects;
            for (const QJsonValue& s : r.result.value(QStringLiteral("subjects")).toArray())
                subjects << s.toString();
            rows.push_back(rowOf(
                r.id,
                tr("evaluation, %1 level, subjects %2").arg(level, subjects.join(QLatin1Char(','))),
                metrics));
        } else if (r.kind == QLatin1String(StoredResult::kCrossValidation)) {
            const int n = r.result.value(QStringLiteral("fold_count")).toInt();
            const QString scheme =
                r.result.value(QStringLiteral("scheme")).toString() == QLatin1String("loso")
                    ? tr("leave one subject out")
                    : tr("%1 subject folds").arg(n);
            rows.push_back(
                summaryRow(r.id,
                           tr("cross-validation, %1, %2 level")
                               .arg(scheme, r.result.value(QStringLiteral("level")).toString()),
                           r.result.value(QStringLiteral("summary")).toObject()));
        }
    }
    return rows;
}

std::vector<ResultComparison::Row> ResultComparison::folds(const QJsonObject& crossValidation)
{
    std::vector<Row> rows;
    for (const QJsonValue& v : crossValidation.value(QStringLiteral("folds")).toArray()) {
        const QJsonObject fold = v.toObject();
        QStringList held;
        for (const QJsonValue& s : fold.value(QStringLiteral("validation_subjects")).toArray())
            held << s.toString();
        rows.push_back(rowOf(tr("fold %1").arg(fold.value(QStringLiteral("fold")).toInt()),
                             held.join(QLatin1Char(',')),
                             fold.value(QStringLiteral("metrics")).toObject()));
    }
    if (rows.empty())
        return rows;
    rows.push_back(summaryRow(tr("mean \u00b1 std"),
                              QCoreApplication::translate("ResultComparison", "over %n fold(s)",
                                                          nullptr, int(rows.size())),
                              crossValidation.value(QStringLiteral("summary")).toObject()));
    rows.push_back(rowOf(tr("pooled"), tr("all held-out items together"),
                         crossValidation.value(QStringLiteral("pooled")).toObject()));
    return rows;
}

QString ResultComparison::toCsv(const std::vector<Row>& rows)
{
    const QStringList keys = columnKeys();
    std::vector<bool> spread(size_t(keys.size()), false);
    for (const Row& r : rows)
        for (size_t c = 0; c < r.spreads.size() && c < spread.size(); ++c)
            spread[c] = spread[c] || std::isfinite(r.spreads[c]);
    QStringList header{QStringLiteral("name"), QStringLiteral("detail")};
    for (int c = 0; c < keys.size(); ++c) {
        header << keys[c];
        if (spread[size_t(c)])
            header << keys[c] + QStringLiteral("_std");
    }
    QString csv = header.join(QLatin1Char(',')) + QLatin1Char('\n');
    const auto number = [](double x) {
        return std::isfinite(x) ? QString::number(x, 'g', 10) : QString();
    };
    for (const Row& r : rows) {
        QStringList fields{csvField(r.name), csvField(r.detail)};
        for (size_t c = 0; c < size_t(keys.size()); ++c) {
            fields << number(c < r.values.size() ? r.values[c] : kMissing);
            if (spread[c])
                fields << number(c < r.spreads.size() ? r.spreads[c] : kMissing);
        }
        csv += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return csv;
}

QString ResultComparison::cellText(const Row& row, int column, int decimals)
{
    const double v = column < int(row.values.size()) ? row.values[size_t(column)] : kMissing;
    if (!std::isfinite(v))
        return QStringLiteral("\u2013");
    const double s = column < int(row.spreads.size()) ? row.spreads[size_t(column)] : kMissing;
    return std::isfinite(s)
               ? QStringLiteral("%1 \u00b1 %2").arg(v, 0, 'f', decimals).arg(s, 0, 'f', decimals)
               : QString::number(v, 'f', decimals);
}

} // namespace kinemark
