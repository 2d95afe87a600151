#include "RecordingSession.h"

#include "TimeAxisState.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

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

void RecordingSession::setRecording(std::shared_ptr<const Recording> recording, const LabelSet& labelSet)
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

void RecordingSession::setSpectrogramParameters(const StftParameters& parameters)
{
    m_stftParameters = parameters;
    if (m_recording)
        setRecording(m_recording, m_labelSet);
}

void RecordingSession::cancelBackgroundWork()
{
    if (m_cancel)
        m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    ++m_generation;
    m_tileJobRunning = false;
    m_pendingTiles = {-1, -1};
}

void RecordingSession::startBackgroundWork()
{
    auto recording = m_recording;
    auto cancel = m_cancel;
    const quint64 generation = m_generation;
    auto store = std::make_shared<SpectrogramStore>(recording, m_stftParameters);
    m_spectrogram = store;
    QPointer<RecordingSession> self(this);

    // Progress crosses to the GUI thread as queued calls.
    auto makeJob = [self, cancel](const QString& what) {
        JobControl job;
        job.cancelRequested = cancel.get();
        job.progress = [self, what](double fraction, const QString&) {
            QMetaObject::invokeMethod(
                self, [self, what, fraction] {
                    if (self)
                        Q_EMIT self->backgroundProgress(what, fraction);
                },
                Qt::QueuedConnection);
        };
        return job;
    };

    (void)QtConcurrent::run(m_pool, [=] {
        try {
            const JobControl job = makeJob(tr("Preparing signal overview"));
            auto pyramids = SignalPyramids::build(*recording, &job);
            QMetaObject::invokeMethod(
                self, [self, pyramids, generation] {
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
    (void)QtConcurrent::run(m_pool, [=] {
        try {
            const JobControl job = makeJob(tr("Computing spectrograms"));
            store->buildOverview(&job, 1);
            QMetaObject::invokeMethod(
                self, [self, generation] {
                    if (!self || self->m_generation != generation)
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
    auto cancel = m_cancel;
    const quint64 generation = m_generation;
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
            self, [self, generation] {
                if (!self || self->m_generation != generation)
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
