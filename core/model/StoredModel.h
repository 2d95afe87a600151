#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace kinemark {

// A trained model kept in a project: the bytes of its standalone .kmodel file
// (see models/ModelFile.h) plus the header fields a list of models shows
// without loading weights.
struct StoredModel
{
    QString id;          // unique within the project, e.g. "cnn-center 2026-11-30 18:04"
    QString kind;        // registry id: "cnn-center", "resnet-supcon", ...
    QJsonObject summary; // classes, training subjects, validation metrics, created
    QByteArray data;     // the .kmodel file

    bool operator==(const StoredModel& o) const
    {
        return id == o.id && kind == o.kind && summary == o.summary && data == o.data;
    }
};

} // namespace kinemark
