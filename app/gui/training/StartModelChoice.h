#pragma once

#include "core/model/Project.h"

#include <QComboBox>
#include <QVariantMap>

namespace kinemark {

// The Train dialog's "Start from" choice: nothing (train from scratch) or one
// of the project's stored classifiers, whose weights, normalisation and
// classes a fine-tuning run continues from (TrainingRequest::initModel). Each
// model's tooltip says when it was made and, for a fine-tuned one, from which
// model. The stored models' summaries give the parent's kind and
// hyperparameters without reading its weights.
class StartModelChoice : public QComboBox
{
    Q_OBJECT
public:
    StartModelChoice(const Project& project, QWidget* parent = nullptr);

    // The chosen model's id; empty for "train from scratch".
    QString storedId() const { return currentData().toString(); }
    // Chooses the stored model `id`; false when the project has no such classifier.
    bool chooseStored(const QString& id);
    // The chosen model's kind and hyperparameters (empty for none).
    QString kind() const;
    QVariantMap hyperparameters() const;
    int storedCount() const { return count() - 1; }

private:
    const StoredModel* chosen() const;

    const Project& m_project;
};

} // namespace kinemark
