#include "models/inference/TsneMapBuilder.h"

#include "core/model/Project.h"
#include "models/file/ModelFile.h"
#include "models/inference/ModelEmbedding.h"

#include <QDateTime>
#include <QJsonArray>
#include <algorithm>
#include <stdexcept>

namespace kinemark {

TsneMapBuilder::TsneMapBuilder(PredictionItems items, const QString& track)
    : m_items(std::move(items)), m_track(track)
{}

void TsneMapBuilder::chooseModel(const Project& project,
                                 const std::function<void(const QString&)>& unreadable)
{
    for (auto it = project.models.rbegin(); it != project.models.rend() && !m_model; ++it) {
        if (it->kind != m_track || !ModelEmbedding::hasEmbedding(it->kind))
            continue;
        if (!unreadable) {
            m_model = std::make_shared<const ModelFile>(ModelFile::fromBytes(it->data, it->id));
            m_modelId = it->id;
            continue;
        }
        try {
            m_model = std::make_shared<const ModelFile>(ModelFile::fromBytes(it->data, it->id));
            m_modelId = it->id;
        } catch (const std::exception& e) {
            unreadable(QString::fromUtf8(e.what()));
        }
    }
}

void TsneMapBuilder::setClasses(const QStringList& names, const QStringList& colours)
{
    m_classNames = names;
    m_classColours = colours;
}

size_t TsneMapBuilder::probabilityItemCount() const
{
    const size_t n = m_items.size();
    if (m_maximumItems == 0 || n == 0)
        return n;
    const size_t stride = (n + m_maximumItems - 1) / m_maximumItems;
    return (n + stride - 1) / stride;
}

TsneMapItems TsneMapBuilder::gather(const std::vector<std::shared_ptr<const Recording>>& recordings,
                                    const JobControl* job) const
{
    TsneMapItems items;
    const std::vector<int32_t>& classIds = m_items.classIds;
    if (!m_model) {
        // Evenly spaced windows, so that the map of a week stays interactive.
        const size_t k = classIds.size();
        const size_t stride =
            m_maximumItems == 0 ? 1 : (m_items.size() + m_maximumItems - 1) / m_maximumItems;
        for (size_t i = 0; i < m_items.size(); i += stride) {
            items.rows.insert(items.rows.end(), m_items.probabilities.begin() + long(i * k),
                              m_items.probabilities.begin() + long((i + 1) * k));
            items.classes.push_back(m_items.truth[i]);
            items.origins.push_back(m_items.origins[int(i)]);
        }
        items.dimension = k;
        items.itemsAre = QStringLiteral("windows");
        return items;
    }
    const ModelEmbedding embedding =
        ModelEmbedding::compute(*m_model, recordings, kMaximumEmbeddedItems, job);
    for (size_t i = 0; i < embedding.size(); ++i) {
        const auto shown = std::find(classIds.begin(), classIds.end(), embedding.classIds[i]);
        if (shown == classIds.end())
            continue;
        items.rows.insert(items.rows.end(), embedding.rows.begin() + long(i * embedding.dimension),
                          embedding.rows.begin() + long((i + 1) * embedding.dimension));
        items.classes.push_back(int32_t(shown - classIds.begin()));
        items.origins.push_back(embedding.origins[int(i)]);
    }
    items.dimension = embedding.dimension;
    items.itemsAre = embedding.items;
    return items;
}

TsneMap TsneMapBuilder::map(const TsneMapItems& items, const TsneOptions& options,
                            const JobControl* job) const
{
    TsneOptions tsne = options;
    tsne.perplexity = std::min(tsne.perplexity, std::max(1.0, double(items.size() - 1) / 3));
    TsneMap map;
    map.result =
        TsneEmbedding::compute(items.rows.data(), items.size(), items.dimension, tsne, job);
    map.classes = items.classes;
    map.origins = items.origins;
    QJsonArray names, colours, ids;
    for (int i = 0; i < m_classNames.size(); ++i) {
        names.append(m_classNames[i]);
        colours.append(m_classColours.value(i));
        ids.append(m_items.classIds[size_t(i)]);
    }
    // Positions and items as arrays of plain numbers and strings: readable
    // from h5py with json.loads, and enough to redraw the map.
    QJsonArray positions, classes, origins;
    for (float v : map.result.positions)
        positions.append(double(v));
    for (int32_t c : map.classes)
        classes.append(c);
    for (const ItemOrigin& o : map.origins)
        origins.append(QJsonArray{o.recordingId, o.subject, qint64(o.startSample),
                                  qint64(o.endSample), o.sampleRateHz});
    map.description = QJsonObject{
        {QStringLiteral("track"), m_track},
        {QStringLiteral("model"), m_modelId},
        {QStringLiteral("space"),
         m_model ? QStringLiteral("embedding") : QStringLiteral("probabilities")},
        {QStringLiteral("items_are"), items.itemsAre},
        {QStringLiteral("class_names"), names},
        {QStringLiteral("class_colours"), colours},
        {QStringLiteral("class_ids"), ids},
        {QStringLiteral("options"), tsne.toJson()},
        {QStringLiteral("positions"), positions},
        {QStringLiteral("classes"), classes},
        {QStringLiteral("items"), origins},
        {QStringLiteral("kl_divergence"), map.result.klDivergence},
        {QStringLiteral("exact"), map.result.exact},
    };
    return map;
}

TsneMap TsneMapBuilder::build(const std::vector<std::shared_ptr<const Recording>>& recordings,
                              const TsneOptions& options, const JobControl* job) const
{
    JobControl stage;
    stage.cancelRequested = job ? job->cancelRequested : nullptr;
    const bool embedded = hasModel();
    stage.progress = [job](double fraction, const QString& what) {
        reportProgress(job, 0.2 * fraction, what);
    };
    const TsneMapItems items = gather(recordings, &stage);
    if (embedded && items.size() < 10)
        throw std::invalid_argument("fewer than 10 items of the compared classes");
    stage.progress = [job, embedded](double fraction, const QString& what) {
        reportProgress(job, embedded ? 0.2 + 0.8 * fraction : fraction, what);
    };
    return map(items, options, &stage);
}

StoredResult TsneMapBuilder::store(Project& project, const TsneMap& map)
{
    const QJsonObject& description = map.description;
    // A new map of the same track in the same space replaces the old one.
    auto& results = project.results;
    results.erase(std::remove_if(results.begin(), results.end(),
                                 [&](const StoredResult& r) {
                                     return r.kind == QLatin1String(StoredResult::kTsne) &&
                                            r.result.value(QStringLiteral("track")) ==
                                                description.value(QStringLiteral("track")) &&
                                            r.result.value(QStringLiteral("space")) ==
                                                description.value(QStringLiteral("space"));
                                 }),
                  results.end());
    StoredResult stored;
    stored.kind = QString::fromLatin1(StoredResult::kTsne);
    stored.model = description.value(QStringLiteral("model")).toString();
    if (stored.model.isEmpty())
        stored.model = description.value(QStringLiteral("track")).toString();
    stored.created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    stored.id =
        StoredResult::makeId(stored.kind, stored.model, stored.created, project.resultIds());
    stored.result = description;
    results.push_back(stored);
    return stored;
}

} // namespace kinemark
