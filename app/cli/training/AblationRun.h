#pragma once

#include "core/model/Project.h"
#include "models/TrainingProgress.h"
#include "models/TrainingRequest.h"
#include "models/file/ModelFile.h"

#include <QCommandLineOption>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <functional>
#include <vector>

class QCommandLineParser;
class QTextStream;

namespace kinemark {

// One variant of an ablation: the base request with these hyperparameters changed.
struct AblationVariant
{
    int number;
    QString name;
    QVariantMap overrides;
};

// How an ablation prints its table: the first column's width, the metric
// columns' headers and JSON keys (shown in per cent), then "epoch" and
// "train s"; one width per column after the first.
struct AblationTable
{
    int variantWidth;
    QStringList headers;              // the metric columns' headers
    std::vector<const char*> metrics; // their keys in a variant's JSON row
    std::vector<int> widths;          // of the metric columns, then epoch and seconds
};

// What `ablate mstcn` and `ablate usad` share: the options that make the
// base request and choose the variants, and the run of one variant (trained
// on the same subjects with the same seed, timed, written to --out-dir as
// <model>-<n>.kmodel, evaluated on the validation subjects). The commands
// keep their own variants, progress lines and tables.
class AblationRun
{
public:
    struct Outcome
    {
        ModelFile model;
        QJsonObject evaluation; // ModelEvaluator::evaluate on the validation subjects
        double seconds = 0;     // of training
    };
    // A variant's training progress and the seconds since its training began.
    using Observer = std::function<void(const TrainingProgress&, double seconds)>;

    // How an ablation command's help describes it.
    struct Help
    {
        QString description;                         // the command's paragraph
        QString model;                               // "mstcn" or "usad"
        int variants;                                // how many the ablation has
        QString setExample;                          // a --set KEY=VALUE for the model
        QString jsonHelp;                            // what --json prints
        std::vector<QCommandLineOption> afterEpochs; // the command's own options
    };
    // The options every ablation command takes, in the order its help lists
    // them, with the command's own after --epochs.
    static void addOptions(QCommandLineParser& parser, const Help& help);

    // What an ablation command reads from its options: the base request and
    // the chosen variants (false after reporting a usage error on `err`).
    using ReadOptions = std::function<bool(const QCommandLineParser&, TrainingRequest* base,
                                           std::vector<AblationVariant>* chosen, QTextStream& err)>;
    // What it does with them once the project is open; its exit code.
    using Body = std::function<int(const AblationRun&, const std::vector<AblationVariant>& chosen,
                                   const QCommandLineParser&, QTextStream& out, QTextStream& err)>;
    // The frame every ablation command shares: parses `arguments` with the
    // options `addOptions` declares, reads them, opens the project named by the
    // third positional argument and runs `body`, reporting errors as every
    // command does (kinemark-cli ablate: ...).
    static int runCommand(const QStringList& arguments,
                          const std::function<void(QCommandLineParser&)>& addOptions,
                          const ReadOptions& read, const Body& body);

    // --classes, --val-subjects (required), --epochs, --set and --variants
    // (numbers 1 to all.size(), default all in order) into `base` and `chosen`.
    // A usage error is reported on `err` as "kinemark-cli ablate: ..." and
    // returns false.
    static bool readOptions(const QCommandLineParser& parser,
                            const std::vector<AblationVariant>& all, TrainingRequest* base,
                            std::vector<AblationVariant>* chosen, QTextStream& err);

    // Opens the project and sets the thread count; announces the ablation of
    // base.model on `err` unless `quiet`.
    AblationRun(const QString& projectPath, const TrainingRequest& base, const QString& outDir,
                bool quiet, QTextStream& err);

    Outcome run(const AblationVariant& variant, const Observer& observer) const;

    // Runs the chosen variants in order and returns their JSON rows (made by
    // `rowOf`); without `json`, prints the table's header on `out` first and
    // each variant's line as soon as it is trained. `observerOf` gives each
    // variant's progress observer.
    QJsonArray
    runAll(const std::vector<AblationVariant>& chosen, const AblationTable& table, bool json,
           QTextStream& out, const std::function<Observer(const AblationVariant&)>& observerOf,
           const std::function<QJsonObject(const AblationVariant&, const Outcome&)>& rowOf) const;

    // The fields every variant's JSON row has: its number, name, best epoch and training seconds.
    static void describe(const AblationVariant& variant, const Outcome& outcome, QJsonObject* row);
    // A line of an ablation's table: `first` left-aligned in `firstWidth`,
    // then each cell right-aligned in its width, two spaces apart.
    static QString tableLine(const QString& first, int firstWidth, const QStringList& cells,
                             const std::vector<int>& widths);
    // A variant's line: "(n) name", the row's `metrics` in per cent with two
    // decimals, its best epoch and its whole training seconds.
    static QString tableRow(const AblationVariant& variant, int firstWidth, const QJsonObject& row,
                            const std::vector<const char*>& metrics,
                            const std::vector<int>& widths);

private:
    Project m_project;
    TrainingRequest m_base;
    QString m_outDir; // empty: the models are not written
};

} // namespace kinemark
