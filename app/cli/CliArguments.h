#pragma once

#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <cstdint>
#include <functional>
#include <vector>

class QCommandLineParser;
class QTextStream;
namespace std {
class exception;
}

namespace kinemark {

// The options several commands read the same way (comma-separated lists,
// --classes, --epochs and --set), and the one way every command turns an
// exception into its message and exit code, so that each command's run()
// only says what is its own.
class CliArguments
{
public:
    // A comma-separated option as a list, empty parts dropped.
    static QStringList list(const QCommandLineParser& parser, const char* name);

    // --classes as class ids appended to `ids`; false, with the item that is
    // not an integer in `bad`, when one is not.
    static bool classIds(const QCommandLineParser& parser, std::vector<int32_t>* ids, QString* bad);

    // --epochs and every --set KEY=VALUE into `hyperparameters` (--set last, so
    // it wins). A --set without KEY= is reported on `err` as "kinemark-cli
    // <command>: ..." and returns false.
    static bool hyperparameters(const QCommandLineParser& parser, QVariantMap* hyperparameters,
                                QTextStream& err, const char* command);

    // Runs a command's body: std::invalid_argument is a usage error
    // (ExitUsage), any other exception a failure (ExitFailure); either is
    // reported on `err` as "kinemark-cli <command>: <what>".
    static int reportingErrors(QTextStream& err, const char* command,
                               const std::function<int()>& body);

    // An exception's message for the user (UserMessage::of: no library
    // backtrace), and for running out of memory what the command was `doing`
    // and the recording size limit in force, never a bare "std::bad_alloc".
    static QString errorText(const std::exception& e, const QString& doing);
};

} // namespace kinemark
