#include "app/gui/video/VideoController.h"

#include "core/editing/ProjectEdit.h"
#include "core/model/Project.h"
#include "core/video/VideoLocator.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/plot/TimeAxisState.h"
#include "widgets/recording/RecordingSession.h"
#include "widgets/video/VideoPanel.h"

#include <QAction>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QSettings>
#include <cmath>

namespace kinemark {

namespace {
const char* kLastFolderSetting = "video/lastFolder";

QString signedSeconds(double s)
{
    return QStringLiteral("%1%2").arg(s >= 0 ? "+" : "").arg(s, 0, 'f', 3);
}
} // namespace

VideoController::VideoController(Project* project, RecordingSession* session,
                                 AnnotationEditor* editor, std::function<QString()> projectPath,
                                 QMainWindow* window)
    : QObject(window), m_project(project), m_session(session), m_editor(editor),
      m_projectPath(std::move(projectPath)), m_window(window)
{
    m_dock = new QDockWidget(tr("Video"), window);
    m_dock->setObjectName(QStringLiteral("videoDock"));
    m_panel = new VideoPanel(m_dock);
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_status = new QLabel(window);
    m_status->setToolTip(tr("The shown video's offset (recording time at the video's start) and "
                            "drift (its clock's rate error)"));
    createActions();

    connect(m_panel, &VideoPanel::frameShown, this, &VideoController::onFrame);
    connect(m_panel, &VideoPanel::errorOccurred, this, &VideoController::message);
    connect(m_panel, &VideoPanel::playingChanged, this, [this](bool playing) {
        m_editor->setPlayheadLabelling(playing);
        updateStatus();
    });
    connect(m_session->timeAxis(), &TimeAxisState::cursorChanged, this, &VideoController::onCursor);
    connect(m_session, &RecordingSession::recordingChanged, this, &VideoController::showRecording);
    // Undo and redo of a video edit come back through the editor as well.
    connect(m_editor, &AnnotationEditor::edited, this, &VideoController::projectEdited);
    updateStatus();
}

VideoController::~VideoController() = default;

void VideoController::createActions()
{
    m_attach = new QAction(tr("Attach &Video..."), this);
    m_attach->setToolTip(tr("Attach a video file to the shown recording"));
    connect(m_attach, &QAction::triggered, this, [this] {
        QSettings settings;
        const QString file = QFileDialog::getOpenFileName(
            m_window, tr("Attach Video"), settings.value(kLastFolderSetting).toString(),
            tr("Videos (*.mp4 *.m4v *.mov *.mkv *.webm *.avi *.mpg *.mpeg);;All files (*)"));
        if (file.isEmpty())
            return;
        settings.setValue(kLastFolderSetting, QFileInfo(file).absolutePath());
        attach(file);
    });
    m_detach = new QAction(tr("&Detach Video"), this);
    connect(m_detach, &QAction::triggered, this, &VideoController::detach);
    m_relocate = new QAction(tr("&Relocate Video..."), this);
    m_relocate->setToolTip(tr("Point the video at its file's new place; the sync is kept"));
    connect(m_relocate, &QAction::triggered, this, [this] {
        const VideoAttachment* video = attachment();
        if (!video)
            return;
        const QString file = QFileDialog::getOpenFileName(
            m_window, tr("Relocate %1").arg(QFileInfo(video->path).fileName()),
            QSettings().value(kLastFolderSetting).toString());
        if (!file.isEmpty())
            relocate(file);
    });
    m_nextVideo = new QAction(tr("&Next Attached Video"), this);
    connect(m_nextVideo, &QAction::triggered, this, [this] {
        const auto* list = videos();
        if (!list || list->size() < 2)
            return;
        m_index = (m_index + 1) % int(list->size());
        clearSyncMarks();
        openVideo();
    });

    m_markVideo = new QAction(tr("Sync Mark in &Video"), this);
    m_markVideo->setIconText(tr("Mark video"));
    m_markVideo->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    m_markVideo->setToolTip(tr("The shown frame is a sync event (a clap, a jump)"));
    connect(m_markVideo, &QAction::triggered, this, &VideoController::markSyncInVideo);
    m_markSignal = new QAction(tr("Sync Mark in &Signal"), this);
    m_markSignal->setIconText(tr("Mark signal"));
    m_markSignal->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G));
    m_markSignal->setToolTip(tr("The cursor's sample is the same sync event"));
    connect(m_markSignal, &QAction::triggered, this, &VideoController::markSyncInSignal);
    m_clearMarks = new QAction(tr("&Clear Sync Marks"), this);
    connect(m_clearMarks, &QAction::triggered, this, &VideoController::clearSyncMarks);
    m_nudgeBack = new QAction(tr("Video One Frame &Earlier"), this);
    m_nudgeBack->setIconText(tr("Offset −1 frame"));
    m_nudgeBack->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_nudgeBack->setToolTip(tr("Lower the offset by one frame"));
    connect(m_nudgeBack, &QAction::triggered, this, [this] { nudgeOffset(-1); });
    m_nudgeForward = new QAction(tr("Video One Frame &Later"), this);
    m_nudgeForward->setIconText(tr("Offset +1 frame"));
    m_nudgeForward->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_nudgeForward->setToolTip(tr("Raise the offset by one frame"));
    connect(m_nudgeForward, &QAction::triggered, this, [this] { nudgeOffset(1); });
    m_panel->addToolActions({m_markVideo, m_markSignal});
}

