#include "widgets/patient/TimeUseSettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace kinemark {

namespace {
// The groups on offer: the defaults' (sedentary, upright, active), plus any
// other group the stored grouping has.
std::vector<ActivityGroup> offeredGroups(const TimeUseSettings& current, const LabelSet& labelSet)
{
    std::vector<ActivityGroup> groups = ActivityGrouping::defaultsFor(labelSet).groups;
    for (const ActivityGroup& g : current.groupings.value(labelSet.id).groups) {
        const bool known = std::any_of(groups.begin(), groups.end(),
                                       [&](const ActivityGroup& d) { return d.name == g.name; });
        if (!known)
            groups.push_back(g);
    }
    return groups;
}
} // namespace

TimeUseSettingsDialog::TimeUseSettingsDialog(const TimeUseSettings& current,
                                             const LabelSet& labelSet, QWidget* parent)
    : QDialog(parent), m_current(current), m_labelSet(labelSet),
      m_groups(offeredGroups(current, labelSet))
{
    setWindowTitle(tr("Patient View Settings"));
    QGroupBox* rules = createRulesBox();
    QGroupBox* groups = createGroupsBox();
    QDialogButtonBox* buttons = createButtons();

    auto* layout = new QVBoxLayout(this);
    auto* columns = new QHBoxLayout;
    columns->addWidget(rules);
    columns->addWidget(groups, 1);
    layout->addLayout(columns);
    layout->addWidget(buttons);
    fillFrom(current);
}

QGroupBox* TimeUseSettingsDialog::createRulesBox()
{
    auto* rules = new QGroupBox(tr("Wear and bouts"), this);
    auto* form = new QFormLayout(rules);
    m_detectNonWear = new QCheckBox(tr("&Detect non-wear from the signal"), rules);
    m_stillMilliG = new QDoubleSpinBox(rules);
    m_stillMilliG->setRange(0.5, 100);
    m_stillMilliG->setDecimals(1);
    m_stillMilliG->setSuffix(tr(" mg"));
    m_stillMilliG->setToolTip(
        tr("A minute is still when every acceleration axis varies less than this "
           "(standard deviation)."));
    m_nonWearMinutes = new QSpinBox(rules);
    m_nonWearMinutes->setRange(5, 24 * 60);
    m_nonWearMinutes->setSuffix(tr(" min"));
    m_nonWearMinutes->setToolTip(tr("Still stretches at least this long count as non-wear."));
    m_boutMinutes = new QSpinBox(rules);
    m_boutMinutes->setRange(1, 24 * 60);
    m_boutMinutes->setSuffix(tr(" min"));
    m_minimumWearHours = new QDoubleSpinBox(rules);
    m_minimumWearHours->setRange(0, 24);
    m_minimumWearHours->setDecimals(1);
    m_minimumWearHours->setSuffix(tr(" h"));
    m_minimumWearHours->setToolTip(
        tr("Days with less wear are flagged and left out of the averages."));
    m_utcOffsetHours = new QDoubleSpinBox(rules);
    m_utcOffsetHours->setRange(-14, 14);
    m_utcOffsetHours->setSingleStep(0.5);
    m_utcOffsetHours->setDecimals(1);
    m_utcOffsetHours->setSuffix(tr(" h"));
    m_utcOffsetHours->setToolTip(
        tr("Added to the stored times to find local midnight. Device files store the "
           "device's clock, so 0 is right for them."));
    form->addRow(m_detectNonWear);
    form->addRow(tr("&Still below:"), m_stillMilliG);
    form->addRow(tr("&Non-wear after:"), m_nonWearMinutes);
    form->addRow(tr("Sedentary &bouts from:"), m_boutMinutes);
    form->addRow(tr("Valid days need &wear of:"), m_minimumWearHours);
    form->addRow(tr("&UTC offset:"), m_utcOffsetHours);
    connect(m_detectNonWear, &QCheckBox::toggled, m_stillMilliG, &QWidget::setEnabled);
    connect(m_detectNonWear, &QCheckBox::toggled, m_nonWearMinutes, &QWidget::setEnabled);
    return rules;
}

