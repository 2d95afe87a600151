#include "widgets/recording/RecordingSession.h"

#include "widgets/plot/TimeAxisState.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <cmath>

namespace kinemark {

RecordingSession::RecordingSession(QObject* parent)
    : QObject(parent), m_axis(new TimeAxisState(this)), m_pool(new QThreadPool(this))
{
    m_pool->setMaxThreadCount(2);
}

RecordingSession::~RecordingSession()
{
    cancelBackgroundWork();
    m_pool->waitForDone();
}

void RecordingSession::setRecording(std::shared_ptr<const Recording> recording,
                                    const LabelSet& labelSet)
{
    cancelBackgroundWork();
    m_recording = std::move(recording);
    m_labelSet = labelSet;
    m_pyramids.reset();
    m_spectrogram.reset();
    if (m_recording)
        m_axis->reset(m_recording->durationSeconds(), m_recording->startTimeUs / 1e6,
                      m_recording->sampleRateHz);
    else
        m_axis->reset(0, 0, 50);
    Q_EMIT recordingChanged();
    if (m_recording)
        startBackgroundWork();
}

void RecordingSession::setLabelSet(const LabelSet& labelSet)
{
    m_labelSet = labelSet;
    Q_EMIT labelSetChanged();
}

StftParameters RecordingSession::spectrogramParameters() const
{
    StftParameters parameters;
    const double rate = m_recording ? m_recording->sampleRateHz : 50.0;
    // An even frame of at least 4 samples; 1 s at 50 Hz gives SelfPAB's 50 / 25.
    parameters.frameLength = std::max(4, 2 * int(std::lround(m_frameSeconds * rate / 2)));
    parameters.hop = parameters.frameLength / 2;
    return parameters;
}

void RecordingSession::setSpectrogramFrameSeconds(double seconds)
{
    if (seconds <= 0 || seconds == m_frameSeconds)
        return;
    m_frameSeconds = seconds;
    if (!m_recording)
        return;
    // Only the spectrogram starts over; the signal pyramids and the view stay.
    cancelSpectrogramWork();
    m_spectrogram.reset();
    Q_EMIT spectrogramUpdated();
    startSpectrogramWork();
}

void RecordingSession::cancelBackgroundWork()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    ++m_generation;
    cancelSpectrogramWork();
}

void RecordingSession::cancelSpectrogramWork()
{
    if (m_spectrogramCancel)
        m_spectrogramCancel->store(true);
    m_spectrogramCancel = std::make_shared<std::atomic<bool>>(false);
    ++m_spectrogramGeneration;
    m_tileJobRunning = false;
    m_pendingTiles = {-1, -1};
}

JobControl RecordingSession::makeJob(const QString& what,
                                     const std::shared_ptr<std::atomic<bool>>& cancel)
{
    QPointer<RecordingSession> self(this);
    JobControl job;
    job.cancelRequested = cancel.get();
    // Progress crosses to the GUI thread as queued calls.
    job.progress = [self, what](double fraction, const QString&) {
        QMetaObject::invokeMethod(
            self,
            [self, what, fraction] {
                if (self)
                    Q_EMIT self->backgroundProgress(what, fraction);
            },
            Qt::QueuedConnection);
    };
    return job;
}

void RecordingSession::startBackgroundWork()
{
    auto recording = m_recording;
    auto cancel = m_cancel;
    const quint64 generation = m_generation;
    QPointer<RecordingSession> self(this);
    const JobControl job = makeJob(tr("Preparing signal overview"), cancel);
    (void)QtConcurrent::run(m_pool, [=] {
        try {
            auto pyramids = SignalPyramids::build(*recording, &job);
            QMetaObject::invokeMethod(
                self,
                [self, pyramids, generation] {
                    if (!self || self->m_generation != generation)
                        return;
                    self->m_pyramids = pyramids;
                    Q_EMIT self->pyramidsReady();
                    Q_EMIT self->backgroundFinished(tr("Preparing signal overview"));
                },
                Qt::QueuedConnection);
        } catch (const Cancelled&) {
        }
    });
    startSpectrogramWork();
}

void RecordingSession::startSpectrogramWork()
{
    auto store = std::make_shared<SpectrogramStore>(m_recording, spectrogramParameters());
    m_spectrogram = store;
    auto cancel = m_spectrogramCancel;
    const quint64 generation = m_spectrogramGeneration;
    QPointer<RecordingSession> self(this);
    const JobControl job = makeJob(tr("Computing spectrograms"), cancel);
    (void)QtConcurrent::run(m_pool, [=] {
        try {
            store->buildOverview(&job, 1);
            QMetaObject::invokeMethod(
                self,
                [self, generation] {
                    if (!self || self->m_spectrogramGeneration != generation)
                        return;
                    Q_EMIT self->spectrogramUpdated();
                    Q_EMIT self->backgroundFinished(tr("Computing spectrograms"));
                },
                Qt::QueuedConnection);
        } catch (const Cancelled&) {
        }
    });
}

void RecordingSession::requestSpectrogramTiles(int64_t first, int64_t last)
{
    if (!m_spectrogram)
        return;
    m_pendingTiles = {first, last};
    if (m_tileJobRunning)
        return; // the running job picks up the newest request when it ends
    m_tileJobRunning = true;
    auto store = m_spectrogram;
    auto cancel = m_spectrogramCancel;
    const quint64 generation = m_spectrogramGeneration;
    const auto range = m_pendingTiles;
    m_pendingTiles = {-1, -1};
    QPointer<RecordingSession> self(this);
    (void)QtConcurrent::run(m_pool, [=] {
        JobControl job;
        job.cancelRequested = cancel.get();
        try {
            store->ensureTiles(range.first, range.second, &job);
        } catch (const Cancelled&) {
            return;
        }
        QMetaObject::invokeMethod(
            self,
            [self, generation] {
                if (!self || self->m_spectrogramGeneration != generation)
                    return;
                self->m_tileJobRunning = false;
                Q_EMIT self->spectrogramUpdated();
                if (self->m_pendingTiles.first >= 0)
                    self->requestSpectrogramTiles(self->m_pendingTiles.first,
                                                  self->m_pendingTiles.second);
            },
            Qt::QueuedConnection);
    });
}

void RecordingSession::waitForBackgroundWork()
{
    // Results arrive as queued calls: alternate waiting for the pool and delivering them.
    for (int round = 0; round < 4; ++round) {
        m_pool->waitForDone();
        QCoreApplication::processEvents();
    }
}

} // namespace kinemark
