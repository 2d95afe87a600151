#pragma once

#include "core/model/LabelSet.h"
#include "core/model/Recording.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QTableWidget;

namespace kinemark {

// Agreement between two tracks of the shown recording (two annotators, or
// annotator vs model): Cohen's kappa, per-class precision/recall/F1 and
// boundary offsets, recomputed whenever a choice changes.
class AgreementDialog : public QDialog
{
    Q_OBJECT
public:
    AgreementDialog(const Recording& recording, const LabelSet& labelSet,
                    QWidget* parent = nullptr);

    QComboBox* trackA() const { return m_a; }
    QComboBox* trackB() const { return m_b; }
    QString summaryText() const;
    QTableWidget* classTable() const { return m_table; }

private:
    void recompute();

    const Recording& m_recording;
    LabelSet m_labelSet;
    QComboBox* m_a;
    QComboBox* m_b;
    QDoubleSpinBox* m_tolerance;
    QLabel* m_summary;
    QTableWidget* m_table;
};

} // namespace kinemark
