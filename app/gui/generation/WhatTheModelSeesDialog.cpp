#include "app/gui/generation/WhatTheModelSeesDialog.h"

#include "app/gui/jobs/BackgroundJob.h"
#include "app/gui/training/EncoderChoice.h"
#include "core/learning/SpectrogramDataset.h"
#include "core/learning/SpectrogramMasking.h"
#include "models/file/ModelFile.h"
#include "models/inference/SelfPabReconstruction.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMetaObject>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>
#include <random>
#include <stdexcept>

namespace kinemark {

WhatTheModelSeesDialog::WhatTheModelSeesDialog(const Project& project, RecordingSession* session,
                                               QWidget* parent)
    : QDialog(parent), m_project(project), m_session(session),
      m_encoder(new EncoderChoice(project, tr("None — input and masking only"), this)),
      m_start(new QDoubleSpinBox(this)), m_remask(new QPushButton(tr("New &Mask"), this)),
      m_status(new QLabel(this)), m_view(new ModelInputView(this))
{
    setWindowTitle(tr("What the Model Sees"));
    m_start->setDecimals(1);
    m_start->setSuffix(tr(" min"));
    m_start->setSingleStep(5);
    m_start->setKeyboardTracking(false);
    m_remask->setToolTip(tr("Draw another mask for the same window"));
    m_status->setWordWrap(true);
    m_status->setStyleSheet(QStringLiteral("color: palette(mid)"));

    auto* bar = new QHBoxLayout;
    auto* encoderLabel = new QLabel(tr("Pre-trained &encoder:"), this);
    encoderLabel->setBuddy(m_encoder);
    bar->addWidget(encoderLabel);
    bar->addWidget(m_encoder, 1);
    auto* startLabel = new QLabel(tr("&Window starts at:"), this);
    startLabel->setBuddy(m_start);
    bar->addWidget(startLabel);
    bar->addWidget(m_start);
    bar->addWidget(m_remask);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_view, 1);

    connect(m_encoder, &EncoderChoice::encoderChanged, this, &WhatTheModelSeesDialog::recompute);
    connect(m_start, &QDoubleSpinBox::valueChanged, this, &WhatTheModelSeesDialog::recompute);
    connect(m_remask, &QPushButton::clicked, this, [this] {
        ++m_seed;
        recompute();
    });
    if (m_session)
        connect(m_session, &RecordingSession::recordingChanged, this,
                &WhatTheModelSeesDialog::recordingChanged);
    recordingChanged();
    resize(1200, 820);
}

WhatTheModelSeesDialog::~WhatTheModelSeesDialog() = default;

void WhatTheModelSeesDialog::setWindowStart(double seconds)
{
    m_start->setValue(seconds / 60.0);
}

void WhatTheModelSeesDialog::recordingChanged()
{
    const Recording* r = m_session ? m_session->recording() : nullptr;
    const QSignalBlocker blocker(m_start);
    m_start->setRange(0, r ? std::max(0.0, r->durationSeconds() / 60.0) : 0.0);
    // The window where the timeline is.
    if (r && m_session->timeAxis())
        m_start->setValue(m_session->timeAxis()->visibleStart() / 60.0);
    recompute();
}

