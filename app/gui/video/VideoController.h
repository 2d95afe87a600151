#pragma once

#include "core/video/VideoAttachment.h"
#include "core/video/VideoSync.h"

#include <QObject>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

class QAction;
class QDockWidget;
class QLabel;
class QMainWindow;
class QMenu;

namespace kinemark {

class AnnotationEditor;
class Project;
class RecordingSession;
class VideoPanel;

// The Video dock and everything that ties a video to the shown recording:
// which video plays (the recording's attachments), the cursor of every view
// following the frame on screen (recording time = the attachment's mapping of
// the frame's time) with the views scrolling to keep it in sight, a click or
// seek in any view seeking the video, class keys labelling at the play head
// while it plays, and the sync tools (sync marks in the video and the signal,
// offset and drift from one or two pairs, nudging the offset by a frame).
// Attaching, detaching, relocating and every offset or drift change is one
// ProjectEdit::setVideos pushed through the annotation editor: one undo step,
// journalled. Nothing here changes an offset except those user actions.
class VideoController : public QObject
{
    Q_OBJECT
public:
    VideoController(Project* project, RecordingSession* session, AnnotationEditor* editor,
                    std::function<QString()> projectPath, QMainWindow* window);
    ~VideoController() override;

    VideoPanel* panel() const { return m_panel; }
    QDockWidget* dock() const { return m_dock; }
    // The status bar's offset and drift of the shown video.
    QLabel* statusLabel() const { return m_status; }
    // File › Attach Video…
    QAction* attachAction() const { return m_attach; }
    // The Video menu: playback, sync tools, detach, relocate, the dock.
    void addActionsTo(QMenu* menu);

    // The shown recording's video in the dock (nullptr: none).
    const VideoAttachment* attachment() const;
    // The absolute path of that video.
    QString videoPath() const;

    // Attaches `file` to the shown recording (one undo step); false, with a message, when it
    // cannot.
    bool attach(const QString& file);
    bool detach();
    // Points the shown video at `file`, keeping its offset and drift.
    bool relocate(const QString& file);
    // Dropped files: true (handled) when all are videos, which are attached.
    bool attachDropped(const QStringList& paths);
    static bool isVideoFile(const QString& path);

    // Sync: the shown frame and the cursor's sample mark one event; each
    // complete pair sets the offset (one pair) or offset and drift (two or
    // more) through VideoSync, as one undo step.
    void markSyncInVideo();
    void markSyncInSignal();
    void clearSyncMarks();
    const std::vector<VideoSync::Pair>& syncPairs() const { return m_pairs; }
    // Sets the shown video's offset and drift (one undo step).
    bool setSync(double offsetS, double driftPpm, const QString& description);
    // Moves the video by whole frames against the signal (one undo step; quick repeats are each
    // one).
    bool nudgeOffset(int frames);

Q_SIGNALS:
    void message(const QString& text);

private:
    void createActions();
    void showRecording();
    void projectEdited();
    void openVideo();
    void onFrame(double videoTimeS);
    void onCursor(double recordingTimeS);
    void seekToCursor();
    void keepInSight(double t);
    void updateStatus();
    void completePair();
    bool pushVideos(const QString& description, std::vector<VideoAttachment> after);
    QString recordingId() const;
    const std::vector<VideoAttachment>* videos() const;

    Project* m_project;
    RecordingSession* m_session;
    AnnotationEditor* m_editor;
    std::function<QString()> m_projectPath;
    QMainWindow* m_window;
    VideoPanel* m_panel;
    QDockWidget* m_dock;
    QLabel* m_status;
    QAction* m_attach = nullptr;
    QAction* m_detach = nullptr;
    QAction* m_relocate = nullptr;
    QAction* m_nextVideo = nullptr;
    QAction* m_markVideo = nullptr;
    QAction* m_markSignal = nullptr;
    QAction* m_clearMarks = nullptr;
    QAction* m_nudgeBack = nullptr;
    QAction* m_nudgeForward = nullptr;

    QString m_recordingId;                       // the recording whose video is in the dock
    int m_index = 0;                             // which of its videos
    QString m_openedPath;                        // absolute path opened in the panel ("" none)
    std::pair<double, double> m_shownSync{0, 0}; // the offset and drift the video is placed by
    // The cursor is being set from a frame: its change must not seek back.
    bool m_settingCursor = false;
    // The next frame answers a seek from the cursor: the cursor stays where the user put it.
    bool m_seekFromCursor = false;
    std::optional<double> m_videoMark;  // video time of a sync event
    std::optional<double> m_signalMark; // recording time of the same event
    std::vector<VideoSync::Pair> m_pairs;
};

} // namespace kinemark
