#include "app/gui/generation/SyntheticWindowsDialog.h"

#include "models/file/ModelFile.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>

namespace kinemark {

namespace {
const QString kModelKey = QStringLiteral("syntheticWindows/model");
const QString kClassKey = QStringLiteral("syntheticWindows/class");
const QString kCountKey = QStringLiteral("syntheticWindows/count");
const QString kSeedKey = QStringLiteral("syntheticWindows/seed");
} // namespace

SyntheticWindowsDialog::SyntheticWindowsDialog(std::vector<Entry> models, QWidget* parent)
    : QDialog(parent), m_models(std::move(models)), m_model(new QComboBox(this)),
      m_class(new QComboBox(this)), m_count(new QSpinBox(this)), m_seed(new QSpinBox(this))
{
    setWindowTitle(tr("Synthetic Windows"));
    const QSettings settings;
    for (const Entry& e : m_models)
        m_model->addItem(e.first);
    // The newest model unless the last one chosen is still there.
    const int remembered = m_model->findText(settings.value(kModelKey).toString());
    m_model->setCurrentIndex(remembered >= 0 ? remembered : m_model->count() - 1);
    // Sampling runs the whole reverse chain per window: a handful is what the eye can compare.
    m_count->setRange(1, 32);
    m_count->setValue(settings.value(kCountKey, 8).toInt());
    m_seed->setRange(0, 1000000);
    m_seed->setValue(settings.value(kSeedKey, 1).toInt());

    auto* explanation = new QLabel(
        tr("Windows sampled from a diffusion model beside real windows of the same class, as "
           "signals and spectrograms on shared scales."),
        this);
    explanation->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Class:"), m_class);
    form->addRow(tr("&Windows of each kind:"), m_count);
    form->addRow(tr("&Seed:"), m_seed);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Sample"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_model, &QComboBox::currentIndexChanged, this, &SyntheticWindowsDialog::modelChanged);
    modelChanged();
}

void SyntheticWindowsDialog::modelChanged()
{
    m_class->clear();
    const int index = m_model->currentIndex();
    if (index < 0 || size_t(index) >= m_models.size())
        return;
    const ModelFile& model = *m_models[size_t(index)].second;
    const QJsonObject counts =
        model.trainingData.value(QStringLiteral("windows_per_class")).toObject();
    int rarest = -1;
    qint64 fewest = std::numeric_limits<qint64>::max();
    for (size_t k = 0; k < model.classIds.size(); ++k) {
        const QString id = QString::number(model.classIds[k]);
        const qint64 n = counts.value(id).toInteger(-1);
        m_class->addItem(
            n >= 0
                ? tr("%1 (%2): %3 training windows").arg(model.classNames.value(int(k)), id).arg(n)
                : tr("%1 (%2)").arg(model.classNames.value(int(k)), id),
            model.classIds[k]);
        if (n >= 0 && n < fewest) {
            fewest = n;
            rarest = int(k);
        }
    }
    const int remembered = m_class->findData(QSettings().value(kClassKey, -1).toInt());
    m_class->setCurrentIndex(remembered >= 0 ? remembered : std::max(0, rarest));
}

QString SyntheticWindowsDialog::modelId() const
{
    return m_model->currentText();
}

int32_t SyntheticWindowsDialog::classId() const
{
    return int32_t(m_class->currentData().toInt());
}

int SyntheticWindowsDialog::count() const
{
    return m_count->value();
}

quint64 SyntheticWindowsDialog::seed() const
{
    return quint64(m_seed->value());
}

void SyntheticWindowsDialog::accept()
{
    QSettings settings;
    settings.setValue(kModelKey, modelId());
    settings.setValue(kClassKey, classId());
    settings.setValue(kCountKey, count());
    settings.setValue(kSeedKey, m_seed->value());
    QDialog::accept();
}

} // namespace kinemark