void VideoController::addActionsTo(QMenu* menu)
{
    // In the menu bar the playback keys work wherever the focus is in the window.
    for (QAction* a : m_panel->playbackActions()) {
        a->setShortcutContext(Qt::WindowShortcut);
        menu->addAction(a);
    }
    menu->addAction(m_panel->blurAction());
    menu->addSeparator();
    for (QAction* a : {m_markVideo, m_markSignal, m_clearMarks, m_nudgeBack, m_nudgeForward}) {
        a->setShortcutContext(Qt::WindowShortcut);
        menu->addAction(a);
    }
    menu->addSeparator();
    menu->addAction(m_attach);
    menu->addAction(m_detach);
    menu->addAction(m_relocate);
    menu->addAction(m_nextVideo);
    menu->addSeparator();
    menu->addAction(m_dock->toggleViewAction());
}

QString VideoController::recordingId() const
{
    const Recording* r = m_session->recording();
    return r ? r->id : QString();
}

const std::vector<VideoAttachment>* VideoController::videos() const
{
    const QString id = recordingId();
    if (id.isEmpty() || !m_project || !m_project->recording(id))
        return nullptr;
    return &m_project->videos(id);
}

const VideoAttachment* VideoController::attachment() const
{
    const auto* list = videos();
    if (!list || list->empty())
        return nullptr;
    return &(*list)[std::clamp<size_t>(size_t(std::max(0, m_index)), 0, list->size() - 1)];
}

QString VideoController::videoPath() const
{
    const VideoAttachment* video = attachment();
    return video ? VideoLocator(m_projectPath()).absolutePath(*video) : QString();
}

