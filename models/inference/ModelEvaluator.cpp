#include "models/inference/ModelEvaluator.h"

#include "core/analysis/ClassificationMetrics.h"
#include "core/analysis/SegmentationMetrics.h"
#include "core/learning/WindowSet.h"
#include "models/inference/ModelPredictor.h"
#include "models/registry/ModelRegistry.h"

#include <QJsonArray>
#include <algorithm>
#include <map>

namespace kinemark {

namespace {
struct Outcomes
{
    std::vector<int32_t> truth, predicted;
    void append(const Outcomes& o)
    {
        truth.insert(truth.end(), o.truth.begin(), o.truth.end());
        predicted.insert(predicted.end(), o.predicted.begin(), o.predicted.end());
    }
};

QJsonObject metricsJson(const Outcomes& o, const ModelFile& model)
{
    QJsonObject j = ClassificationMetrics::compute(o.truth, o.predicted, int(model.classIds.size()))
                        .toJson(model.classIds);
    return j;
}

// Per-sample class ids of recordings, one after the other; samples of classes the
// model does not know are kUnlabelled in the truth (SegmentationMetrics drops them).
struct SampleLabels
{
    std::vector<int32_t> truth, predicted;
    void append(const SampleLabels& o)
    {
        truth.insert(truth.end(), o.truth.begin(), o.truth.end());
        predicted.insert(predicted.end(), o.predicted.begin(), o.predicted.end());
    }
};

QJsonObject segmentationJson(const SampleLabels& labels)
{
    const SegmentationMetrics m = SegmentationMetrics::compute(labels.truth, labels.predicted);
    QJsonObject j;
    j[QStringLiteral("fm")] = m.macroF1;
    j[QStringLiteral("jaccard")] = m.macroJaccard;
    j[QStringLiteral("precision")] = m.macroPrecision;
    j[QStringLiteral("recall")] = m.macroRecall;
    j[QStringLiteral("accuracy")] = m.accuracy;
    j[QStringLiteral("edit")] = m.editScore;
    j[QStringLiteral("f1_at_10")] = m.f1At10;
    j[QStringLiteral("f1_at_25")] = m.f1At25;
    j[QStringLiteral("f1_at_50")] = m.f1At50;
    j[QStringLiteral("samples")] = qint64(m.sampleCount);
    j[QStringLiteral("truth_segments")] = qint64(m.truthSegments);
    j[QStringLiteral("predicted_segments")] = qint64(m.predictedSegments);
    return j;
}
} // namespace

QJsonObject ModelEvaluator::evaluate(const ModelFile& model, const Project& project,
                                     const QStringList& subjects, const JobControl* job)
{
    const ModelPredictor predictor(model);
    std::map<int32_t, int32_t> indexOf;
    for (size_t i = 0; i < model.classIds.size(); ++i)
        indexOf[model.classIds[i]] = int32_t(i);
    WindowingOptions whole = model.windowing;
    whole.rule = WindowingOptions::LabelRule::WholeWindow;
    whole.maxUnlabelledFraction = 0;

    std::vector<std::shared_ptr<const Recording>> recordings;
    for (const auto& r : project.recordings)
        if (r->groundTruth() && (subjects.isEmpty() || subjects.contains(r->subjectId)) &&
            model.incompatibilities(*r).isEmpty())
            recordings.push_back(r);

    std::map<QString, Outcomes> windowsBySubject, samplesBySubject;
    std::map<QString, SampleLabels> segmentsBySubject;
    // Window level for window models only: sequence and spectrogram models have no windows of a
    // class.
    const ModelInfo* info = ModelRegistry::find(model.kind);
    const bool windowLevel = info && info->input == ModelInfo::Input::Windows;
    for (size_t i = 0; i < recordings.size(); ++i) {
        throwIfCancelled(job);
        const Recording& r = *recordings[i];
        // Window level (window models only: a sequence model has no windows).
        if (windowLevel) {
            const WindowSet set = WindowSet::build({recordings[i]}, whole, model.classIds);
            std::vector<size_t> all(set.size());
            for (size_t w = 0; w < all.size(); ++w)
                all[w] = w;
            const std::vector<float> p = predictor.classify(set, all);
            Outcomes& windows = windowsBySubject[r.subjectId];
            const size_t k = model.classIds.size();
            for (size_t w = 0; w < set.size(); ++w) {
                windows.truth.push_back(set.windows()[w].classIndex);
                windows.predicted.push_back(int32_t(
                    std::max_element(p.begin() + long(w * k), p.begin() + long((w + 1) * k)) -
                    (p.begin() + long(w * k))));
            }
        }
        // Sample level.
        const Prediction prediction = predictor.predict(r, QStringLiteral("evaluation"));
        const std::vector<int32_t> truth = r.groundTruth()->toSampleLabels(r.sampleCount());
        const std::vector<int32_t> predicted = prediction.track.toSampleLabels(r.sampleCount());
        Outcomes& samples = samplesBySubject[r.subjectId];
        SampleLabels& segmentation = segmentsBySubject[r.subjectId];
        for (size_t s = 0; s < truth.size(); ++s) {
            const auto t = indexOf.find(truth[s]);
            segmentation.truth.push_back(t == indexOf.end() ? kUnlabelled : truth[s]);
            segmentation.predicted.push_back(predicted[s]);
            if (t == indexOf.end())
                continue;
            samples.truth.push_back(t->second);
            samples.predicted.push_back(indexOf.at(predicted[s]));
        }
        reportProgress(job, double(i + 1) / double(recordings.size()));
    }

    QJsonObject result;
    result[QStringLiteral("model")] = model.kind;
    result[QStringLiteral("classes")] = QJsonArray::fromStringList(model.classNames);
    QJsonArray ids;
    for (int32_t id : model.classIds)
        ids.append(id);
    result[QStringLiteral("class_ids")] = ids;
    QStringList evaluated;
    for (const auto& [subject, o] : samplesBySubject)
        evaluated << subject;
    result[QStringLiteral("subjects")] = QJsonArray::fromStringList(evaluated);
    for (const auto& [name, bySubject] :
         {std::pair{QStringLiteral("window_level"), &windowsBySubject},
          std::pair{QStringLiteral("sample_level"), &samplesBySubject}}) {
        if (name == QLatin1String("window_level") && !windowLevel)
            continue;
        QJsonObject level, perSubject;
        Outcomes pooled;
        for (const auto& [subject, o] : *bySubject) {
            perSubject[subject] = metricsJson(o, model);
            pooled.append(o);
        }
        level[QStringLiteral("overall")] = metricsJson(pooled, model);
        level[QStringLiteral("per_subject")] = perSubject;
        result[name] = level;
    }
    // Segmentation metrics over the samples; "overall" joins the recordings end to
    // end, so a segment may run across the join of two recordings of one class.
    QJsonObject segmentation, perSubject;
    SampleLabels pooled;
    for (const auto& [subject, labels] : segmentsBySubject) {
        perSubject[subject] = segmentationJson(labels);
        pooled.append(labels);
    }
    segmentation[QStringLiteral("overall")] = segmentationJson(pooled);
    segmentation[QStringLiteral("per_subject")] = perSubject;
    result[QStringLiteral("segmentation")] = segmentation;
    return result;
}

} // namespace kinemark
