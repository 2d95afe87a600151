#pragma once

#include "core/dsp/SignalPyramids.h"
#include "core/dsp/SpectrogramStore.h"
#include "core/model/LabelSet.h"
#include "core/model/Recording.h"

#include <QObject>

class QThreadPool;
#include <atomic>
#include <memory>

namespace kinemark {

class TimeAxisState;

// What the views of one shown recording share: the recording, its label set,
// the time axis, and the display caches (min/max pyramids, spectrogram store)
// that are built on worker threads. Views read; the session computes and
// tells them when something new is ready.
class RecordingSession : public QObject
{
    Q_OBJECT
public:
    explicit RecordingSession(QObject* parent = nullptr);
    ~RecordingSession() override;

    // Shows a new recording (nullptr: none). Cancels work for the previous one.
    void setRecording(std::shared_ptr<const Recording> recording, const LabelSet& labelSet);
    // Spectrogram frame length in seconds (periodic Hann, hop of half a frame;
    // SelfPAB's default is 1 s). A change recomputes the spectrogram alone,
    // keeping the view and the signal caches.
    void setSpectrogramFrameSeconds(double seconds);
    double spectrogramFrameSeconds() const { return m_frameSeconds; }
    // The STFT parameters for the shown recording's rate.
    StftParameters spectrogramParameters() const;

    const Recording* recording() const { return m_recording.get(); }
    std::shared_ptr<const Recording> sharedRecording() const { return m_recording; }
    const LabelSet& labelSet() const { return m_labelSet; }
    // The shown recording's label set was edited (names, colours, classes).
    void setLabelSet(const LabelSet& labelSet);
    TimeAxisState* timeAxis() const { return m_axis; }

    // Null until built.
    std::shared_ptr<const SignalPyramids> pyramids() const { return m_pyramids; }
    std::shared_ptr<SpectrogramStore> spectrogram() const { return m_spectrogram; }

    // Asks for full-resolution spectrogram tiles of frames [first, last) in the
    // background; spectrogramUpdated() follows when they are there.
    void requestSpectrogramTiles(int64_t first, int64_t last);
    // Blocks until the background work started so far has finished (tests, screenshots).
    void waitForBackgroundWork();

Q_SIGNALS:
    void recordingChanged();
    void labelSetChanged();
    void pyramidsReady();
    void spectrogramUpdated();
    // Background work for the status bar: fraction in [0, 1], or done.
    void backgroundProgress(const QString& what, double fraction);
    void backgroundFinished(const QString& what);

private:
    void startBackgroundWork();
    void startSpectrogramWork();
    void cancelBackgroundWork();
    void cancelSpectrogramWork();
    JobControl makeJob(const QString& what, const std::shared_ptr<std::atomic<bool>>& cancel);

    TimeAxisState* m_axis;
    std::shared_ptr<const Recording> m_recording;
    LabelSet m_labelSet;
    double m_frameSeconds = 1.0;
    std::shared_ptr<const SignalPyramids> m_pyramids;
    std::shared_ptr<SpectrogramStore> m_spectrogram;
    // Each generation of background work has its own cancel flag, so that work
    // for a recording no longer shown stops and its results are dropped.
    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    // The spectrogram has its own generation: changing its parameters starts it over alone.
    std::shared_ptr<std::atomic<bool>> m_spectrogramCancel;
    quint64 m_spectrogramGeneration = 0;
    std::pair<int64_t, int64_t> m_pendingTiles{-1, -1};
    bool m_tileJobRunning = false;
    QThreadPool* m_pool;
};

} // namespace kinemark
