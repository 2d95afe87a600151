#include "core/base/FormatError.h"

namespace kinemark {

namespace {
QString compose(const QString& file, const QString& message, qint64 line, int column,
                const QString& placeKind)
{
    QString where = file.isEmpty() ? QStringLiteral("<input>") : file;
    if (line > 0) {
        if (placeKind == QLatin1String("line")) {
            where += QLatin1Char(':') + QString::number(line);
            if (column > 0)
                where += QLatin1Char(':') + QString::number(column);
        } else {
            where += QStringLiteral(", %1 %2").arg(placeKind).arg(line);
            if (column > 0)
                where += QStringLiteral(", column %1").arg(column);
        }
    }
    return where + QStringLiteral(": ") + message;
}
} // namespace

FormatError::FormatError(QString file, QString message, qint64 line, int column, QString placeKind)
    : std::runtime_error(compose(file, message, line, column, placeKind).toStdString()),
      m_file(std::move(file)), m_message(std::move(message)), m_line(line), m_column(column),
      m_placeKind(std::move(placeKind))
{}

QString FormatError::describe() const
{
    return QString::fromStdString(what());
}

} // namespace kinemark
