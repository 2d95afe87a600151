#pragma once

#include <QString>
#include <QVariantMap>
#include <vector>

namespace kinemark {

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

    bool classifier() const { return purpose == Purpose::Classifier; }
};

class ModelRegistry
{
public:
    static const std::vector<ModelInfo>& models();
    // nullptr when unknown.
    static const ModelInfo* find(const QString& id);
    // The defaults of `id` overridden by `overrides`; throws std::invalid_argument
    // naming an unknown hyperparameter or a value of the wrong type.
    static QVariantMap resolve(const QString& id, const QVariantMap& overrides);
    static QStringList ids();
    // The ids of the models of one purpose, in registry order.
    static QStringList ids(ModelInfo::Purpose purpose);
};

} // namespace kinemark
