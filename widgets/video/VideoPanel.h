#pragma once

#include <QWidget>
#include <optional>

class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QMediaPlayer;
class QToolButton;
class QVideoFrame;
class QVideoSink;

namespace kinemark {

class VideoFrameView;

// The Video dock's content: plays one video file (Qt Multimedia's
// QMediaPlayer into a QVideoSink) and paints its frames itself
// (VideoFrameView), so that the time of the frame on screen is the frame's
// own presentation time stamp, not a position assumed from a frame rate:
// variable frame rates and frame steps stay exact. Controls: play/pause,
// speed, frame steps, jumps of 1 s and 10 s, the position, the privacy blur
// (remembered). A file that cannot be played gives a message naming it and
// the reason, never a crash. Times here are video times: seconds from the
// video's first frame; the app maps them to recording time.
class VideoPanel : public QWidget
{
    Q_OBJECT
public:
    explicit VideoPanel(QWidget* parent = nullptr);
    ~VideoPanel() override;

    // Starts loading `file` (paused on its first frame); frameShown() follows,
    // or errorOccurred(). An empty path closes the video.
    void open(const QString& file);
    void close() { open(QString()); }
    QString file() const { return m_file; }
    bool hasVideo() const { return !m_file.isEmpty() && m_error.isEmpty(); }
    // Shows the message in place of the picture (e.g. a missing file the app
    // did not open); cleared by the next open().
    void showMessage(const QString& text);
    QString error() const { return m_error; }

    // Shows the frame at `videoTimeS` (clamped to the video); keeps playing if it was.
    void seek(double videoTimeS);
    // The shown frame's presentation time and length (seconds); nullopt before the first frame.
    std::optional<double> frameTime() const { return m_frameTime; }
    double frameDuration() const { return m_frameDuration; }
    double duration() const;

    bool isPlaying() const;
    double speed() const;
    void setSpeed(double factor); // 0.25 to 4
    bool isBlurred() const;
    void setBlurred(bool on);

    VideoFrameView* frameView() const { return m_view; }
    // Play/pause (Space), frame steps (',' '.'), jumps (1 s: '[' ']', 10 s:
    // Ctrl+[ Ctrl+]) and the blur: for the app's Video menu, which makes their
    // keys work wherever the focus is in the window.
    QList<QAction*> playbackActions() const;
    QAction* blurAction() const { return m_blur; }
    // Adds buttons for the app's own actions (e.g. its sync tools) in a second row.
    void addToolActions(const QList<QAction*>& actions);

public Q_SLOTS:
    void play();
    void pause();
    void togglePlaying();
    // One frame forward (+1) or back (-1), by the frames' own time stamps; pauses.
    void stepFrame(int direction);
    void jumpBy(double seconds);

Q_SIGNALS:
    // A new frame is on screen; its presentation time in seconds from the video's first frame.
    void frameShown(double videoTimeS);
    void playingChanged(bool playing);
    // The file cannot be played: a sentence naming the file and the reason.
    void errorOccurred(const QString& message);

private:
    void onFrame(const QVideoFrame& frame);
    void onStatus(int status);
    void onError(const QString& reason);
    void seekPlayer(double videoTimeS);
    void createPlayer();
    void dropPlayer();
    void updatePlayAction();
    void updateReadout();
    QString codecText() const;
    QToolButton* button(QAction* action);

    QMediaPlayer* m_player = nullptr; // one per opened file
    QVideoSink* m_sink = nullptr;
    VideoFrameView* m_view;
    QLabel* m_position;
    QComboBox* m_speed;
    QHBoxLayout* m_toolRow;
    QAction* m_play;
    QAction* m_stepBack;
    QAction* m_stepForward;
    QAction* m_back1;
    QAction* m_forward1;
    QAction* m_back10;
    QAction* m_forward10;
    QAction* m_blur;
    QString m_file;
    QString m_error;
    std::optional<double> m_frameTime;
    double m_frameDuration = 0.04;
    qint64 m_frameEndUs = 0;     // where the shown frame ends, in video time
    qint64 m_nominalFrameUs = 0; // a whole frame's length, from frames not clipped by a seek
    // Subtracted from the backend's frame time stamps so that the first frame
    // is at 0: GStreamer reports an MP4's time stamps before its edit list,
    // i.e. late by the decoder delay (two frames for x264's B-frames), while
    // the player's positions are after it.
    qint64 m_timestampOriginUs = 0;
    bool m_originKnown = false;
    // A seek asked for before the first frame fixed the origin.
    std::optional<double> m_pendingSeek;
    bool m_afterSeek = false; // the next frame answers a seek (and may be clipped)
};

} // namespace kinemark
