#include "app/cli/training/FineTuningOptions.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QTextStream>
#include <algorithm>

namespace kinemark {

namespace {
QString listText(const QJsonValue& array)
{
    QStringList items;
    for (const QJsonValue& v : array.toArray())
        items << v.toVariant().toString();
    return items.isEmpty() ? QStringLiteral("none") : items.join(QStringLiteral(", "));
}
} // namespace

void FineTuningOptions::addTo(QCommandLineParser& parser)
{
    parser.addOption({"init-model",
                      "Fine-tune: start from this model (a .kmodel file or the id of a model "
                      "stored in the project), with its network, normalisation and classes; "
                      "--model may be left out. Defaults to a tenth of its learning rate and 5 "
                      "epochs.",
                      "FILE|ID"});
    parser.addOption({"new-classes",
                      "With --init-model: add the training data's classes the model does not "
                      "know to its classifier (its own rows are kept)."});
    parser.addOption({"replay",
                      "With --init-model: also train on this fraction (0..1, seeded sample) of "
                      "the model's own training recordings, so that it forgets nothing.",
                      "FRACTION"});
    parser.addOption({"lr", "Learning rate (the same as --set lr=RATE).", "RATE"});
}

bool FineTuningOptions::wanted(const QCommandLineParser& parser)
{
    return parser.isSet(QStringLiteral("init-model"));
}

bool FineTuningOptions::read(const QCommandLineParser& parser, const Project& project,
                             TrainingRequest* request, QTextStream& err)
{
    if (parser.isSet(QStringLiteral("lr")) &&
        !request->hyperparameters.contains(QStringLiteral("lr")))
        request->hyperparameters[QStringLiteral("lr")] = parser.value(QStringLiteral("lr"));
    if (!wanted(parser)) {
        if (parser.isSet(QStringLiteral("new-classes")) || parser.isSet(QStringLiteral("replay"))) {
            err << "kinemark-cli train: --new-classes and --replay need --init-model\n";
            return false;
        }
        return true;
    }
    const QString init = parser.value(QStringLiteral("init-model"));
    if (QFileInfo(init).isFile()) {
        request->initModelPath = init;
    } else if (std::any_of(project.models.begin(), project.models.end(),
                           [&](const StoredModel& m) { return m.id == init; })) {
        request->initModel = init;
    } else {
        err << "kinemark-cli train: --init-model '" << init
            << "' is neither a file nor the id of a model stored in the project\n";
        return false;
    }
    request->extendClasses = parser.isSet(QStringLiteral("new-classes"));
    if (parser.isSet(QStringLiteral("replay"))) {
        bool ok = false;
        request->replayFraction = parser.value(QStringLiteral("replay")).toDouble(&ok);
        if (!ok || !(request->replayFraction >= 0 && request->replayFraction <= 1)) {
            err << "kinemark-cli train: --replay needs a fraction from 0 to 1, not '"
                << parser.value(QStringLiteral("replay")) << "'\n";
            return false;
        }
    }
    return true;
}

QString FineTuningOptions::describe(const ModelFile& model)
{
    const QJsonObject f = model.trainingData.value(QStringLiteral("fine_tuning")).toObject();
    if (model.parent.isEmpty() || f.isEmpty())
        return {};
    QString text =
        QStringLiteral("started from %1 (created %2, weights %3…)\n")
            .arg(model.parent.id, model.parent.created, model.parent.weightsHash.left(12));
    text += QStringLiteral("fine-tuning: %1 epochs at learning rate %2")
                .arg(f.value(QStringLiteral("epochs")).toInt())
                .arg(f.value(QStringLiteral("lr")).toDouble());
    if (!f.value(QStringLiteral("new_classes")).toArray().isEmpty())
        text += QStringLiteral("; new classes %1").arg(listText(f.value("new_classes")));
    text += QStringLiteral("\ntrained on: %1").arg(listText(f.value("corrected_recordings")));
    const QJsonArray replay = f.value(QStringLiteral("replay_recordings")).toArray();
    if (!replay.isEmpty())
        text += QStringLiteral("; replayed (%1 of the parent's): %2")
                    .arg(f.value(QStringLiteral("replay_fraction")).toDouble())
                    .arg(listText(replay));
    const QStringList validation =
        model.validation.value(QStringLiteral("subjects")).toVariant().toStringList();
    text += validation.isEmpty()
                ? QStringLiteral("\nepoch: the last (no validation subjects)\n")
                : QStringLiteral("\nepoch %1 chosen by validation subjects %2\n")
                      .arg(model.validation.value(QStringLiteral("best_epoch")).toInt())
                      .arg(validation.join(QStringLiteral(", ")));
    return text;
}

} // namespace kinemark
