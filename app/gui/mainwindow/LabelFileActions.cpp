#include "app/gui/mainwindow/LabelFileActions.h"

#include "core/labels/LabelTrackBuilder.h"
#include "widgets/annotation/AnnotationEditor.h"
#include "widgets/recording/RecordingSession.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>

namespace kinemark {

LabelFileActions::LabelFileActions(RecordingSession* session, AnnotationEditor* editor,
                                   QWidget* dialogParent)
    : QObject(dialogParent), m_session(session), m_editor(editor), m_dialogParent(dialogParent)
{}

std::optional<LabelFiles::Format> LabelFileActions::chooseFile(bool forSaving, const QString& title,
                                                               QString* path)
{
    const Recording* r = m_session->recording();
    if (!r) {
        QMessageBox::information(m_dialogParent, title, tr("Show a recording first."));
        return std::nullopt;
    }
    const QString dir = QSettings().value(QStringLiteral("lastLabelDir")).toString();
    const QString csv = tr("Segment CSV (*.csv)"), eaf = tr("ELAN (*.eaf)");
    const QString samples = forSaving ? tr("Per-sample label column (*.csv)")
                                      : tr("Per-sample label column (*.csv *.txt)");
    const QString filters = QStringList{csv, samples, eaf}.join(QStringLiteral(";;"));
    QString filter;
    *path = forSaving ? QFileDialog::getSaveFileName(
                            m_dialogParent, title, dir + QLatin1Char('/') + r->id, filters, &filter)
                      : QFileDialog::getOpenFileName(m_dialogParent, title, dir, filters, &filter);
    if (path->isEmpty())
        return std::nullopt;
    QSettings().setValue(QStringLiteral("lastLabelDir"), QFileInfo(*path).absolutePath());
    return filter == eaf       ? LabelFiles::Format::Elan
           : filter == samples ? LabelFiles::Format::SampleColumn
                               : LabelFiles::guessFormat(*path);
}

void LabelFileActions::exportLabels()
{
    QString path;
    const auto format = chooseFile(true, tr("Export Labels"), &path);
    if (!format)
        return;
    const Recording* r = m_session->recording();
    std::vector<const AnnotationTrack*> tracks;
    if (*format == LabelFiles::Format::Elan)
        for (const AnnotationTrack& t : r->tracks)
            tracks.push_back(&t);
    else if (r->groundTruth())
        tracks.push_back(r->groundTruth());
    try {
        LabelFiles::write(*format, path, *r, m_session->labelSet(), tracks);
        Q_EMIT message(tr("Exported labels to %1").arg(path));
    } catch (const std::exception& e) {
        QMessageBox::warning(m_dialogParent, tr("Export Labels"), QString::fromUtf8(e.what()));
    }
}

void LabelFileActions::importLabels()
{
    QString path;
    const auto format = chooseFile(false, tr("Import Labels"), &path);
    if (format)
        importLabelsFrom(path, *format);
}

void LabelFileActions::importLabelsFrom(const QString& path, LabelFiles::Format format)
{
    const Recording* r = m_session->recording();
    if (!r)
        return;
    LabelFiles::ReadOptions options;
    SkippedClasses skipped;
    std::vector<AnnotationTrack> tracks;
    for (;;) {
        try {
            skipped = SkippedClasses();
            tracks = LabelFiles::read(format, path, *r, m_session->labelSet(), options, &skipped);
            break;
        } catch (const LabelRangeError& e) {
            const auto answer = QMessageBox::question(
                m_dialogParent, tr("Import Labels"),
                tr("%1\n\nClip overlapping and out-of-range segments and import the rest?")
                    .arg(QString::fromUtf8(e.what())),
                QMessageBox::Yes | QMessageBox::Cancel);
            if (answer != QMessageBox::Yes || options.clip)
                return;
            options.clip = true;
        } catch (const UnknownClassError& e) {
            const auto answer = QMessageBox::question(
                m_dialogParent, tr("Import Labels"),
                tr("%1\n\nLeave the annotations of unknown classes out and import the rest?")
                    .arg(QString::fromUtf8(e.what())),
                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
            if (answer != QMessageBox::Yes || options.classMap.skipsUnknown())
                return;
            options.classMap.setSkipUnknown(true);
        } catch (const std::exception& e) {
            QMessageBox::warning(
                m_dialogParent, tr("Import Labels"),
                tr("Nothing was imported.\n\n%1").arg(QString::fromUtf8(e.what())));
            return;
        }
    }
    if (!confirmEmptying(path, tracks))
        return;
    if (!m_editor->importTracks(tracks))
        return;
    if (skipped.count > 0)
        Q_EMIT message(tr("Imported labels from %1; left out %2 annotation(s) of unknown classes "
                          "(%3)")
                           .arg(path)
                           .arg(skipped.count)
                           .arg(skipped.names.join(QStringLiteral(", "))));
    else
        Q_EMIT message(tr("Imported labels from %1").arg(path));
}

bool LabelFileActions::confirmEmptying(const QString& path,
                                       const std::vector<AnnotationTrack>& tracks)
{
    // A header-only or emptied file would silently wipe labels someone made by
    // hand; the import stays undoable, but the user should not have to notice.
    const Recording* r = m_session->recording();
    QStringList emptied;
    bool anySegments = false;
    for (const AnnotationTrack& t : tracks) {
        anySegments = anySegments || t.size() > 0;
        const AnnotationTrack* existing = r->track(t.name());
        if (t.size() > 0 || !existing || existing->size() == 0)
            continue;
        const QString name = existing->kind() == AnnotationTrack::Kind::GroundTruth
                                 ? tr("the ground truth")
                                 : tr("track '%1'").arg(t.name());
        emptied << tr("the %1 segments of %2").arg(existing->size()).arg(name);
    }
    if (emptied.isEmpty())
        return true;
    const QString file = QFileInfo(path).fileName();
    const QString text =
        anySegments
            ? tr("%1 has no segments for some tracks. Replace %2 with nothing?")
                  .arg(file, emptied.join(tr(", ")))
            : tr("%1 has no segments. Replace %2 with nothing?").arg(file, emptied.join(tr(", ")));
    return QMessageBox::question(m_dialogParent, tr("Import Labels"), text,
                                 QMessageBox::Yes | QMessageBox::No,
                                 QMessageBox::No) == QMessageBox::Yes;
}

} // namespace kinemark
