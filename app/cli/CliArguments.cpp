#include "app/cli/CliArguments.h"

#include "app/cli/CliCommand.h"

#include "core/base/UserMessage.h"
#include "core/io/RecordingSizeLimit.h"

#include <QCommandLineParser>
#include <QTextStream>
#include <new>
#include <stdexcept>

namespace kinemark {

QStringList CliArguments::list(const QCommandLineParser& parser, const char* name)
{
    return parser.value(QLatin1String(name)).split(QLatin1Char(','), Qt::SkipEmptyParts);
}

bool CliArguments::classIds(const QCommandLineParser& parser, std::vector<int32_t>* ids,
                            QString* bad)
{
    for (const QString& id : list(parser, "classes")) {
        bool ok = false;
        ids->push_back(id.toInt(&ok));
        if (!ok) {
            *bad = id;
            return false;
        }
    }
    return true;
}

bool CliArguments::hyperparameters(const QCommandLineParser& parser, QVariantMap* hyperparameters,
                                   QTextStream& err, const char* command)
{
    if (parser.isSet(QStringLiteral("epochs")))
        (*hyperparameters)[QStringLiteral("epochs")] = parser.value(QStringLiteral("epochs"));
    for (const QString& kv : parser.values(QStringLiteral("set"))) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            err << "kinemark-cli " << command << ": --set needs KEY=VALUE, not '" << kv << "'\n";
            return false;
        }
        (*hyperparameters)[kv.left(eq)] = kv.mid(eq + 1);
    }
    return true;
}

int CliArguments::reportingErrors(QTextStream& err, const char* command,
                                  const std::function<int()>& body)
{
    try {
        return body();
    } catch (const std::invalid_argument& e) {
        err << "kinemark-cli " << command << ": " << e.what() << "\n";
        return ExitUsage;
    } catch (const std::exception& e) {
        err << "kinemark-cli " << command << ": "
            << errorText(e, QStringLiteral("running '%1'").arg(QLatin1String(command))) << "\n";
    }
    return ExitFailure;
}

QString CliArguments::errorText(const std::exception& e, const QString& doing)
{
    QString text = UserMessage::of(e, doing);
    if (dynamic_cast<const std::bad_alloc*>(&e))
        text += QStringLiteral(" (the recording size limit is %1; a lower --max-recording-gb "
                               "refuses large inputs before reading them)")
                    .arg(RecordingSizeLimit::describe());
    return text;
}

} // namespace kinemark
