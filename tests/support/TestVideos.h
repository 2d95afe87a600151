#pragma once

// Short videos for the video tests, written by ffmpeg (a Debian package the
// README's install command brings): every frame's grey level tells its index,
// so a test reads which frame is on screen from the picture itself rather
// than from the time stamp it is checking.
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <cmath>

namespace kinemark::testvideos {

// Grey level of frame n: kBase + kStep * n (kFrames frames at most).
constexpr int kBase = 16;
constexpr int kStep = 4;
constexpr int kFrames = 55;

inline bool haveFfmpeg()
{
    return !QStandardPaths::findExecutable(QStringLiteral("ffmpeg")).isEmpty();
}

// Writes `path` (its extension picks the container; `codec` an ffmpeg encoder
// such as libx264, libvpx, mpeg4) of `seconds` at `fps`, 160x120. False when
// ffmpeg fails.
inline bool write(const QString& path, const QString& codec, double fps = 25, double seconds = 2)
{
    const QString source = QStringLiteral("color=c=black:s=160x120:r=%1:d=%2,format=gray,"
                                          "geq=lum='%3+%4*N'")
                               .arg(fps)
                               .arg(seconds)
                               .arg(kBase)
                               .arg(kStep);
    QStringList args{QStringLiteral("-v"),
                     QStringLiteral("error"),
                     QStringLiteral("-y"),
                     QStringLiteral("-f"),
                     QStringLiteral("lavfi"),
                     QStringLiteral("-i"),
                     source,
                     QStringLiteral("-c:v"),
                     codec,
                     QStringLiteral("-pix_fmt"),
                     QStringLiteral("yuv420p")};
    if (codec == QLatin1String("mpeg4"))
        args << QStringLiteral("-q:v") << QStringLiteral("2");
    if (codec == QLatin1String("libvpx"))
        args << QStringLiteral("-b:v") << QStringLiteral("1M");
    args << path;
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"), args);
    return ffmpeg.waitForFinished(60000) && ffmpeg.exitStatus() == QProcess::NormalExit &&
           ffmpeg.exitCode() == 0;
}

// A variable frame rate video: frames 0-24 at 25 fps (0, 0.04, ... 0.96 s),
// then frames 25-49 at 10 fps (1.0, 1.1, ... 3.4 s), MP4/H.264 with
// millisecond time stamps.
inline double variableRateFrameTime(int n)
{
    return n < 25 ? n * 0.04 : 1.0 + (n - 25) * 0.1;
}
inline bool writeVariableRate(const QString& path)
{
    const QString source = QStringLiteral("color=c=black:s=160x120:r=25:d=2,format=gray,"
                                          "geq=lum='%1+%2*N'")
                               .arg(kBase)
                               .arg(kStep);
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"),
                 {"-v",
                  "error",
                  "-y",
                  "-f",
                  "lavfi",
                  "-i",
                  source,
                  "-vf",
                  "settb=1/1000,setpts='if(lt(N,25),N*0.04,1+(N-25)*0.1)/TB'",
                  "-fps_mode",
                  "vfr",
                  "-enc_time_base",
                  "1:1000",
                  "-video_track_timescale",
                  "1000",
                  "-c:v",
                  "libx264",
                  "-pix_fmt",
                  "yuv420p",
                  path});
    return ffmpeg.waitForFinished(60000) && ffmpeg.exitStatus() == QProcess::NormalExit &&
           ffmpeg.exitCode() == 0;
}

// The index of the frame a picture shows (-1 for none), read from its centre.
inline int frameIndex(const QImage& image)
{
    if (image.isNull())
        return -1;
    const int grey = qGray(image.pixel(image.width() / 2, image.height() / 2));
    return int(std::lround(double(grey - kBase) / kStep));
}

} // namespace kinemark::testvideos
