#include "core/model/StoredResult.h"

#include <QStringList>

namespace kinemark {

QString StoredResult::makeId(const QString& kind, const QString& model, const QString& created,
                             const QStringList& taken)
{
    const QString base = QStringLiteral("%1 %2 %3").arg(kind, model, created);
    QString id = base;
    for (int n = 2; taken.contains(id); ++n)
        id = QStringLiteral("%1 (%2)").arg(base).arg(n);
    return id;
}

} // namespace kinemark
