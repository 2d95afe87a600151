#pragma once

#include "core/model/LabelSet.h"
#include "core/timeuse/TimeUseSettings.h"

#include <QDialog>
#include <vector>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QGroupBox;
class QSpinBox;
class QTableWidget;

namespace kinemark {

// Settings of the Patient view and the report: the non-wear rule, bout and
// wear thresholds, the UTC offset, and which group (sedentary, upright,
// active or none) each class of the recording's label set belongs to.
class TimeUseSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    TimeUseSettingsDialog(const TimeUseSettings& current, const LabelSet& labelSet,
                          QWidget* parent = nullptr);

    // `current` with the dialog's choices; the groupings of other label sets are kept.
    TimeUseSettings settings() const;

    // For tests: the group combo of the class in `row` (label set order).
    QComboBox* groupCombo(int row) const;
    QDoubleSpinBox* minimumWearHours() const { return m_minimumWearHours; }
    QSpinBox* boutMinutes() const { return m_boutMinutes; }

private:
    // The steps of the constructor: the wear and bout rules, the class-to-group
    // table, and OK / Cancel / Restore Defaults.
    QGroupBox* createRulesBox();
    QGroupBox* createGroupsBox();
    QDialogButtonBox* createButtons();
    void fillFrom(const TimeUseSettings& settings);

    TimeUseSettings m_current;
    LabelSet m_labelSet;
    std::vector<ActivityGroup> m_groups; // names and colours offered; class lists rebuilt on accept
    QCheckBox* m_detectNonWear = nullptr;
    QDoubleSpinBox* m_stillMilliG = nullptr;
    QSpinBox* m_nonWearMinutes = nullptr;
    QSpinBox* m_boutMinutes = nullptr;
    QDoubleSpinBox* m_minimumWearHours = nullptr;
    QDoubleSpinBox* m_utcOffsetHours = nullptr;
    QTableWidget* m_classes = nullptr;
};

} // namespace kinemark
