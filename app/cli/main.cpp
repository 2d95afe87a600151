// kinemark-cli: the headless twin of Kinemark, for scripts and batch work.
#include "app/cli/CliCommand.h"
#include "app/cli/analysis/AnalyseCommand.h"
#include "app/cli/analysis/EffortCommand.h"
#include "app/cli/analysis/ReportCommand.h"
#include "app/cli/cohort/CohortCommand.h"
#include "app/cli/data/DemoCommand.h"
#include "app/cli/data/ImportCommand.h"
#include "app/cli/data/InfoCommand.h"
#include "app/cli/labels/AgreeCommand.h"
#include "app/cli/labels/LabelsCommand.h"
#include "app/cli/models/ModelCommand.h"
#include "app/cli/training/AblateCommand.h"
#include "app/cli/training/CrossvalCommand.h"
#include "app/cli/training/EvaluateCommand.h"
#include "app/cli/training/PredictCommand.h"
#include "app/cli/training/PretrainCommand.h"
#include "app/cli/training/TrainCommand.h"
#include "app/cli/video/VideoCommand.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>
#include <algorithm>
#include <cstring>
#include <memory>

namespace {
void printUsage(QTextStream& s)
{
    s << "usage: kinemark-cli <command> [options]\n\n"
         "commands:\n"
         "  info <file-or-folder>... [--format F] [--json]   summarise recordings or a project\n"
         "  import <inputs>... --format F -o project.kmk     import recordings into a project\n"
         "  labels export|import <project> ...               export or import labels (CSV, sample "
         "column, ELAN)\n"
         "  labels set export|import <project> FILE.json     move the project's label set to or "
         "from a file\n"
         "  agree <project> [--a TRACK] [--b TRACK]          agreement between two tracks (kappa, "
         "F1, boundaries)\n"
         "  train <project> --model M -o model.kmodel        train a model (cnn-center, "
         "resnet-supcon, mstcn)\n"
         "  pretrain <project> -o encoder.kmodel             pre-train SelfPAB's encoder without "
         "labels\n"
         "  predict <project> --model-file model.kmodel      store the model's prediction tracks "
         "in the project\n"
         "  evaluate <project> --model-file model.kmodel     window-, sample- and segment-level "
         "metrics per subject\n"
         "  crossval <project> --model M --folds loso|K      subject-wise cross-validation (per "
         "fold, mean +- std)\n"
         "  analyse <project> --track NAME --plots DIR       confusion matrix, ROC, t-SNE as "
         "PNG/SVG/PDF + CSV\n"
         "  effort <project> --track NAME                    editor operations that correct a "
         "track into the truth\n"
         "  ablate mstcn <project> --val-subjects IDS        train the MS-TCN ablation variants "
         "and compare them\n"
         "  ablate usad <project> --val-subjects IDS         train the USAD ablation variants "
         "(per-class F1, rarest marked)\n"
         "  model convert|keygen|sign|verify ...             convert a version-1 model file; sign "
         "and verify model files\n"
         "  report <project> --recording R -o report.pdf     time-use report (PDF; --csv DIR for "
         "the tables)\n"
         "  video attach|detach|list|sync|relocate <project> ...  videos filmed alongside a "
         "recording: offset, drift, status\n"
         "  cohort run MANIFEST.csv --out DIR [--shard i/n]    import, predict and summarise "
         "each participant (resumable)\n"
         "  cohort collate DIR -o summary.csv                one row per participant, failures "
         "apart\n"
         "  demo [--days N] -o project.kmk                   write the built-in demo as a "
         "project\n\n"
         "  kinemark-cli <command> --help                     options of a command\n";
}
} // namespace

int main(int argc, char* argv[])
{
    // The report paints (fonts, QPdfWriter), which needs a QGuiApplication;
    // offscreen, so that it runs without a display.
    // analyse draws with the Analysis panel's widgets (never shown on a screen): a QApplication.
    std::unique_ptr<QCoreApplication> application;
    // cohort run --report paints each participant's report.
    const bool cohortReport = argc > 1 && std::strcmp(argv[1], "cohort") == 0 &&
                              std::any_of(argv + 2, argv + argc, [](const char* a) {
                                  return std::strcmp(a, "--report") == 0;
                              });
    const bool paints = argc > 1 && (std::strcmp(argv[1], "report") == 0 ||
                                     std::strcmp(argv[1], "analyse") == 0 || cohortReport);
    if (paints && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (argc > 1 && std::strcmp(argv[1], "analyse") == 0) {
        application = std::make_unique<QApplication>(argc, argv);
    } else if (paints) {
        application = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        application = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("kinemark-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Kinemark"));
    QCoreApplication::setApplicationVersion(QStringLiteral(KINEMARK_VERSION));
    const QStringList args = QCoreApplication::arguments();
    QTextStream out(stdout), err(stderr);
    if (args.size() < 2 || args[1] == QLatin1String("--help") || args[1] == QLatin1String("-h")) {
        printUsage(args.size() < 2 ? err : out);
        return args.size() < 2 ? kinemark::ExitUsage : kinemark::ExitOk;
    }
    if (args[1] == QLatin1String("--version")) {
        out << "kinemark-cli " << KINEMARK_VERSION << "\n";
        return kinemark::ExitOk;
    }
    const QString command = args[1];
    if (command == QLatin1String("info"))
        return kinemark::InfoCommand::run(args);
    if (command == QLatin1String("import"))
        return kinemark::ImportCommand::run(args);
    if (command == QLatin1String("labels"))
        return kinemark::LabelsCommand::run(args);
    if (command == QLatin1String("agree"))
        return kinemark::AgreeCommand::run(args);
    if (command == QLatin1String("train"))
        return kinemark::TrainCommand::run(args);
    if (command == QLatin1String("pretrain"))
        return kinemark::PretrainCommand::run(args);
    if (command == QLatin1String("predict"))
        return kinemark::PredictCommand::run(args);
    if (command == QLatin1String("evaluate"))
        return kinemark::EvaluateCommand::run(args);
    if (command == QLatin1String("analyse"))
        return kinemark::AnalyseCommand::run(args);
    if (command == QLatin1String("effort"))
        return kinemark::EffortCommand::run(args);
    if (command == QLatin1String("crossval"))
        return kinemark::CrossvalCommand::run(args);
    if (command == QLatin1String("ablate"))
        return kinemark::AblateCommand::run(args);
    if (command == QLatin1String("model"))
        return kinemark::ModelCommand::run(args);
    if (command == QLatin1String("report"))
        return kinemark::ReportCommand::run(args);
    if (command == QLatin1String("cohort"))
        return kinemark::CohortCommand::run(args);
    if (command == QLatin1String("demo"))
        return kinemark::DemoCommand::run(args);
    if (command == QLatin1String("video"))
        return kinemark::VideoCommand::run(args);
    err << "kinemark-cli: unknown command '" << command << "'\n\n";
    printUsage(err);
    return kinemark::ExitUsage;
}
