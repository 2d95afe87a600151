#pragma once

#include "models/CrossValidationRequest.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QSpinBox;

namespace kinemark {

// Sets up a subject-wise cross-validation: model, leave-one-subject-out or k
// subject folds, epochs per fold, seed and threads. Each fold trains a fresh
// model, so the dialog says how many trainings that makes.
class CrossValidationDialog : public QDialog
{
    Q_OBJECT
public:
    // `subjects`: the subjects with ground truth (at least two).
    CrossValidationDialog(const QStringList& subjects, QWidget* parent = nullptr);

    CrossValidationRequest request() const;

private:
    void modelChanged();
    void updateSummary();

    QStringList m_subjects;
    QComboBox* m_model;
    QComboBox* m_scheme;
    QSpinBox* m_folds;
    QSpinBox* m_epochs;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QLabel* m_summary;
};

} // namespace kinemark
