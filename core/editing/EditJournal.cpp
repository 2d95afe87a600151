#include "core/editing/EditJournal.h"

#include "core/base/AtomicFileWriter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include <stdexcept>
#include <unistd.h>
#include <zlib.h>

namespace kinemark {

namespace {
quint32 checksum(const QByteArray& bytes)
{
    return quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(bytes.constData()),
                         uInt(bytes.size())));
}

QByteArray recordLine(int64_t seq, const QByteArray& json)
{
    return QByteArray::number(qlonglong(seq)) + ' ' +
           QByteArray::number(checksum(json), 16).rightJustified(8, '0') + ' ' + json + '\n';
}

QByteArray headerJson(const QString& lineage, int64_t baseSeq)
{
    return QJsonDocument(QJsonObject{{"format", "kinemark-journal"},
                                     {"version", 1},
                                     {"lineage", lineage},
                                     {"base", double(baseSeq)}})
        .toJson(QJsonDocument::Compact);
}

QByteArray entryJson(const JournalEntry& e)
{
    QJsonArray edits;
    for (const ProjectEdit& edit : e.edits)
        edits.append(edit.toJson());
    return QJsonDocument(QJsonObject{{"author", e.author},
                                     {"ms", double(e.ms)},
                                     {"what", e.description},
                                     {"edits", edits}})
        .toJson(QJsonDocument::Compact);
}

[[noreturn]] void fail(const QString& what)
{
    throw std::runtime_error(what.toStdString());
}

} // namespace

EditJournal::~EditJournal()
{
    close();
}

void EditJournal::start(const QString& path, const QString& lineage, int64_t baseSeq)
{
    close();
    m_path = path;
    m_lineage = lineage;
    m_lastSeq = baseSeq;
    // Written in full to a new file, then renamed: a crash here leaves the old journal or the new
    // one.
    AtomicFileWriter writer(path, AtomicFileWriter::Naming::Fixed);
    try {
        writer.write(recordLine(0, headerJson(lineage, baseSeq)));
        writer.commit();
    } catch (const AtomicFileWriter::Failure& e) {
        if (e.step == AtomicFileWriter::Step::Replace)
            fail(QStringLiteral("%1: cannot replace the edit journal").arg(path));
        fail(QStringLiteral("%1: cannot write the edit journal (%2)")
                 .arg(writer.temporaryPath(), e.reason));
    }
    openForAppend();
}

void EditJournal::resume(const QString& path, const JournalContents& contents)
{
    close();
    m_path = path;
    m_lineage = contents.lineage;
    m_lastSeq = contents.entries.empty() ? contents.baseSeq : contents.entries.back().seq;
    // A torn record at the end would sit between intact ones after the next append.
    if (QFileInfo(path).size() != contents.validBytes &&
        ::truncate(QFile::encodeName(path).constData(), contents.validBytes) != 0)
        fail(QStringLiteral("%1: cannot cut off the damaged end of the edit journal").arg(path));
    openForAppend();
}

void EditJournal::openForAppend()
{
    m_file.setFileName(m_path);
    // Unbuffered: every record goes to the kernel with one write().
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered))
        fail(QStringLiteral("%1: cannot open the edit journal (%2)")
                 .arg(m_path, m_file.errorString()));
    m_unsynced = false;
}

void EditJournal::close()
{
    if (m_file.isOpen()) {
        sync();
        m_file.close();
    }
}

void EditJournal::writeRecord(int64_t seq, const QByteArray& json)
{
    const QByteArray line = recordLine(seq, json);
    if (m_file.write(line) != line.size())
        fail(QStringLiteral("%1: cannot append to the edit journal (%2)")
                 .arg(m_path, m_file.errorString()));
    if (!m_unsynced) {
        m_unsynced = true;
        m_oldestUnsynced.start();
    }
}

int64_t EditJournal::append(const QString& author, int64_t ms, const QString& description,
                            const std::vector<ProjectEdit>& edits)
{
    if (!isOpen())
        fail(QStringLiteral("the edit journal is not open"));
    JournalEntry e{m_lastSeq + 1, author, ms, description, edits};
    writeRecord(e.seq, entryJson(e));
    m_lastSeq = e.seq;
    return e.seq;
}

void EditJournal::sync()
{
    if (!m_file.isOpen() || !m_unsynced)
        return;
    ::fdatasync(m_file.handle());
    m_unsynced = false;
}

void EditJournal::syncIfDue()
{
    if (m_unsynced && m_oldestUnsynced.elapsed() >= kSyncIntervalMs)
        sync();
}

void EditJournal::compact(int64_t coveredSeq)
{
    const JournalContents contents = read(m_path);
    const QString path = m_path, lineage = m_lineage;
    const int64_t last = m_lastSeq;
    close();
    start(path, lineage, coveredSeq);
    for (const JournalEntry& e : contents.entries)
        if (e.seq > coveredSeq) {
            writeRecord(e.seq, entryJson(e));
            m_lastSeq = e.seq;
        }
    m_lastSeq = std::max(m_lastSeq, last);
    sync();
}

