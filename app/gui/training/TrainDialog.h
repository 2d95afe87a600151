#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"
#include "models/training/TrainingCalibration.h"

#include <QDialog>
#include <QMap>
#include <QVariantMap>
#include <atomic>
#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTimer;

namespace kinemark {

class EncoderChoice;
class StartModelChoice;

// Sets up a training run: model, classes, training and validation subjects
// (subject-disjoint by construction), and the key hyperparameters.
//
// Each model remembers its own last values (QSettings train/models/<id>/:
// epochs, batch, learning rate, window, seed, the classes left out and the
// validation subjects), saved when a run starts and restored when the model
// is chosen again; Defaults gives the model's defaults back. The default
// epochs are SuggestedEpochs' for the project's size, not the paper's
// maximum. Beside the epochs, the run's time on this machine: a calibration
// of a few optimiser steps in the background (TrainingCalibration), measured
// again only when the network's shape changes and scaled for epochs, batch
// size and split (every phase of the run: usad's diffusion model, sampling
// and pre-training on synthetic windows; selfpab's frozen and fine-tuning
// steps on spectrograms); it is cancelled when the dialog closes.
//
// "Start from" fine-tunes one of the project's classifiers instead
// (FineTuning): the model and its window are the parent's and cannot be
// changed, the epochs and learning rate start at the fine-tuning schedule (5,
// a tenth of its rate), and two more rows ask for the replay share of its
// training recordings and whether classes it does not know extend it. These
// values are not remembered as the model's own.
class TrainDialog : public QDialog
{
    Q_OBJECT
public:
    TrainDialog(const Project& project, QWidget* parent = nullptr);
    ~TrainDialog() override;

    TrainingRequest request() const;
    // The pre-trained encoder choice (shown for selfpab only).
    EncoderChoice* encoderChoice() const { return m_encoder; }
    // The model to fine-tune (none: train from scratch).
    StartModelChoice* startChoice() const { return m_start; }

    // The run's estimated seconds on this machine; NaN while calibrating or
    // when the model cannot be measured.
    double estimatedSeconds() const { return m_estimatedSeconds; }
    // What the estimate says ("about 4 min on this machine", "measuring…").
    QString estimateText() const;
    // How many calibrations ran to the end (the estimate's scaling reuses them).
    int calibrationCount() const { return m_calibrations; }

    void done(int result) override;

private:
    // The dialog, step by step (the constructor calls them in this order).
    void fillModels();
    void describeEncoder();
    void fillClasses();
    void fillSubjects();
    void setUpNumbers();
    void layOut();
    void modelChanged();
    void startChanged();
    void updateSummary();

    // The request the widgets make for `model`.
    TrainingRequest requestFor(const QString& model) const;
    // The shown model's values, as remembered (see the class comment).
    QVariantMap values() const;
    void showValues(const QVariantMap& values);
    // The shown model's defaults: registry values, suggested epochs, seed 1,
    // every class, every fifth subject held out.
    QVariantMap defaultValues() const;
    // The remembered values of `model` over its defaults.
    QVariantMap rememberedValues(const QString& model) const;
    void remember() const;

    // Estimate: the calibration's key (what the measured step depends on),
    // a new calibration when it changed, and the estimate scaled from it.
    QString calibrationKey() const;
    void calibrate();
    void updateEstimate();
    void cancelCalibration();

    const Project& m_project;
    QComboBox* m_model; // the dialog's first combo box (tests find it so)
    EncoderChoice* m_encoder;
    QLabel* m_encoderNote;
    StartModelChoice* m_start;
    QDoubleSpinBox* m_replay;
    QCheckBox* m_newClasses;
    QFormLayout* m_form = nullptr;
    QListWidget* m_classes;
    QListWidget* m_subjects; // checked = validation
    QSpinBox* m_epochs;
    QLabel* m_estimate;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_windowLength;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QLabel* m_paper;
    QLabel* m_summary;
    QPushButton* m_defaults = nullptr;

    QString m_shownModel;
    QMap<QString, QVariantMap> m_edited; // values of the models shown in this dialog
    bool m_showing = false;              // showValues() is filling the widgets

    QTimer* m_calibrationDelay;
    std::shared_ptr<std::atomic<bool>> m_calibrationCancel; // of the calibration running
    QString m_calibratingKey;
    QString m_calibratedKey;
    QString m_failedKey;
    TrainingCalibration::Costs m_costs; // of m_calibratedKey
    double m_estimatedSeconds;
    int m_calibrations = 0;
};

} // namespace kinemark
