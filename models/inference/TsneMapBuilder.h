#pragma once

#include "core/analysis/PredictionItems.h"
#include "core/analysis/tsne/TsneEmbedding.h"
#include "core/base/JobControl.h"
#include "core/learning/ItemOrigin.h"
#include "core/model/StoredResult.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

namespace kinemark {

class ModelFile;
class Project;
class Recording;

// The points a t-SNE map places: rows of a model's embedding or of the
// windows' class probabilities.
struct TsneMapItems
{
    std::vector<float> rows; // size() x dimension
    size_t dimension = 0;
    std::vector<int32_t> classes; // each item's true class, an index into the compared classes
    QVector<ItemOrigin> origins;
    QString itemsAre; // "windows" or "segments": what a point is

    size_t size() const { return classes.size(); }
};

// A finished map and the description a project keeps of it (a
// StoredResult::kTsne result: enough to redraw it, readable from h5py).
struct TsneMap
{
    TsneResult result;
    std::vector<int32_t> classes;
    QVector<ItemOrigin> origins;
    QJsonObject description;
};

// The t-SNE map of a prediction track compared with the ground truth, shared
// by the Analysis panel and `kinemark-cli analyse --tsne`: of the embedding
// of the stored model the track is named after (the space its auxiliary loss
// shapes; its windows, or an MS-TCN's segments) when there is one, otherwise
// of the compared windows' class probabilities. Items of classes the
// comparison does not show are left out. A builder is a value: the GUI copies
// it into its background job.
class TsneMapBuilder
{
public:
    TsneMapBuilder(PredictionItems items, const QString& track);

    // The newest stored model of the track's kind with an embedding. A model
    // that cannot be read goes to `unreadable` and an older one is tried;
    // without `unreadable` its error is thrown.
    void chooseModel(const Project& project,
                     const std::function<void(const QString&)>& unreadable = {});
    bool hasModel() const { return m_model != nullptr; }
    const QString& modelId() const { return m_modelId; }
    // Names and colours (#rrggbb, or empty) of the compared classes, kept with
    // the map so that it can be redrawn from the project.
    void setClasses(const QStringList& names, const QStringList& colours);
    // At most this many probability items, evenly spaced over all windows
    // (0: every window). The embedding has its own limit.
    void setMaximumItems(size_t maximumItems) { m_maximumItems = maximumItems; }
    // How many probability items gather() takes.
    size_t probabilityItemCount() const;

    // The items: the model's embedding of `recordings` (at most
    // kMaximumEmbeddedItems; progress 0 to 1 through `job`), else the
    // windows' probabilities. Throws what ModelEmbedding::compute throws.
    TsneMapItems gather(const std::vector<std::shared_ptr<const Recording>>& recordings,
                        const JobControl* job = nullptr) const;
    // t-SNE of the items (the perplexity at most a third of them) and the map's description.
    TsneMap map(const TsneMapItems& items, const TsneOptions& options,
                const JobControl* job = nullptr) const;
    // gather() then map(), the embedding taking the first fifth of the
    // progress; std::invalid_argument when fewer than 10 items are left.
    TsneMap build(const std::vector<std::shared_ptr<const Recording>>& recordings,
                  const TsneOptions& options, const JobControl* job = nullptr) const;

    // Keeps `map` in the project's results, replacing an older map of the same
    // track in the same space; returns what it stored.
    static StoredResult store(Project& project, const TsneMap& map);

    static constexpr size_t kMaximumEmbeddedItems = 5000;

private:
    PredictionItems m_items;
    QString m_track;
    std::shared_ptr<const ModelFile> m_model;
    QString m_modelId;
    QStringList m_classNames, m_classColours;
    size_t m_maximumItems = 0;
};

} // namespace kinemark
