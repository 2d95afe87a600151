#include "app/cli/labels/LabelSetCommand.h"

#include "app/cli/CliArguments.h"
#include "app/cli/CliCommand.h"
#include "core/base/FormatError.h"
#include "core/editing/EditJournal.h"
#include "core/editing/LabelSetEdits.h"
#include "core/labels/LabelSetFile.h"
#include "core/project/ProjectFile.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QMap>
#include <QTextStream>
#include <stdexcept>

namespace kinemark {

namespace {
void addOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Moves a project's label set to and from a JSON file (the format of the built-in sets: "
        "{\"id\", \"name\", \"classes\": [{\"id\", \"name\", \"colour\", \"shortcut\"}]}).\n"
        "  labels set export <project> [--label-set ID] -o FILE.json\n"
        "  labels set import <project> FILE.json [--label-set ID] [--merge]"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("labels"), QStringLiteral("the command"));
    parser.addPositionalArgument(QStringLiteral("set"), QStringLiteral("label sets"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("export or import"));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("project file (.kmk)"));
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("import: the label set file"),
                                 QStringLiteral("[file]"));
    parser.addOption({{"o", "output"}, "Export: the label set file to write.", "FILE.json"});
    parser.addOption({"label-set",
                      "The project's label set (needed when it has several; import: default the "
                      "set with the file's id).",
                      "ID"});
    parser.addOption({"merge", "Import: add the file's classes and update those of the same id, "
                               "keeping the project's others (default: replace the set)."});
}

QString idList(const QStringList& ids)
{
    return ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", "));
}

QStringList setIds(const Project& project)
{
    QStringList ids;
    for (const LabelSet& s : project.labelSets)
        ids << s.id;
    return ids;
}

// The set --label-set names, or the project's only one.
LabelSet* chosenSet(Project& project, const QCommandLineParser& parser)
{
    if (parser.isSet("label-set")) {
        for (LabelSet& s : project.labelSets)
            if (s.id == parser.value("label-set"))
                return &s;
        throw std::invalid_argument(QStringLiteral("the project has no label set '%1' (it has: %2)")
                                        .arg(parser.value("label-set"), idList(setIds(project)))
                                        .toStdString());
    }
    if (project.labelSets.size() == 1)
        return &project.labelSets.front();
    if (project.labelSets.empty())
        return nullptr;
    throw std::invalid_argument(
        QStringLiteral("the project has %1 label sets (%2); choose one with --label-set")
            .arg(project.labelSets.size())
            .arg(idList(setIds(project)))
            .toStdString());
}

int exportSet(Project& project, const QCommandLineParser& parser, QTextStream& out,
              QTextStream& err)
{
    const QString path = parser.value("output");
    if (path.isEmpty()) {
        err << "kinemark-cli labels set export: name the file to write with -o FILE.json\n";
        return ExitUsage;
    }
    const LabelSet* set = chosenSet(project, parser);
    if (!set)
        throw std::invalid_argument("the project has no label set");
    LabelSetFile::write(*set, path);
    out << QStringLiteral("%1: label set '%2' (%3 classes)\n")
               .arg(path, set->id)
               .arg(set->classes.size());
    return ExitOk;
}

int importSet(Project& project, const QString& projectPath, const QString& path,
              const QCommandLineParser& parser, QTextStream& out)
{
    LabelSet file = LabelSetFile::read(path);
    LabelSet* target = nullptr;
    if (parser.isSet("label-set")) {
        target = chosenSet(project, parser);
    } else {
        for (LabelSet& s : project.labelSets)
            if (s.id == file.id)
                target = &s;
        if (!target && !project.labelSets.empty())
            target = chosenSet(project, parser);
    }
    LabelSet result = file;
    if (target) {
        // The recordings name the set by id: it keeps the project's.
        result.id = target->id;
        if (parser.isSet("merge")) {
            result = *target;
            for (const LabelClass& c : file.classes) {
                bool updated = false;
                for (LabelClass& mine : result.classes)
                    if (mine.id == c.id) {
                        mine = c;
                        updated = true;
                    }
                if (!updated)
                    result.classes.push_back(c);
            }
            // The union may give one name or key to two classes: the file's checks say where.
            result = LabelSetFile::parse(
                result.toJson(), QStringLiteral("%1 merged into '%2'").arg(path, target->id));
        }
        const QMap<int32_t, QString> used = LabelSetEdits::classesInUse(project, target->id);
        const QList<int32_t> usedIds = used.keys();
        const std::vector<int32_t> missing =
            LabelSetFile::missingIds(result, std::vector<int32_t>(usedIds.begin(), usedIds.end()));
        if (!missing.empty()) {
            QStringList named;
            for (int32_t id : missing)
                named << QStringLiteral("%1 '%2' (%3)")
                             .arg(id)
                             .arg(target->className(id), used.value(id));
            throw FormatError(
                path,
                QStringLiteral("lacks %1 class(es) the project's tracks use: %2; add them to the "
                               "file, or pass --merge to keep the project's classes")
                    .arg(missing.size())
                    .arg(named.join(QStringLiteral(", "))));
        }
    }
    const bool replaced = target != nullptr;
    const QString id = result.id;
    if (target)
        *target = std::move(result);
    else
        project.labelSets.push_back(std::move(result));
    // A new lineage: a journal of edits against the old classes must not be replayed onto these.
    EditJournal::stamp(project, EditJournal::newLineage(), 0);
    ProjectFile::save(project, projectPath);
    const LabelSet* now = project.labelSet(id);
    out << QStringLiteral("%1: label set '%2' %3 from %4 (%5 classes)\n")
               .arg(projectPath, id,
                    !replaced               ? QStringLiteral("added")
                    : parser.isSet("merge") ? QStringLiteral("merged")
                                            : QStringLiteral("replaced"),
                    path)
               .arg(now ? now->classes.size() : 0);
    return ExitOk;
}
} // namespace

int LabelSetCommand::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    addOptions(parser);
    parser.process(arguments);

    QTextStream out(stdout), err(stderr);
    const QStringList pos = parser.positionalArguments();
    const QString action = pos.value(2);
    const bool isExport = action == QLatin1String("export");
    const bool isImport = action == QLatin1String("import");
    if ((!isExport && !isImport) || pos.size() < (isImport ? 5 : 4) || pos.size() > 5 ||
        (isExport && pos.size() != 4)) {
        err << "kinemark-cli labels set: use 'labels set export <project> -o FILE.json' or "
               "'labels set import <project> FILE.json'\n";
        return ExitUsage;
    }
    const QString projectPath = pos[3];
    try {
        Project project = ProjectFile::open(projectPath);
        if (isExport)
            return exportSet(project, parser, out, err);
        return importSet(project, projectPath, pos[4], parser, out);
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli labels set: " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli labels set: "
            << CliArguments::errorText(e, QStringLiteral("working on the label set")) << "\n";
        return ExitFailure;
    }
}

} // namespace kinemark
