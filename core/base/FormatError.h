#pragma once

#include <QString>
#include <stdexcept>

namespace kinemark {

// The one error type that readers and the project file throw when input is bad.
// It always names the file and, where it makes sense, the place in it, so that
// the user can open the file and see what is wrong.
class FormatError : public std::runtime_error
{
public:
    // line and column are 1-based; 0 means "not applicable". For binary formats
    // `line` holds the block or record index and `placeKind` says so.
    FormatError(QString file, QString message, qint64 line = 0, int column = 0,
                QString placeKind = QStringLiteral("line"));

    const QString& file() const { return m_file; }
    const QString& message() const { return m_message; }
    qint64 line() const { return m_line; }
    int column() const { return m_column; }
    const QString& placeKind() const { return m_placeKind; }

    // "file:line:column: message", or "file, block 13: message" for binary places.
    QString describe() const;

private:
    QString m_file;
    QString m_message;
    qint64 m_line;
    int m_column;
    QString m_placeKind;
};

} // namespace kinemark