QGroupBox* TimeUseSettingsDialog::createGroupsBox()
{
    auto* groups =
        new QGroupBox(tr("Activity groups of %1")
                          .arg(m_labelSet.name.isEmpty() ? m_labelSet.id : m_labelSet.name),
                      this);
    auto* groupsLayout = new QVBoxLayout(groups);
    m_classes = new QTableWidget(0, 2, groups);
    m_classes->setHorizontalHeaderLabels({tr("Class"), tr("Group")});
    m_classes->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_classes->verticalHeader()->hide();
    m_classes->setSelectionMode(QAbstractItemView::NoSelection);
    for (const LabelClass& c : m_labelSet.classes) {
        if (c.mergedInto != kUnlabelled) // counts as another class
            continue;
        const int row = m_classes->rowCount();
        m_classes->insertRow(row);
        auto* name = new QTableWidgetItem(c.name);
        name->setFlags(Qt::ItemIsEnabled);
        name->setData(Qt::UserRole, c.id);
        name->setData(Qt::DecorationRole, QColor(c.colour));
        m_classes->setItem(row, 0, name);
        auto* combo = new QComboBox(m_classes);
        combo->addItem(tr("(none)"), QString());
        for (const ActivityGroup& g : m_groups)
            combo->addItem(g.name, g.name);
        m_classes->setCellWidget(row, 1, combo);
    }
    groupsLayout->addWidget(m_classes);
    groupsLayout->addWidget(
        new QLabel(tr("Sedentary bouts and transitions use the groups named sedentary, "
                      "upright and active."),
                   groups));
    return groups;
}

QDialogButtonBox* TimeUseSettingsDialog::createButtons()
{
    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                TimeUseSettings defaults;
                defaults.groupings = m_current.groupings;
                defaults.groupings.remove(m_labelSet.id);
                fillFrom(defaults);
            });
    return buttons;
}

void TimeUseSettingsDialog::fillFrom(const TimeUseSettings& s)
{
    const TimeUseOptions& o = s.options;
    m_detectNonWear->setChecked(o.detectNonWear);
    m_stillMilliG->setValue(o.nonWear.stillSdG * 1000);
    m_nonWearMinutes->setValue(int(o.nonWear.minimumSeconds / 60));
    m_boutMinutes->setValue(int(o.minimumBoutSeconds / 60));
    m_minimumWearHours->setValue(o.minimumWearSeconds / 3600);
    m_utcOffsetHours->setValue(o.utcOffsetSeconds / 3600.0);
    m_stillMilliG->setEnabled(o.detectNonWear);
    m_nonWearMinutes->setEnabled(o.detectNonWear);
    const ActivityGrouping grouping = s.groupings.contains(m_labelSet.id)
                                          ? s.groupings.value(m_labelSet.id)
                                          : ActivityGrouping::defaultsFor(m_labelSet);
    for (int row = 0; row < m_classes->rowCount(); ++row) {
        const int32_t id = m_classes->item(row, 0)->data(Qt::UserRole).toInt();
        const int g = grouping.groupOf(id);
        QComboBox* combo = groupCombo(row);
        combo->setCurrentIndex(
            g < 0 ? 0 : std::max(0, combo->findData(grouping.groups[size_t(g)].name)));
    }
}

QComboBox* TimeUseSettingsDialog::groupCombo(int row) const
{
    return qobject_cast<QComboBox*>(m_classes->cellWidget(row, 1));
}

TimeUseSettings TimeUseSettingsDialog::settings() const
{
    TimeUseSettings s = m_current;
    TimeUseOptions& o = s.options;
    o.detectNonWear = m_detectNonWear->isChecked();
    o.nonWear.stillSdG = m_stillMilliG->value() / 1000;
    o.nonWear.minimumSeconds = m_nonWearMinutes->value() * 60.0;
    o.minimumBoutSeconds = m_boutMinutes->value() * 60.0;
    o.minimumWearSeconds = m_minimumWearHours->value() * 3600;
    o.utcOffsetSeconds = int(std::lround(m_utcOffsetHours->value() * 3600));
    ActivityGrouping grouping;
    for (ActivityGroup g : m_groups) {
        g.classIds.clear();
        for (int row = 0; row < m_classes->rowCount(); ++row)
            if (groupCombo(row)->currentData().toString() == g.name)
                g.classIds.push_back(m_classes->item(row, 0)->data(Qt::UserRole).toInt());
        grouping.groups.push_back(std::move(g));
    }
    s.groupings[m_labelSet.id] = grouping;
    return s;
}

} // namespace kinemark