bool VideoController::isVideoFile(const QString& path)
{
    static const QStringList suffixes{"mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg"};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

void VideoController::showRecording()
{
    if (recordingId() == m_recordingId)
        return;
    m_recordingId = recordingId();
    m_index = 0;
    m_editor->dropOpenSegment();
    clearSyncMarks();
    openVideo();
}

void VideoController::projectEdited()
{
    // An attach, detach, relocation or a new offset (or the undo of one).
    const QString path = videoPath();
    if (path != m_openedPath) {
        openVideo();
        return;
    }
    updateStatus();
    // A new offset keeps the cursor where it is and moves the video under it;
    // label edits (many while it plays) leave the video alone.
    const VideoAttachment* video = attachment();
    const std::pair<double, double> sync =
        video ? std::pair{video->offsetS, video->driftPpm} : std::pair{0.0, 0.0};
    if (sync != m_shownSync) {
        m_shownSync = sync;
        seekToCursor();
    }
}

void VideoController::openVideo()
{
    const VideoAttachment* video = attachment();
    const QString path = videoPath();
    m_openedPath = path;
    m_seekFromCursor = false;
    m_shownSync = video ? std::pair{video->offsetS, video->driftPpm} : std::pair{0.0, 0.0};
    const bool has = video != nullptr;
    m_detach->setEnabled(has);
    m_relocate->setEnabled(has);
    m_nextVideo->setEnabled(videos() && videos()->size() > 1);
    for (QAction* a : {m_markVideo, m_markSignal, m_nudgeBack, m_nudgeForward})
        a->setEnabled(has);
    updateStatus();
    if (!video) {
        m_panel->close();
        return;
    }
    const VideoLocator::Check check = VideoLocator(m_projectPath()).check(*video);
    if (check.status == VideoLocator::Status::Missing) {
        m_panel->close();
        m_panel->showMessage(tr("%1\nVideo › Relocate Video… points it at the file's new place.")
                                 .arg(check.message));
        Q_EMIT message(check.message);
        return;
    }
    if (check.status == VideoLocator::Status::Changed)
        Q_EMIT message(check.message);
    // The recording's video comes to the front (in Annotate a tab beside the Segments list).
    m_dock->show();
    m_dock->raise();
    m_panel->open(path);
    seekToCursor();
}

void VideoController::onFrame(double videoTimeS)
{
    const VideoAttachment* video = attachment();
    if (!video)
        return;
    if (m_seekFromCursor) {
        // The frame the user asked for from a view: the cursor stays on the
        // time they chose, which the frame holds.
        m_seekFromCursor = false;
        return;
    }
    const double t = video->recordingTimeAt(videoTimeS);
    m_settingCursor = true;
    m_session->timeAxis()->setCursor(t);
    m_settingCursor = false;
    keepInSight(t);
}

void VideoController::onCursor(double)
{
    if (m_settingCursor)
        return;
    seekToCursor();
}

void VideoController::seekToCursor()
{
    const VideoAttachment* video = attachment();
    if (!video || !m_panel->hasVideo())
        return;
    const double cursor = m_session->timeAxis()->cursor();
    const double t = video->videoTimeAt(cursor);
    const double duration = m_panel->duration();
    if (t < 0)
        m_panel->showMessage(tr("The cursor is %1 s before the video starts").arg(-t, 0, 'f', 1));
    else if (duration > 0 && t > duration)
        m_panel->showMessage(
            tr("The cursor is %1 s after the video ends").arg(t - duration, 0, 'f', 1));
    m_seekFromCursor = true;
    m_panel->seek(std::max(0.0, t));
}

void VideoController::keepInSight(double t)
{
    TimeAxisState* axis = m_session->timeAxis();
    const double span = axis->visibleSpan();
    if (span <= 0 || (t >= axis->visibleStart() && t <= axis->visibleEnd() - 0.02 * span))
        return;
    // Page on, with the cursor near the left edge: the next seconds are in sight.
    const double start = std::clamp(t - 0.1 * span, 0.0, std::max(0.0, axis->duration() - span));
    axis->setVisibleRange(start, start + span);
}

bool VideoController::pushVideos(const QString& description, std::vector<VideoAttachment> after)
{
    const auto* before = videos();
    if (!before) {
        Q_EMIT message(tr("No recording is shown"));
        return false;
    }
    return m_editor->pushEdits(description,
                               {ProjectEdit::setVideos(recordingId(), *before, std::move(after))});
}

bool VideoController::attach(const QString& file)
{
    if (!videos()) {
        Q_EMIT message(tr("Open a recording before attaching a video to it"));
        return false;
    }
    VideoAttachment video;
    try {
        video = VideoLocator(m_projectPath()).attach(file);
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromUtf8(e.what()));
        return false;
    }
    std::vector<VideoAttachment> after = *videos();
    after.push_back(video);
    const int index = int(after.size()) - 1;
    if (!pushVideos(tr("Attach video %1").arg(QFileInfo(file).fileName()), std::move(after)))
        return false;
    if (m_index != index) {
        m_index = index;
        openVideo();
    }
    return true;
}

bool VideoController::detach()
{
    const VideoAttachment* video = attachment();
    if (!video)
        return false;
    std::vector<VideoAttachment> after = *videos();
    const QString name = QFileInfo(video->path).fileName();
    after.erase(after.begin() + std::clamp<int>(m_index, 0, int(after.size()) - 1));
    m_index = 0;
    return pushVideos(tr("Detach video %1").arg(name), std::move(after));
}

