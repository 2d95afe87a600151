#include "widgets/video/VideoPanel.h"

#include "widgets/video/VideoFrameView.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMediaFormat>
#include <QMediaMetaData>
#include <QMediaPlayer>
#include <QSettings>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QVideoFrame>
#include <QVideoSink>
#include <cmath>

namespace kinemark {

namespace {
const char* kBlurSetting = "video/blur";
// A file that loads but shows no frame within this time cannot be decoded
// (GStreamer reports a missing decoder only as silence).
constexpr int kFirstFrameTimeoutMs = 8000;
// Frames "shorter" than this have no real length from the backend.
constexpr qint64 kShortestFrameUs = 2000;

QString clockText(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0)
        seconds = 0;
    const qint64 ms = qint64(std::llround(seconds * 1000));
    const qint64 h = ms / 3600000, m = (ms / 60000) % 60, s = (ms / 1000) % 60, rest = ms % 1000;
    const QString mss = QStringLiteral("%1:%2.%3")
                            .arg(m, 2, 10, QLatin1Char('0'))
                            .arg(s, 2, 10, QLatin1Char('0'))
                            .arg(rest, 3, 10, QLatin1Char('0'));
    return h > 0 ? QStringLiteral("%1:%2").arg(h).arg(mss) : mss;
}
} // namespace

VideoPanel::VideoPanel(QWidget* parent)
    : QWidget(parent), m_view(new VideoFrameView(this)), m_position(new QLabel(this)),
      m_speed(new QComboBox(this))
{
    auto action = [this](const QString& text, QStyle::StandardPixmap icon, const QKeySequence& key,
                         const QString& tip) {
        auto* a = new QAction(style()->standardIcon(icon), text, this);
        a->setShortcut(key);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        return a;
    };
    m_play = action(tr("Play"), QStyle::SP_MediaPlay, QKeySequence(Qt::Key_Space),
                    tr("Play or pause the video"));
    m_stepBack = action(tr("Previous Frame"), QStyle::SP_MediaSeekBackward,
                        QKeySequence(Qt::Key_Comma), tr("One frame back"));
    m_stepForward = action(tr("Next Frame"), QStyle::SP_MediaSeekForward,
                           QKeySequence(Qt::Key_Period), tr("One frame forward"));
    m_back1 = action(tr("Back 1 s"), QStyle::SP_MediaSkipBackward,
                     QKeySequence(Qt::Key_BracketLeft), tr("One second back"));
    m_forward1 = action(tr("Forward 1 s"), QStyle::SP_MediaSkipForward,
                        QKeySequence(Qt::Key_BracketRight), tr("One second forward"));
    m_back10 = action(tr("Back 10 s"), QStyle::SP_MediaSkipBackward,
                      QKeySequence(Qt::CTRL | Qt::Key_BracketLeft), tr("Ten seconds back"));
    m_forward10 = action(tr("Forward 10 s"), QStyle::SP_MediaSkipForward,
                         QKeySequence(Qt::CTRL | Qt::Key_BracketRight), tr("Ten seconds forward"));
    m_back1->setIconText(tr("-1 s"));
    m_forward1->setIconText(tr("+1 s"));
    m_back10->setIconText(tr("-10 s"));
    m_forward10->setIconText(tr("+10 s"));
    connect(m_play, &QAction::triggered, this, &VideoPanel::togglePlaying);
    connect(m_stepBack, &QAction::triggered, this, [this] { stepFrame(-1); });
    connect(m_stepForward, &QAction::triggered, this, [this] { stepFrame(1); });
    connect(m_back1, &QAction::triggered, this, [this] { jumpBy(-1); });
    connect(m_forward1, &QAction::triggered, this, [this] { jumpBy(1); });
    connect(m_back10, &QAction::triggered, this, [this] { jumpBy(-10); });
    connect(m_forward10, &QAction::triggered, this, [this] { jumpBy(10); });

    m_blur = new QAction(tr("Blur Video"), this);
    m_blur->setCheckable(true);
    m_blur->setToolTip(tr("Blur the picture so that faces cannot be recognised"));
    m_blur->setChecked(QSettings().value(kBlurSetting, false).toBool());
    m_view->setBlurred(m_blur->isChecked());
    connect(m_blur, &QAction::toggled, this, [this](bool on) {
        m_view->setBlurred(on);
        QSettings().setValue(kBlurSetting, on);
    });

    for (double f : {0.25, 0.5, 1.0, 1.5, 2.0, 4.0})
        m_speed->addItem(QStringLiteral("%1×").arg(f), f);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(tr("Playback speed"));
    connect(m_speed, &QComboBox::currentIndexChanged, this, [this] {
        if (m_player)
            m_player->setPlaybackRate(speed());
    });

    m_position->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_position->setToolTip(tr("Time of the shown frame in the video, and the video's length"));

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(4, 2, 4, 2);
    controls->setSpacing(2);
    for (QAction* a :
         {m_back10, m_back1, m_stepBack, m_play, m_stepForward, m_forward1, m_forward10})
        controls->addWidget(button(a));
    controls->addWidget(m_speed);
    controls->addStretch();
    auto* blurButton = button(m_blur);
    blurButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    controls->addWidget(blurButton);

    m_toolRow = new QHBoxLayout;
    m_toolRow->setContentsMargins(4, 0, 4, 2);
    m_toolRow->setSpacing(2);
    m_toolRow->addWidget(m_position);
    m_toolRow->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addLayout(controls);
    layout->addLayout(m_toolRow);
    open(QString());
}

