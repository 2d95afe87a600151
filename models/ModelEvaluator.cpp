#include "ModelEvaluator.h"

#include "ClassificationMetrics.h"
#include "ModelPredictor.h"
#include "WindowSet.h"

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
    QJsonObject j = ClassificationMetrics::compute(o.truth, o.predicted, int(model.classIds.size())).toJson(model.classIds);
    return j;
}
} // namespace

QJsonObject ModelEvaluator::evaluate(const ModelFile& model, const Project& project, const QStringList& subjects,
                                     const JobControl* job)
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
    for (size_t i = 0; i < recordings.size(); ++i) {
        throwIfCancelled(job);
        const Recording& r = *recordings[i];
        // Window level.
        const WindowSet set = WindowSet::build({recordings[i]}, whole, model.classIds);
        std::vector<size_t> all(set.size());
        for (size_t w = 0; w < all.size(); ++w)
            all[w] = w;
        const std::vector<float> p = predictor.classify(set, all);
        Outcomes& windows = windowsBySubject[r.subjectId];
        const size_t k = model.classIds.size();
        for (size_t w = 0; w < set.size(); ++w) {
            windows.truth.push_back(set.windows()[w].classIndex);
            windows.predicted.push_back(
                int32_t(std::max_element(p.begin() + long(w * k), p.begin() + long((w + 1) * k)) - (p.begin() + long(w * k))));
        }
        // Sample level.
        const Prediction prediction = predictor.predict(r, QStringLiteral("evaluation"));
        const std::vector<int32_t> truth = r.groundTruth()->toSampleLabels(r.sampleCount());
        const std::vector<int32_t> predicted = prediction.track.toSampleLabels(r.sampleCount());
        Outcomes& samples = samplesBySubject[r.subjectId];
        for (size_t s = 0; s < truth.size(); ++s) {
            const auto t = indexOf.find(truth[s]);
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
    for (const auto& [name, bySubject] : {std::pair{QStringLiteral("window_level"), &windowsBySubject},
                                          std::pair{QStringLiteral("sample_level"), &samplesBySubject}}) {
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
    return result;
}

} // namespace kinemark