bool VideoController::relocate(const QString& file)
{
    const VideoAttachment* video = attachment();
    if (!video)
        return false;
    VideoLocator::Relocation moved;
    try {
        moved = VideoLocator(m_projectPath()).relocate(*video, file);
    } catch (const std::exception& e) {
        Q_EMIT message(QString::fromUtf8(e.what()));
        return false;
    }
    std::vector<VideoAttachment> after = *videos();
    after[size_t(std::clamp<int>(m_index, 0, int(after.size()) - 1))] = moved.attachment;
    if (!pushVideos(tr("Relocate video %1").arg(QFileInfo(file).fileName()), std::move(after)))
        return false;
    if (!moved.warning.isEmpty())
        Q_EMIT message(moved.warning);
    return true;
}

bool VideoController::attachDropped(const QStringList& paths)
{
    if (paths.isEmpty() || !std::all_of(paths.begin(), paths.end(), &isVideoFile))
        return false;
    for (const QString& p : paths)
        attach(p);
    return true;
}

void VideoController::markSyncInVideo()
{
    if (!attachment() || !m_panel->frameTime())
        return;
    m_videoMark = *m_panel->frameTime();
    completePair();
}

void VideoController::markSyncInSignal()
{
    if (!attachment())
        return;
    m_signalMark = m_session->timeAxis()->cursor();
    completePair();
}

void VideoController::clearSyncMarks()
{
    m_videoMark.reset();
    m_signalMark.reset();
    m_pairs.clear();
    updateStatus();
}

void VideoController::completePair()
{
    updateStatus();
    if (!m_videoMark || !m_signalMark) {
        Q_EMIT message(m_videoMark ? tr("Sync mark in the video set: now mark the same event in "
                                        "the signal (cursor on it, Sync Mark in Signal)")
                                   : tr("Sync mark in the signal set: now mark the same event's "
                                        "frame in the video (Sync Mark in Video)"));
        return;
    }
    m_pairs.push_back({*m_videoMark, *m_signalMark});
    m_videoMark.reset();
    m_signalMark.reset();
    const VideoAttachment* video = attachment();
    const VideoSync::Result result = VideoSync::fromPairs(m_pairs, video->driftPpm);
    if (!result.ok) {
        m_pairs.pop_back();
        Q_EMIT message(tr("Sync pair not used: %1").arg(result.refusal));
        updateStatus();
        return;
    }
    setSync(result.offsetS, result.driftPpm,
            m_pairs.size() == 1
                ? tr("Video offset from a sync pair")
                : tr("Video offset and drift from %1 sync pairs").arg(m_pairs.size()));
}

bool VideoController::setSync(double offsetS, double driftPpm, const QString& description)
{
    const VideoAttachment* video = attachment();
    if (!video)
        return false;
    std::vector<VideoAttachment> after = *videos();
    VideoAttachment& changed = after[size_t(std::clamp<int>(m_index, 0, int(after.size()) - 1))];
    changed.offsetS = offsetS;
    changed.driftPpm = driftPpm;
    if (changed == *video)
        return false;
    return pushVideos(description, std::move(after));
}

bool VideoController::nudgeOffset(int frames)
{
    const VideoAttachment* video = attachment();
    if (!video)
        return false;
    const double frame = m_panel->frameDuration() > 0 ? m_panel->frameDuration() : 0.04;
    return setSync(video->offsetS + frames * frame, video->driftPpm,
                   frames > 0 ? tr("Video one frame later") : tr("Video one frame earlier"));
}

void VideoController::updateStatus()
{
    const VideoAttachment* video = attachment();
    if (!video) {
        m_status->clear();
        m_status->hide();
        return;
    }
    QString text = tr("Video offset %1 s · drift %2 ppm")
                       .arg(signedSeconds(video->offsetS))
                       .arg(QStringLiteral("%1%2")
                                .arg(video->driftPpm >= 0 ? "+" : "")
                                .arg(video->driftPpm, 0, 'f', 1));
    if (!m_pairs.empty() || m_videoMark || m_signalMark)
        text += tr(" · sync pairs %1%2")
                    .arg(m_pairs.size())
                    .arg(m_videoMark    ? tr(" (video marked)")
                         : m_signalMark ? tr(" (signal marked)")
                                        : QString());
    m_status->setText(text);
    m_status->show();
}

} // namespace kinemark