VideoPanel::~VideoPanel()
{
    dropPlayer();
}

void VideoPanel::dropPlayer()
{
    if (!m_player)
        return;
    // Neither may deliver a frame or a state into the panel once it is gone.
    disconnect(m_sink, nullptr, this, nullptr);
    disconnect(m_player, nullptr, this, nullptr);
    m_player->stop();
    delete m_player;
    delete m_sink;
    m_player = nullptr;
    m_sink = nullptr;
}

void VideoPanel::createPlayer()
{
    // A fresh player per file: one that failed on a broken file does not
    // always load the next one.
    m_player = new QMediaPlayer(this);
    m_sink = new QVideoSink(this);
    m_player->setVideoSink(m_sink);
    m_player->setPlaybackRate(speed());
    connect(m_sink, &QVideoSink::videoFrameChanged, this, &VideoPanel::onFrame);
    connect(m_player, &QMediaPlayer::mediaStatusChanged, this,
            [this](QMediaPlayer::MediaStatus s) { onStatus(int(s)); });
    connect(m_player, &QMediaPlayer::errorOccurred, this,
            [this](QMediaPlayer::Error, const QString& reason) { onError(reason); });
    connect(m_player, &QMediaPlayer::playbackStateChanged, this, [this] {
        const bool playing = isPlaying();
        updatePlayAction();
        Q_EMIT playingChanged(playing);
    });
}

