#pragma once

#include "core/editing/ProjectEdit.h"
#include "core/editing/TrackEdits.h"

#include <QCoreApplication>
#include <optional>

namespace kinemark {

// The project edit each tier operation of the annotation editor makes (add a
// tier, rename or delete one, copy a prediction to a new tier), or why it
// cannot be made; AnnotationEditor pushes it as one undo step. A name is a
// tier's only identity in a recording, so every new name is checked here.
class TierEdits
{
    Q_DECLARE_TR_FUNCTIONS(TierEdits)
public:
    // One operation's outcome: the edit and its undo text, or a problem to tell the user.
    // Neither (renaming a tier to its own name) means there is nothing to do.
    struct Outcome
    {
        std::optional<ProjectEdit> edit;
        QString description;
        QString tier; // the tier's name after the edit
        QString problem;
    };

    // Why `name` cannot name a new tier of `recording` ("" when it can).
    static QString nameProblem(const Recording* recording, const QString& name);
    static Outcome add(const Recording& recording, const QString& name);
    static Outcome rename(const Recording& recording, const QString& from, const QString& to);
    static Outcome remove(const Recording& recording, const QString& name);
    // The prediction's segments as an annotation tier, stamped as made by `stamp`.
    static Outcome copyPrediction(const Recording& recording, const QString& predictionName,
                                  const QString& tierName, const EditStamp& stamp);
};

} // namespace kinemark