void EditJournal::discard()
{
    const QString path = m_path;
    if (m_file.isOpen())
        m_file.close();
    m_unsynced = false;
    if (!path.isEmpty())
        QFile::remove(path);
}

JournalContents EditJournal::read(const QString& path)
{
    JournalContents out;
    QFile in(path);
    if (!in.exists())
        return out;
    out.exists = true;
    if (!in.open(QIODevice::ReadOnly)) {
        out.damage = QStringLiteral("%1: cannot read (%2)").arg(path, in.errorString());
        return out;
    }
    const QByteArray all = in.readAll();
    qint64 pos = 0;
    int64_t lineNo = 0;
    while (pos < all.size()) {
        const qint64 nl = all.indexOf('\n', pos);
        ++lineNo;
        if (nl < 0) {
            out.damage =
                QStringLiteral("%1:%2: the last record is incomplete (cut short by a crash)")
                    .arg(path)
                    .arg(lineNo);
            break;
        }
        const QByteArray line = all.mid(pos, nl - pos);
        const int s1 = line.indexOf(' '), s2 = s1 < 0 ? -1 : line.indexOf(' ', s1 + 1);
        bool okSeq = false, okSum = false;
        const int64_t seq = s1 > 0 ? line.left(s1).toLongLong(&okSeq) : 0;
        const quint32 sum = s2 > 0 ? line.mid(s1 + 1, s2 - s1 - 1).toUInt(&okSum, 16) : 0;
        const QByteArray json = s2 > 0 ? line.mid(s2 + 1) : QByteArray();
        if (!okSeq || !okSum || checksum(json) != sum) {
            out.damage =
                QStringLiteral("%1:%2: record damaged (checksum mismatch)").arg(path).arg(lineNo);
            break;
        }
        const QJsonObject o = QJsonDocument::fromJson(json).object();
        if (lineNo == 1) {
            if (seq != 0 || o.value("format").toString() != QLatin1String("kinemark-journal")) {
                out.damage = QStringLiteral("%1:1: not a Kinemark edit journal").arg(path);
                break;
            }
            out.lineage = o.value("lineage").toString();
            out.baseSeq = int64_t(o.value("base").toDouble());
        } else {
            const int64_t expected = out.entries.empty() ? -1 : out.entries.back().seq + 1;
            if (expected >= 0 && seq != expected) {
                out.damage = QStringLiteral("%1:%2: sequence number %3, expected %4")
                                 .arg(path)
                                 .arg(lineNo)
                                 .arg(seq)
                                 .arg(expected);
                break;
            }
            JournalEntry e;
            e.seq = seq;
            e.author = o.value("author").toString();
            e.ms = int64_t(o.value("ms").toDouble());
            e.description = o.value("what").toString();
            try {
                for (const QJsonValue& v : o.value("edits").toArray())
                    e.edits.push_back(ProjectEdit::fromJson(v.toObject()));
            } catch (const std::exception& ex) {
                out.damage = QStringLiteral("%1:%2: %3")
                                 .arg(path)
                                 .arg(lineNo)
                                 .arg(QString::fromUtf8(ex.what()));
                break;
            }
            out.entries.push_back(std::move(e));
        }
        pos = nl + 1;
        out.validBytes = pos;
    }
    return out;
}

QString EditJournal::lineageOf(const Project& project)
{
    return project.metadata.value(QString::fromLatin1(kLineageKey));
}

int64_t EditJournal::coveredSeqOf(const Project& project)
{
    return project.metadata.value(QString::fromLatin1(kCoveredKey)).toLongLong();
}

void EditJournal::stamp(Project& project, const QString& lineage, int64_t coveredSeq)
{
    project.metadata.insert(QString::fromLatin1(kLineageKey), lineage);
    project.metadata.insert(QString::fromLatin1(kCoveredKey), QString::number(coveredSeq));
}

QString EditJournal::newLineage()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

std::vector<JournalEntry> EditJournal::pendingEntries(const Project& project,
                                                      const JournalContents& contents, QString* why)
{
    const QString lineage = lineageOf(project);
    // A file never saved with a journal has no lineage; its first journal starts at 0.
    const bool matches = lineage.isEmpty() ? contents.baseSeq == 0 : lineage == contents.lineage;
    if (!matches) {
        if (why)
            *why = QStringLiteral("the journal belongs to another version of the project file");
        return {};
    }
    const int64_t covered = coveredSeqOf(project);
    std::vector<JournalEntry> out;
    for (const JournalEntry& e : contents.entries)
        if (e.seq > covered)
            out.push_back(e);
    return out;
}

void EditJournal::replay(Project& project, const std::vector<JournalEntry>& entries)
{
    for (const JournalEntry& e : entries) {
        try {
            for (const ProjectEdit& edit : e.edits)
                edit.apply(project);
        } catch (const std::exception& ex) {
            fail(QStringLiteral("journal entry %1 (%2): %3")
                     .arg(e.seq)
                     .arg(e.description, QString::fromUtf8(ex.what())));
        }
    }
}

} // namespace kinemark