void VideoPanel::updatePlayAction()
{
    const bool playing = isPlaying();
    m_play->setText(playing ? tr("Pause") : tr("Play"));
    m_play->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

QToolButton* VideoPanel::button(QAction* action)
{
    auto* b = new QToolButton(this);
    b->setDefaultAction(action);
    b->setAutoRaise(true);
    // Buttons must not take the focus: Space and the class keys belong to the views.
    b->setFocusPolicy(Qt::NoFocus);
    if (!action->iconText().isEmpty() && action->iconText() != action->text())
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

QList<QAction*> VideoPanel::playbackActions() const
{
    return {m_play, m_stepBack, m_stepForward, m_back1, m_forward1, m_back10, m_forward10};
}

void VideoPanel::addToolActions(const QList<QAction*>& actions)
{
    for (QAction* a : actions) {
        auto* b = button(a);
        b->setToolButtonStyle(Qt::ToolButtonTextOnly);
        m_toolRow->addWidget(b);
    }
}

void VideoPanel::open(const QString& file)
{
    const bool wasPlaying = isPlaying();
    dropPlayer();
    m_file = file;
    m_error.clear();
    m_frameTime.reset();
    m_pendingSeek.reset();
    m_originKnown = false;
    m_timestampOriginUs = 0;
    m_nominalFrameUs = 0;
    m_view->setFrame(QImage());
    m_view->setMessage(file.isEmpty() ? tr("No video attached to this recording") : QString());
    updatePlayAction();
    if (wasPlaying)
        Q_EMIT playingChanged(false);
    if (!file.isEmpty() && !QFileInfo(file).isFile()) {
        onError(tr("the file does not exist"));
        return;
    }
    if (!file.isEmpty()) {
        createPlayer();
        m_player->setSource(QUrl::fromLocalFile(file));
        m_view->setMessage(tr("Loading %1…").arg(QFileInfo(file).fileName()));
        const QString opened = file;
        QTimer::singleShot(kFirstFrameTimeoutMs, this, [this, opened] {
            if (m_file == opened && !m_frameTime && m_error.isEmpty())
                onError(tr("no frame could be decoded%1").arg(codecText()));
        });
    }
    updateReadout();
}

void VideoPanel::showMessage(const QString& text)
{
    m_view->setMessage(text);
}

QString VideoPanel::codecText() const
{
    if (!m_player)
        return QString();
    const QVariant codec = m_player->metaData().value(QMediaMetaData::VideoCodec);
    if (!codec.isValid())
        return QString();
    const auto c = codec.value<QMediaFormat::VideoCodec>();
    if (c == QMediaFormat::VideoCodec::Unspecified)
        return QString();
    return tr(" (video codec %1)").arg(QMediaFormat::videoCodecName(c));
}

void VideoPanel::onStatus(int status)
{
    switch (QMediaPlayer::MediaStatus(status)) {
    case QMediaPlayer::LoadedMedia:
        if (!m_player->hasVideo()) {
            onError(tr("it holds no video stream that can be decoded%1").arg(codecText()));
            return;
        }
        // Pausing a loaded file shows its first frame, which fixes the time origin.
        if (!m_originKnown)
            m_player->pause();
        break;
    case QMediaPlayer::InvalidMedia:
        onError(m_player->errorString().isEmpty() ? tr("the file is not a video that can be played")
                                                  : m_player->errorString());
        break;
    default:
        break;
    }
    updateReadout();
}

void VideoPanel::onError(const QString& reason)
{
    if (!m_error.isEmpty() || m_file.isEmpty())
        return;
    m_error =
        tr("Cannot play the video %1: %2")
            .arg(QDir::toNativeSeparators(m_file), reason.isEmpty() ? tr("unknown error") : reason);
    if (m_player)
        m_player->stop();
    m_view->setFrame(QImage());
    m_view->setMessage(m_error);
    updateReadout();
    Q_EMIT errorOccurred(m_error);
}

void VideoPanel::onFrame(const QVideoFrame& frame)
{
    // Backends send an empty frame when they flush; the last picture stays.
    if (!frame.isValid() || !m_error.isEmpty() || !m_player)
        return;
    const qint64 start = frame.startTime();
    const qint64 end = frame.endTime();
    if (!m_originKnown) {
        // The first frame after loading is the video's time 0 (see m_timestampOriginUs).
        m_timestampOriginUs = start >= 0 ? start - m_player->position() * 1000 : 0;
        m_originKnown = true;
    }
    // Frame ends are only worth something when the backend knows the
    // frame's length: GStreamer gives a variable-rate MP4's frames 1 ms.
    const bool lengthKnown = start >= 0 && end - start > kShortestFrameUs;
    // After an accurate seek GStreamer clips the first frame's start to the
    // seek position; its end stays true. Such a frame, shorter than the
    // whole frames played, starts a whole frame before its end. (Without
    // frame lengths it keeps the clipped start: within the frame, at most a
    // frame late; played and stepped frames have their own.)
    qint64 trueStart = start;
    if (start >= 0 && m_afterSeek) {
        if (lengthKnown && end - start < m_nominalFrameUs)
            trueStart = std::max(m_timestampOriginUs, end - m_nominalFrameUs);
    } else if (start >= 0) {
        if (lengthKnown)
            m_nominalFrameUs = std::max(m_nominalFrameUs, end - start);
    }
    m_afterSeek = false;
    double t = 0;
    if (start >= 0) {
        t = double(trueStart - m_timestampOriginUs) * 1e-6;
    } else {
        t = double(m_player->position()) * 1e-3;
    }
    if (lengthKnown && end > trueStart) {
        m_frameDuration = double(end - trueStart) * 1e-6;
        m_frameEndUs = end - m_timestampOriginUs;
    } else {
        const double fps = m_player->metaData().value(QMediaMetaData::VideoFrameRate).toDouble();
        m_frameDuration = fps > 0 ? 1.0 / fps : 0.04;
        m_frameEndUs = qint64(std::llround((t + m_frameDuration) * 1e6));
    }
    m_frameTime = t;
    m_view->setFrame(frame.toImage());
    m_view->setMessage(QString());
    updateReadout();
    Q_EMIT frameShown(t);
    if (m_pendingSeek) {
        const double pending = *m_pendingSeek;
        m_pendingSeek.reset();
        seekPlayer(pending);
    }
}

double VideoPanel::duration() const
{
    if (!m_player)
        return 0;
    return double(m_player->duration()) * 1e-3;
}

bool VideoPanel::isPlaying() const
{
    return m_player && m_player->playbackState() == QMediaPlayer::PlayingState;
}

double VideoPanel::speed() const
{
    return m_speed->currentData().toDouble();
}

void VideoPanel::setSpeed(double factor)
{
    int best = 0;
    for (int i = 1; i < m_speed->count(); ++i)
        if (std::abs(m_speed->itemData(i).toDouble() - factor) <
            std::abs(m_speed->itemData(best).toDouble() - factor))
            best = i;
    m_speed->setCurrentIndex(best);
}

bool VideoPanel::isBlurred() const
{
    return m_blur->isChecked();
}

void VideoPanel::setBlurred(bool on)
{
    m_blur->setChecked(on);
}

void VideoPanel::play()
{
    if (hasVideo() && m_player)
        m_player->play();
}

void VideoPanel::pause()
{
    if (hasVideo() && m_player)
        m_player->pause();
}

void VideoPanel::togglePlaying()
{
    isPlaying() ? pause() : play();
}

void VideoPanel::seek(double videoTimeS)
{
    if (!hasVideo() || !m_player)
        return;
    if (!m_originKnown) {
        m_pendingSeek = videoTimeS;
        return;
    }
    seekPlayer(videoTimeS);
}

void VideoPanel::seekPlayer(double videoTimeS)
{
    qint64 ms = qint64(std::llround(videoTimeS * 1000));
    if (m_player->duration() > 0)
        ms = std::min(ms, m_player->duration() - 1);
    m_afterSeek = true;
    m_player->setPosition(std::max<qint64>(0, ms));
}

void VideoPanel::stepFrame(int direction)
{
    if (!hasVideo() || !m_player || !m_frameTime || !m_originKnown)
        return;
    pause();
    // The next frame starts where the shown one ends: seeking exactly there
    // (the player's positions are whole milliseconds, so rounded up) shows it
    // from its own start. The previous one starts a whole frame before the
    // shown one. (Frames without a length from the backend end after the
    // file's nominal frame time.)
    const double frame = m_nominalFrameUs > 0 ? double(m_nominalFrameUs) * 1e-6 : m_frameDuration;
    if (direction < 0 && *m_frameTime <= 0)
        return;
    const qint64 ms = direction > 0 ? qint64(std::ceil(double(m_frameEndUs) * 1e-3 - 1e-6))
                                    : qint64(std::ceil((*m_frameTime - frame) * 1000 - 1e-6));
    if (m_player->duration() > 0 && ms >= m_player->duration())
        return;
    m_afterSeek = true;
    m_player->setPosition(std::max<qint64>(0, ms));
}

void VideoPanel::jumpBy(double seconds)
{
    if (!hasVideo())
        return;
    seek(std::max(0.0, m_frameTime.value_or(0.0) + seconds));
}

void VideoPanel::updateReadout()
{
    if (m_file.isEmpty() || !m_error.isEmpty()) {
        m_position->setText(QString());
        return;
    }
    m_position->setText(tr("%1 / %2 · %3")
                            .arg(clockText(m_frameTime.value_or(0.0)), clockText(duration()),
                                 QFileInfo(m_file).fileName()));
}

} // namespace kinemark
