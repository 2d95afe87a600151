#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace kinemark {

// An analysis result kept in a project: an evaluation of a model, a
// cross-validation or a t-SNE map, as the JSON its producer wrote
// (ModelEvaluator::evaluate, CrossValidation::run, ...), so that models can be
// compared later without rerunning anything.
struct StoredResult
{
    QString id;      // unique within the project, e.g. "crossval cnn-center 2026-11-30T21:04:05Z"
    QString kind;    // kEvaluation, kCrossValidation or kTsne
    QString model;   // what was evaluated: a stored model's id, a model kind or a track name
    QString created; // ISO 8601 UTC
    QJsonObject result;

    static constexpr const char* kEvaluation = "evaluation";
    static constexpr const char* kCrossValidation = "crossval";
    static constexpr const char* kTsne = "tsne";

    // "<kind> <model> <created>", made unique against `taken` with " (2)", " (3)", ...
    static QString makeId(const QString& kind, const QString& model, const QString& created,
                          const QStringList& taken);

    bool operator==(const StoredResult& o) const
    {
        return id == o.id && kind == o.kind && model == o.model && created == o.created &&
               result == o.result;
    }
};

} // namespace kinemark
