#pragma once

#include "core/model/Project.h"
#include "models/TrainingRequest.h"

#include <QComboBox>
#include <functional>
#include <memory>

namespace kinemark {

class ModelFile;

// Which pre-trained SelfPAB encoder to use: none, one of the project's stored
// encoders (models of kind selfpab-pretrain), or a .kmodel file picked with
// "File…". Used by the Train dialog (selfpab) and the "what the model sees"
// panel. The newest stored encoder is chosen at first.
class EncoderChoice : public QComboBox
{
    Q_OBJECT
public:
    EncoderChoice(const Project& project, const QString& noneText, QWidget* parent = nullptr);

    // Re-reads the project's stored encoders, keeping the choice when it is still there.
    void refresh();
    bool hasEncoder() const;
    QString storedId() const; // empty unless a stored encoder is chosen
    QString filePath() const; // empty unless a file is chosen
    // Chooses the stored encoder `id`; false when the project has none of that id.
    bool chooseStored(const QString& id);
    // Adds the file `path` as a choice (once) and chooses it.
    void chooseFile(const QString& path);
    // A short key for caches: "", "model:<id>" or "file:<path>".
    QString key() const { return currentData().toString(); }
    // Sets request.encoderModel or request.encoderPath (both cleared for none).
    void applyTo(TrainingRequest& request) const;
    // Loads the chosen encoder's model file (nullptr for none; throws
    // FormatError). Made on the GUI thread, callable on any: it holds the
    // stored bytes or the path, not the project.
    std::function<std::shared_ptr<const ModelFile>()> loader() const;
    int storedCount() const;

Q_SIGNALS:
    void encoderChanged();

private:
    void activated(int index);

    const Project& m_project;
    int m_previous = 0; // the choice before "File…", to return to when the file dialog is cancelled
};

} // namespace kinemark
