#include "app/gui/training/EncoderChoice.h"

#include "models/file/ModelFile.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>

namespace kinemark {

namespace {
const QString kModelPrefix = QStringLiteral("model:");
const QString kFilePrefix = QStringLiteral("file:");
const QString kBrowse = QStringLiteral("browse");
} // namespace

EncoderChoice::EncoderChoice(const Project& project, const QString& noneText, QWidget* parent)
    : QComboBox(parent), m_project(project)
{
    setObjectName(QStringLiteral("encoder"));
    addItem(noneText, QString());
    addItem(tr("File…"), kBrowse);
    refresh();
    // The newest stored encoder: the one the user most likely just pre-trained.
    for (int i = count() - 1; i >= 0; --i)
        if (itemData(i).toString().startsWith(kModelPrefix)) {
            setCurrentIndex(i);
            break;
        }
    m_previous = currentIndex();
    connect(this, &QComboBox::activated, this, &EncoderChoice::activated);
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (itemData(index).toString() != kBrowse)
            Q_EMIT encoderChanged();
    });
}

void EncoderChoice::refresh()
{
    const QString chosen = key();
    for (int i = count() - 1; i >= 0; --i)
        if (itemData(i).toString().startsWith(kModelPrefix))
            removeItem(i);
    int at = 1; // after "none", in the project's order
    for (const StoredModel& m : m_project.models)
        if (m.kind == QLatin1String("selfpab-pretrain")) {
            insertItem(at, tr("%1 (stored in the project)").arg(m.id), kModelPrefix + m.id);
            setItemData(at, m.id, Qt::ToolTipRole);
            ++at;
        }
    const int index = findData(chosen);
    setCurrentIndex(index >= 0 ? index : 0);
}

bool EncoderChoice::hasEncoder() const
{
    return !storedId().isEmpty() || !filePath().isEmpty();
}

QString EncoderChoice::storedId() const
{
    const QString k = key();
    return k.startsWith(kModelPrefix) ? k.mid(kModelPrefix.size()) : QString();
}

QString EncoderChoice::filePath() const
{
    const QString k = key();
    return k.startsWith(kFilePrefix) ? k.mid(kFilePrefix.size()) : QString();
}

bool EncoderChoice::chooseStored(const QString& id)
{
    const int index = findData(kModelPrefix + id);
    if (index < 0)
        return false;
    setCurrentIndex(index);
    m_previous = index;
    return true;
}

void EncoderChoice::chooseFile(const QString& path)
{
    int index = findData(kFilePrefix + path);
    if (index < 0) {
        index = count() - 1; // before "File…"
        insertItem(index, tr("%1 (file)").arg(QFileInfo(path).fileName()), kFilePrefix + path);
        setItemData(index, path, Qt::ToolTipRole);
    }
    setCurrentIndex(index);
    m_previous = index;
}

int EncoderChoice::storedCount() const
{
    int n = 0;
    for (int i = 0; i < count(); ++i)
        n += itemData(i).toString().startsWith(kModelPrefix);
    return n;
}

void EncoderChoice::applyTo(TrainingRequest& request) const
{
    request.encoderModel = storedId();
    request.encoderPath = filePath();
}

std::function<std::shared_ptr<const ModelFile>()> EncoderChoice::loader() const
{
    if (const QString id = storedId(); !id.isEmpty())
        for (const StoredModel& m : m_project.models)
            if (m.id == id)
                return [bytes = m.data, id] {
                    return std::make_shared<const ModelFile>(ModelFile::fromBytes(bytes, id));
                };
    if (const QString path = filePath(); !path.isEmpty())
        return [path] { return std::make_shared<const ModelFile>(ModelFile::load(path)); };
    return [] { return std::shared_ptr<const ModelFile>(); };
}

void EncoderChoice::activated(int index)
{
    if (itemData(index).toString() != kBrowse) {
        m_previous = index;
        return;
    }
    QSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Pre-trained Encoder"),
                                     settings.value(QStringLiteral("models/lastFolder")).toString(),
                                     tr("Kinemark models (*.kmodel)"));
    if (path.isEmpty()) {
        setCurrentIndex(m_previous);
        return;
    }
    settings.setValue(QStringLiteral("models/lastFolder"), QFileInfo(path).absolutePath());
    chooseFile(path);
}

} // namespace kinemark
