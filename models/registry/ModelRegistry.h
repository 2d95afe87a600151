#pragma once

#include <QMap>
#include <QString>
#include <QVariantMap>
#include <vector>

namespace kinemark {

// The values a hyperparameter may take: a whole number or a number in
// [min, max] (or [min, max) with maxExclusive), or a bool. Chosen generously
// around the papers' values, but small enough that no network they allow is
// built before its parameter count is checked (see ParameterCount).
struct HyperparameterRange
{
    double min = 0;
    double max = 0;
    bool maxExclusive = false;

    bool contains(double v) const { return v >= min && (maxExclusive ? v < max : v <= max); }
    QString text() const; // "1..16", "0..1 (1 excluded)"
};

// What the GUI and the CLI know about a trainable model without LibTorch: its
// id, the paper it comes from, what it reads, and its hyperparameters with the
// paper's defaults (every one can be overridden by name).
struct ModelInfo
{
    enum class Input
    {
        Windows,
        Sequences,
        Spectrograms
    };
    // What a model is for, so that each place offers only the models it can use:
    // a classifier labels recordings (Train, Cross-validate, Predict); a generator
    // makes windows (usad-diffusion: trained by DiffusionTrainer, never used for
    // prediction or cross-validation); pre-training learns without labels
    // (selfpab-pretrain: SelfPabPretrainer, its encoder feeds selfpab) and is not
    // trained from the Train dialog.
    enum class Purpose
    {
        Classifier,
        Generator,
        Pretraining
    };

    QString id;    // "cnn-center"
    QString name;  // "1D CNN + center loss"
    QString paper; // short citation
    Input input = Input::Windows;
    QVariantMap defaults; // hyperparameter -> default (int, double or bool)
    QString description;
    // Makes windows instead of classifying them (usad-diffusion): trained by
    // DiffusionTrainer, never used for prediction. Kept for its callers; always
    // the same as purpose == Purpose::Generator.
    bool generative = false;
    Purpose purpose = Purpose::Classifier;

    // Every numeric hyperparameter's range (bools have none).
    QMap<QString, HyperparameterRange> ranges = {};

    bool classifier() const { return purpose == Purpose::Classifier; }
};

class ModelRegistry
{
public:
    static const std::vector<ModelInfo>& models();
    // nullptr when unknown.
    static const ModelInfo* find(const QString& id);
    // The defaults of `id` overridden by `overrides`; throws std::invalid_argument
    // naming an unknown hyperparameter, a value of the wrong type or one outside
    // its range (this also guards `kinemark-cli train --set`).
    static QVariantMap resolve(const QString& id, const QVariantMap& overrides);
    // A model file's hyperparameters of `id`, checked: every one of the model's
    // present, of its type and in its range, no other (but debug_ test hooks).
    // Returns them with the registry's types (ints as int); throws
    // std::invalid_argument naming the hyperparameter, its value and its range.
    static QVariantMap checked(const QString& id, const QVariantMap& values);
    static QStringList ids();
    // The ids of the models of one purpose, in registry order.
    static QStringList ids(ModelInfo::Purpose purpose);
};

} // namespace kinemark