ModelInputView::Window
WhatTheModelSeesDialog::compute(const std::shared_ptr<const Recording>& recording,
                                double startSeconds, uint64_t seed, const ModelFile* encoder,
                                const SelfPabReconstruction* reconstruction)
{
    const SpectrogramWindowing windowing =
        encoder ? encoder->spectrogramWindowing : SpectrogramWindowing();
    const Stft stft(windowing.stft);
    const int64_t available = stft.frameCount(int64_t(recording->sampleCount()));
    if (available <= 0)
        throw std::invalid_argument(
            QStringLiteral("recording '%1' is shorter than one spectrogram frame")
                .arg(recording->id)
                .toStdString());
    const double hopSeconds = windowing.stft.hop / recording->sampleRateHz;
    const int64_t first =
        std::clamp<int64_t>(int64_t(std::lround(startSeconds / hopSeconds)), 0,
                            std::max<int64_t>(0, available - windowing.windowFrames));
    ModelInputView::Window out;
    out.axisNames = recording->channelNames();
    out.startSeconds = double(first) * hopSeconds;
    out.frameSeconds = hopSeconds;
    if (reconstruction) {
        SelfPabReconstruction::Window w = reconstruction->reconstruct(*recording, first, seed);
        out.frames = w.frames;
        out.axes = w.axes;
        out.bins = w.bins;
        out.input = std::move(w.input);
        out.masked = std::move(w.masked);
        out.reconstructed = std::move(w.reconstructed);
        out.altered = std::move(w.altered);
        out.l1 = w.l1;
        return out;
    }
    // No encoder: the statistics of the recording itself and SelfPAB's default masking.
    const SpectrogramDataset dataset = SpectrogramDataset::build({recording}, windowing);
    const ChannelNormalisation normalisation = dataset.fitNormalisation();
    out.frames = int(std::min<int64_t>(windowing.windowFrames, available - first));
    out.axes = dataset.axisCount();
    out.bins = dataset.binCount();
    const size_t features = size_t(out.axes) * size_t(out.bins);
    out.input.resize(size_t(out.frames) * features);
    SpectrogramDataset::computeFeatures(*recording, stft, first, out.frames, out.input.data());
    for (size_t i = 0; i < out.input.size(); ++i)
        out.input[i] = (out.input[i] - normalisation.mean()[i % features]) *
                       normalisation.inverseStd()[i % features];
    out.masked = out.input;
    out.altered.resize(out.input.size());
    const SpectrogramMasking masking;
    std::mt19937_64 rng(seed);
    masking.apply(masking.draw(out.frames, out.bins, rng), out.masked.data(), out.frames, out.axes,
                  out.bins, out.altered.data());
    return out;
}

void WhatTheModelSeesDialog::recompute()
{
    if (m_computing) {
        m_pending = true; // done when the running one is back
        return;
    }
    const std::shared_ptr<const Recording> recording =
        m_session ? m_session->sharedRecording() : nullptr;
    if (!recording) {
        m_view->setMessage(tr("Open a recording: the panel shows one 5-minute window of it."));
        m_status->clear();
        return;
    }
    m_computing = true;
    m_pending = false;
    m_status->setText(tr("Computing the window…"));
    const QString key = m_encoder->key();
    auto loader = m_encoder->loader();
    // The cached encoder goes to the worker only when it is still the chosen one.
    std::shared_ptr<const ModelFile> file = key == m_reconstructionKey ? m_encoderFile : nullptr;
    std::shared_ptr<SelfPabReconstruction> reconstruction =
        key == m_reconstructionKey ? m_reconstruction : nullptr;
    const double start = m_start->value() * 60.0;
    const uint64_t seed = m_seed;
    // The worker fills it: the window, and the encoder it loaded (kept for the next window).
    auto result = std::make_shared<Computed>();
    result->file = file;
    result->reconstruction = reconstruction;
    BackgroundJob::start(
        this, nullptr,
        [result, recording, key, loader, start, seed](JobControl&) {
            if (!key.isEmpty() && !result->reconstruction) {
                result->file = loader();
                if (result->file)
                    result->reconstruction = std::make_shared<SelfPabReconstruction>(*result->file);
            }
            result->window =
                compute(recording, start, seed, result->file.get(), result->reconstruction.get());
        },
        [this, result, key, recording, seed](const JobOutcome& outcome) {
            m_computing = false;
            if (result->reconstruction) {
                m_reconstructionKey = key;
                m_encoderFile = result->file;
                m_reconstruction = result->reconstruction;
            }
            if (!outcome.isDone())
                showFailure(outcome.message());
            else
                showWindow(result->window, *recording, seed);
            if (m_pending)
                recompute();
            else
                Q_EMIT computed();
        });
}

void WhatTheModelSeesDialog::showFailure(const QString& error)
{
    m_view->setMessage(tr("Cannot show this window: %1").arg(error));
    m_status->clear();
}

void WhatTheModelSeesDialog::showWindow(const ModelInputView::Window& window,
                                        const Recording& recording, uint64_t seed)
{
    m_view->setWindow(window);
    const int minutes = int(std::lround(window.frames * window.frameSeconds / 60.0));
    m_status->setText(tr("Recording %1, subject %2: the %3-minute window from %4 min, mask %5.")
                          .arg(recording.id, recording.subjectId)
                          .arg(minutes)
                          .arg(window.startSeconds / 60.0, 0, 'f', 1)
                          .arg(seed));
}

} // namespace kinemark
