#pragma once

#include "core/model/Project.h"
#include "widgets/analysis/ModelInputView.h"

#include <QDialog>
#include <QPointer>
#include <memory>

class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace kinemark {

class EncoderChoice;
class ModelFile;
class RecordingSession;
class SelfPabReconstruction;

// Analysis > What the Model Sees: for one 5-minute window of the shown
// recording, SelfPAB's input (the z-scored stacked spectrogram), the masked
// version the pre-training gives the encoder, and, when a pre-trained encoder
// is chosen, its reconstruction. The window and the mask are computed off the
// GUI thread; a change while one is computed is done after it.
class WhatTheModelSeesDialog : public QDialog
{
    Q_OBJECT
public:
    WhatTheModelSeesDialog(const Project& project, RecordingSession* session,
                           QWidget* parent = nullptr);
    ~WhatTheModelSeesDialog() override;

    ModelInputView* view() const { return m_view; }
    EncoderChoice* encoderChoice() const { return m_encoder; }
    // Where the window starts, in seconds of the recording.
    void setWindowStart(double seconds);
    // True while a window is being computed (tests, screenshots wait for false).
    bool isComputing() const { return m_computing; }

    // The window of `recording` starting at `startSeconds` (moved back so that a
    // whole window fits where the recording is long enough), masked by a draw
    // seeded with `seed`. With an encoder (its file and a SelfPabReconstruction
    // of it), the encoder's windowing, statistics and masking, and its
    // reconstruction; without, the z-score has the recording's own statistics
    // and the masking SelfPAB's defaults. Runs on any thread; throws
    // std::invalid_argument or FormatError.
    static ModelInputView::Window compute(const std::shared_ptr<const Recording>& recording,
                                          double startSeconds, uint64_t seed,
                                          const ModelFile* encoder,
                                          const SelfPabReconstruction* reconstruction);

Q_SIGNALS:
    void computed();

private:
    // What a worker computed: the window, and the encoder it read.
    struct Computed
    {
        ModelInputView::Window window;
        std::shared_ptr<const ModelFile> file;
        std::shared_ptr<SelfPabReconstruction> reconstruction;
    };

    void recompute();
    void showFailure(const QString& error);
    void showWindow(const ModelInputView::Window& window, const Recording& recording,
                    uint64_t seed);
    void recordingChanged();

    const Project& m_project;
    QPointer<RecordingSession> m_session;
    EncoderChoice* m_encoder;
    QDoubleSpinBox* m_start;
    QPushButton* m_remask;
    QLabel* m_status;
    ModelInputView* m_view;
    uint64_t m_seed = 1;
    bool m_computing = false;
    bool m_pending = false;
    // The loaded encoder, kept while its choice stays (weights load once).
    QString m_reconstructionKey;
    std::shared_ptr<const ModelFile> m_encoderFile;
    std::shared_ptr<SelfPabReconstruction> m_reconstruction;
};

} // namespace kinemark
