#pragma once

#include "core/model/Project.h"
#include "models/training/SelfPabPretrainer.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QListWidget;
class QSpinBox;

namespace kinemark {

// Sets up a SelfPAB pre-training run (Models > Pre-train Encoder): which
// recordings (all by default, labelled or not: the labels are not used), the
// encoder's size (the small default or the paper's), epochs, seed and threads.
class PretrainDialog : public QDialog
{
    Q_OBJECT
public:
    PretrainDialog(const Project& project, QWidget* parent = nullptr);

    PretrainingRequest request() const;

private:
    void updateSummary();

    const Project& m_project;
    QListWidget* m_recordings; // checked = pre-trained on
    QCheckBox* m_paperSize;
    QSpinBox* m_epochs;
    QSpinBox* m_batch;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QLabel* m_summary;
};

} // namespace kinemark
