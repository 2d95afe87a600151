#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QSpinBox;

namespace kinemark {

class EncoderChoice;

// Sets up a training run: model, classes, training and validation subjects
// (subject-disjoint by construction), and the key hyperparameters with the
// paper's defaults. Choices are remembered between runs.
class TrainDialog : public QDialog
{
    Q_OBJECT
public:
    TrainDialog(const Project& project, QWidget* parent = nullptr);

    TrainingRequest request() const;
    // The pre-trained encoder choice (shown for selfpab only).
    EncoderChoice* encoderChoice() const { return m_encoder; }

private:
    // The dialog, step by step (the constructor calls them in this order).
    void fillModels();
    void describeEncoder();
    void fillClasses();
    void fillSubjects();
    void setUpNumbers();
    void layOut();
    void modelChanged();
    void updateSummary();

    const Project& m_project;
    QComboBox* m_model;
    EncoderChoice* m_encoder;
    QLabel* m_encoderNote;
    QFormLayout* m_form = nullptr;
    QListWidget* m_classes;
    QListWidget* m_subjects; // checked = validation
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_windowLength;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QLabel* m_paper;
    QLabel* m_summary;
};

} // namespace kinemark
