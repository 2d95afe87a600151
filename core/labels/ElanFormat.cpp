#include "core/labels/ElanFormat.h"

#include "core/labels/LabelTrackBuilder.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>
#include <cmath>
#include <map>
#include <stdexcept>

namespace kinemark {

namespace {
const QString kKindProperty = QStringLiteral("kinemark:track_kind:");
const QString kTypeId = QStringLiteral("activity");

QString cveId(int32_t classId)
{
    return QStringLiteral("cv_%1").arg(classId);
}

// The time slots: one per distinct boundary, shared by adjacent annotations.
std::map<int64_t, QString> timeSlots(const std::vector<const AnnotationTrack*>& tracks)
{
    std::map<int64_t, QString> slotIds;
    for (const AnnotationTrack* t : tracks)
        for (const Segment& s : t->segments()) {
            slotIds.emplace(s.start, QString());
            slotIds.emplace(s.end, QString());
        }
    int n = 0;
    for (auto& [sample, id] : slotIds)
        id = QStringLiteral("ts%1").arg(++n);
    return slotIds;
}

void writeDocumentStart(QXmlStreamWriter& xml)
{
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("ANNOTATION_DOCUMENT"));
    xml.writeAttribute(QStringLiteral("AUTHOR"), QString());
    xml.writeAttribute(QStringLiteral("DATE"),
                       QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    xml.writeAttribute(QStringLiteral("FORMAT"), QStringLiteral("3.0"));
    xml.writeAttribute(QStringLiteral("VERSION"), QStringLiteral("3.0"));
    xml.writeNamespace(QStringLiteral("http://www.w3.org/2001/XMLSchema-instance"),
                       QStringLiteral("xsi"));
    xml.writeAttribute(QStringLiteral("http://www.w3.org/2001/XMLSchema-instance"),
                       QStringLiteral("noNamespaceSchemaLocation"),
                       QStringLiteral("http://www.mpi.nl/tools/elan/EAFv3.0.xsd"));
}

// The header's properties: the recording, its rate and the kind of every track.
void writeHeader(QXmlStreamWriter& xml, const std::vector<const AnnotationTrack*>& tracks,
                 double sampleRateHz, const QString& recordingId)
{
    int64_t annotationCount = 0;
    for (const AnnotationTrack* t : tracks)
        annotationCount += int64_t(t->size());

    xml.writeStartElement(QStringLiteral("HEADER"));
    xml.writeAttribute(QStringLiteral("MEDIA_FILE"), QString());
    xml.writeAttribute(QStringLiteral("TIME_UNITS"), QStringLiteral("milliseconds"));
    auto property = [&](const QString& name, const QString& value) {
        xml.writeStartElement(QStringLiteral("PROPERTY"));
        xml.writeAttribute(QStringLiteral("NAME"), name);
        xml.writeCharacters(value);
        xml.writeEndElement();
    };
    property(QStringLiteral("kinemark:recording"), recordingId);
    property(QStringLiteral("kinemark:sample_rate_hz"), QString::number(sampleRateHz, 'g', 17));
    for (const AnnotationTrack* t : tracks)
        property(kKindProperty + t->name(), AnnotationTrack::kindName(t->kind()));
    property(QStringLiteral("lastUsedAnnotationId"), QString::number(annotationCount));
    xml.writeEndElement();
}

void writeTimeOrder(QXmlStreamWriter& xml, const std::map<int64_t, QString>& slotIds,
                    double sampleRateHz)
{
    xml.writeStartElement(QStringLiteral("TIME_ORDER"));
    for (const auto& [sample, id] : slotIds) {
        xml.writeEmptyElement(QStringLiteral("TIME_SLOT"));
        xml.writeAttribute(QStringLiteral("TIME_SLOT_ID"), id);
        xml.writeAttribute(QStringLiteral("TIME_VALUE"),
                           QString::number(qint64(std::llround(sample * 1000.0 / sampleRateHz))));
    }
    xml.writeEndElement();
}

// One tier per track, its segments as annotations between time slots.
void writeTiers(QXmlStreamWriter& xml, const std::vector<const AnnotationTrack*>& tracks,
                std::map<int64_t, QString>& slotIds, const LabelSet& labelSet)
{
    int64_t annotationId = 0;
    for (const AnnotationTrack* t : tracks) {
        xml.writeStartElement(QStringLiteral("TIER"));
        xml.writeAttribute(QStringLiteral("LINGUISTIC_TYPE_REF"), kTypeId);
        xml.writeAttribute(QStringLiteral("TIER_ID"), t->name());
        for (const Segment& s : t->segments()) {
            xml.writeStartElement(QStringLiteral("ANNOTATION"));
            xml.writeStartElement(QStringLiteral("ALIGNABLE_ANNOTATION"));
            xml.writeAttribute(QStringLiteral("ANNOTATION_ID"),
                               QStringLiteral("a%1").arg(++annotationId));
            xml.writeAttribute(QStringLiteral("TIME_SLOT_REF1"), slotIds[s.start]);
            xml.writeAttribute(QStringLiteral("TIME_SLOT_REF2"), slotIds[s.end]);
            xml.writeAttribute(QStringLiteral("CVE_REF"), cveId(s.classId));
            xml.writeTextElement(QStringLiteral("ANNOTATION_VALUE"), labelSet.className(s.classId));
            xml.writeEndElement();
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
}

// The linguistic type, the language, and the label set as the controlled
// vocabulary.
void writeVocabulary(QXmlStreamWriter& xml, const LabelSet& labelSet)
{
    xml.writeEmptyElement(QStringLiteral("LINGUISTIC_TYPE"));
    xml.writeAttribute(QStringLiteral("CONTROLLED_VOCABULARY_REF"), labelSet.id);
    xml.writeAttribute(QStringLiteral("GRAPHIC_REFERENCES"), QStringLiteral("false"));
    xml.writeAttribute(QStringLiteral("LINGUISTIC_TYPE_ID"), kTypeId);
    xml.writeAttribute(QStringLiteral("TIME_ALIGNABLE"), QStringLiteral("true"));
    xml.writeEmptyElement(QStringLiteral("LANGUAGE"));
    xml.writeAttribute(QStringLiteral("LANG_DEF"),
                       QStringLiteral("http://cdb.iso.org/lg/CDB-00130975-001"));
    xml.writeAttribute(QStringLiteral("LANG_ID"), QStringLiteral("eng"));
    xml.writeAttribute(QStringLiteral("LANG_LABEL"), QStringLiteral("English (eng)"));

    xml.writeStartElement(QStringLiteral("CONTROLLED_VOCABULARY"));
    xml.writeAttribute(QStringLiteral("CV_ID"), labelSet.id);
    xml.writeStartElement(QStringLiteral("DESCRIPTION"));
    xml.writeAttribute(QStringLiteral("LANG_REF"), QStringLiteral("eng"));
    xml.writeCharacters(labelSet.name);
    xml.writeEndElement();
    for (const LabelClass& c : labelSet.classes) {
        xml.writeStartElement(QStringLiteral("CV_ENTRY_ML"));
        xml.writeAttribute(QStringLiteral("CVE_ID"), cveId(c.id));
        xml.writeStartElement(QStringLiteral("CVE_VALUE"));
        xml.writeAttribute(QStringLiteral("DESCRIPTION"), QStringLiteral("class id %1").arg(c.id));
        xml.writeAttribute(QStringLiteral("LANG_REF"), QStringLiteral("eng"));
        xml.writeCharacters(c.name);
        xml.writeEndElement();
        xml.writeEndElement();
    }
    xml.writeEndElement(); // CONTROLLED_VOCABULARY
}

// An ELAN document as read, before its annotations become segments.
struct RawAnnotation
{
    QString slot1, slot2, cveRef, value;
    qint64 line = 0;
};
struct RawTier
{
    QString id;
    std::vector<RawAnnotation> annotations;
};
struct RawDocument
{
    QHash<QString, qint64> slotMs;
    QHash<QString, QString> properties;
    std::vector<RawTier> tiers;
};

// Reads the time slots, properties and tiers of the document, rejecting
// what Kinemark does not support.
RawDocument parseDocument(QFile& file, const QString& path)
{
    RawDocument doc;
    bool sawDocument = false;
    bool inAlignable = false;

    QXmlStreamReader xml(&file);
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            const auto attr = xml.attributes();
            if (name == QLatin1String("ANNOTATION_DOCUMENT")) {
                sawDocument = true;
            } else if (name == QLatin1String("HEADER")) {
                const QString units = attr.value(QLatin1String("TIME_UNITS")).toString();
                if (!units.isEmpty() && units != QLatin1String("milliseconds"))
                    throw FormatError(
                        path,
                        QStringLiteral("time units '%1' are not supported (only milliseconds)")
                            .arg(units),
                        xml.lineNumber());
            } else if (name == QLatin1String("PROPERTY")) {
                const QString key = attr.value(QLatin1String("NAME")).toString();
                doc.properties.insert(key, xml.readElementText());
            } else if (name == QLatin1String("TIME_SLOT")) {
                const QString id = attr.value(QLatin1String("TIME_SLOT_ID")).toString();
                if (!attr.hasAttribute(QLatin1String("TIME_VALUE")))
                    throw FormatError(
                        path,
                        QStringLiteral(
                            "time slot '%1' has no time (unaligned slotIds are not supported)")
                            .arg(id),
                        xml.lineNumber());
                bool ok = false;
                const qint64 ms = attr.value(QLatin1String("TIME_VALUE")).toLongLong(&ok);
                if (!ok)
                    throw FormatError(
                        path, QStringLiteral("time slot '%1' has no valid TIME_VALUE").arg(id),
                        xml.lineNumber());
                doc.slotMs.insert(id, ms);
            } else if (name == QLatin1String("TIER")) {
                const QString id = attr.value(QLatin1String("TIER_ID")).toString();
                // A track needs a name: without one it could not be told from the others.
                if (id.trimmed().isEmpty())
                    throw FormatError(path, QStringLiteral("a tier without a TIER_ID"),
                                      xml.lineNumber());
                doc.tiers.push_back(RawTier{id, {}});
            } else if (name == QLatin1String("ALIGNABLE_ANNOTATION")) {
                if (doc.tiers.empty())
                    throw FormatError(path, QStringLiteral("annotation outside a tier"),
                                      xml.lineNumber());
                RawAnnotation a;
                a.slot1 = attr.value(QLatin1String("TIME_SLOT_REF1")).toString();
                a.slot2 = attr.value(QLatin1String("TIME_SLOT_REF2")).toString();
                a.cveRef = attr.value(QLatin1String("CVE_REF")).toString();
                a.line = xml.lineNumber();
                doc.tiers.back().annotations.push_back(a);
                inAlignable = true;
            } else if (name == QLatin1String("ANNOTATION_VALUE") && inAlignable) {
                doc.tiers.back().annotations.back().value = xml.readElementText();
            } else if (name == QLatin1String("REF_ANNOTATION")) {
                throw FormatError(
                    path,
                    QStringLiteral("reference annotations (symbolic tiers) are not supported"),
                    xml.lineNumber());
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("ALIGNABLE_ANNOTATION")) {
            inAlignable = false;
        }
    }
    if (xml.hasError())
        throw FormatError(path, xml.errorString(), xml.lineNumber(), int(xml.columnNumber()));
    if (!sawDocument)
        throw FormatError(
            path, QStringLiteral("not an ELAN annotation document (no ANNOTATION_DOCUMENT)"));
    // Nothing to import is a mistake worth saying, not a silent success.
    if (doc.tiers.empty())
        throw FormatError(path, QStringLiteral("the ELAN document has no tiers (no TIER "
                                               "element); there is nothing to import"));
    return doc;
}

// The class of an annotation: its value as a class name of the label set,
// else its CVE_REF "cv_<id>", else its value as a class id.
int32_t classOf(const RawAnnotation& a, const LabelSet& labelSet, const QString& path)
{
    int32_t classId = kUnlabelled;
    for (const LabelClass& c : labelSet.classes)
        if (c.name.compare(a.value.trimmed(), Qt::CaseInsensitive) == 0)
            classId = c.id;
    bool ok = false;
    if (classId == kUnlabelled && a.cveRef.startsWith(QLatin1String("cv_")))
        classId = a.cveRef.mid(3).toInt(&ok);
    if (classId == kUnlabelled && !ok)
        classId = a.value.trimmed().toInt(&ok);
    if (!ok && classId == kUnlabelled)
        throw FormatError(
            path,
            QStringLiteral("'%1' is not a class of the label set '%2'").arg(a.value, labelSet.id),
            a.line);
    return classId;
}

} // namespace

void ElanFormat::write(const std::vector<const AnnotationTrack*>& tracks, const LabelSet& labelSet,
                       double sampleRateHz, const QString& recordingId, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw std::runtime_error(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
    QXmlStreamWriter xml(&file);
    writeDocumentStart(xml);
    std::map<int64_t, QString> slotIds = timeSlots(tracks);
    writeHeader(xml, tracks, sampleRateHz, recordingId);
    writeTimeOrder(xml, slotIds, sampleRateHz);
    writeTiers(xml, tracks, slotIds, labelSet);
    writeVocabulary(xml, labelSet);
    xml.writeEndElement(); // ANNOTATION_DOCUMENT
    xml.writeEndDocument();
    if (xml.hasError() || !file.commit())
        throw std::runtime_error(
            QStringLiteral("%1: cannot write (%2)").arg(path, file.errorString()).toStdString());
}

std::vector<AnnotationTrack> ElanFormat::read(const QString& path, const LabelSet& labelSet,
                                              double sampleRateHz, int64_t sampleCount, bool clip)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    const RawDocument doc = parseDocument(file, path);

    std::vector<AnnotationTrack> out;
    for (const RawTier& tier : doc.tiers) {
        LabelTrackBuilder builder(path, sampleCount, clip);
        for (const RawAnnotation& a : tier.annotations) {
            auto sampleOf = [&](const QString& slot) -> int64_t {
                const auto it = doc.slotMs.constFind(slot);
                if (it == doc.slotMs.constEnd())
                    throw FormatError(
                        path, QStringLiteral("time slot '%1' is not defined").arg(slot), a.line);
                return int64_t(std::llround(double(*it) * sampleRateHz / 1000.0));
            };
            const int32_t classId = classOf(a, labelSet, path);
            builder.add(Segment{sampleOf(a.slot1), sampleOf(a.slot2), classId, QString(), 0},
                        a.line);
        }
        AnnotationTrack::Kind kind = AnnotationTrack::Kind::Annotation;
        AnnotationTrack::kindFromName(doc.properties.value(kKindProperty + tier.id), &kind);
        out.push_back(builder.build(tier.id, kind, labelSet.id));
    }
    return out;
}

} // namespace kinemark
