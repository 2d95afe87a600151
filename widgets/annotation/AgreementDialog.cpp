#include "widgets/annotation/AgreementDialog.h"

#include "core/analysis/TrackAgreement.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

namespace kinemark {

AgreementDialog::AgreementDialog(const Recording& recording, const LabelSet& labelSet,
                                 QWidget* parent)
    : QDialog(parent), m_recording(recording), m_labelSet(labelSet)
{
    setWindowTitle(tr("Agreement — %1").arg(recording.id));
    m_a = new QComboBox(this);
    m_b = new QComboBox(this);
    for (const AnnotationTrack& t : recording.tracks) {
        m_a->addItem(t.name());
        m_b->addItem(t.name());
    }
    m_b->setCurrentIndex(std::min(1, m_b->count() - 1));
    m_tolerance = new QDoubleSpinBox(this);
    m_tolerance->setRange(0, 600);
    m_tolerance->setDecimals(2);
    m_tolerance->setValue(2.0);
    m_tolerance->setSuffix(tr(" s"));
    m_summary = new QLabel(this);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table = new QTableWidget(0, 5, this);
    m_table->setHorizontalHeaderLabels(
        {tr("Class"), tr("Samples in A"), tr("Precision"), tr("Recall"), tr("F1")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto* form = new QFormLayout;
    form->addRow(tr("Track A (reference)"), m_a);
    form->addRow(tr("Track B"), m_b);
    form->addRow(tr("Boundary tolerance"), m_tolerance);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    connect(m_a, &QComboBox::currentIndexChanged, this, &AgreementDialog::recompute);
    connect(m_b, &QComboBox::currentIndexChanged, this, &AgreementDialog::recompute);
    connect(m_tolerance, &QDoubleSpinBox::valueChanged, this, &AgreementDialog::recompute);
    recompute();
    resize(560, 460);
}

QString AgreementDialog::summaryText() const
{
    return m_summary->text();
}

void AgreementDialog::recompute()
{
    const AnnotationTrack* a = m_recording.track(m_a->currentText());
    const AnnotationTrack* b = m_recording.track(m_b->currentText());
    m_table->setRowCount(0);
    if (!a || !b) {
        m_summary->setText(tr("The recording needs two tracks to compare."));
        return;
    }
    const TrackAgreement r = TrackAgreement::compare(
        *a, *b, int64_t(m_recording.sampleCount()), m_recording.sampleRateHz, m_tolerance->value());
    const double rate = m_recording.sampleRateHz;
    const auto& bo = r.boundaries;
    m_summary->setText(tr("Cohen's kappa %1 (observed agreement %2, chance %3), macro F1 %4\n"
                          "Compared %5 s labelled in both; %6 s only in A, %7 s only in B\n"
                          "Boundaries: %8 matched, %9 only in A, %10 only in B; offset |B − A| "
                          "mean %11 s, median %12 s, max %13 s")
                           .arg(std::isnan(r.kappa) ? tr("n/a") : QString::number(r.kappa, 'f', 3))
                           .arg(r.observedAgreement, 0, 'f', 3)
                           .arg(r.expectedAgreement, 0, 'f', 3)
                           .arg(r.macroF1, 0, 'f', 3)
                           .arg(r.comparedSamples / rate, 0, 'f', 1)
                           .arg(r.onlyInA / rate, 0, 'f', 1)
                           .arg(r.onlyInB / rate, 0, 'f', 1)
                           .arg(bo.matched)
                           .arg(bo.onlyInA)
                           .arg(bo.onlyInB)
                           .arg(bo.meanAbsSeconds, 0, 'f', 2)
                           .arg(bo.medianAbsSeconds, 0, 'f', 2)
                           .arg(bo.maxAbsSeconds, 0, 'f', 2));
    m_table->setRowCount(int(r.classes.size()));
    for (int row = 0; row < int(r.classes.size()); ++row) {
        const auto& c = r.classes[size_t(row)];
        const QStringList cells{
            QStringLiteral("%1  %2").arg(c.classId).arg(m_labelSet.className(c.classId)),
            QString::number(c.support), QString::number(c.precision, 'f', 3),
            QString::number(c.recall, 'f', 3), QString::number(c.f1, 'f', 3)};
        for (int col = 0; col < cells.size(); ++col)
            m_table->setItem(row, col, new QTableWidgetItem(cells[col]));
    }
}

} // namespace kinemark
