#include "core/labels/ElanFormat.h"

#include "core/labels/LabelTrackBuilder.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QSaveFile>
#include <QSet>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>
#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

namespace kinemark {

namespace {
const QString kKindProperty = QStringLiteral("kinemark:track_kind:");
const QString kTypeId = QStringLiteral("activity");
// Linguistic types of the dependent tiers: free text symbolically associated
// with one annotation of the parent tier (ELAN's "Symbolic_Association").
const QString kNoteTypeId = QStringLiteral("note");
const QString kUnsureTypeId = QStringLiteral("unsure");
const QString kUnsureValue = QStringLiteral("unsure");
const QString kSymbolic = QStringLiteral("Symbolic_Association");

bool hasNotes(const AnnotationTrack& t)
{
    return std::any_of(t.segments().begin(), t.segments().end(),
                       [](const Segment& s) { return !s.note.isEmpty(); });
}

bool hasUnsure(const AnnotationTrack& t)
{
    return std::any_of(t.segments().begin(), t.segments().end(),
                       [](const Segment& s) { return s.unsure; });
}

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
        for (const Segment& s : t->segments())
            annotationCount += 1 + !s.note.isEmpty() + s.unsure;

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

// A dependent tier of `parent`: one reference annotation (pointing at the
// parent's annotation of the same segment) per segment that `valueOf` gives a
// value. `firstParentId` is the annotation id of the parent's first segment.
void writeReferenceTier(QXmlStreamWriter& xml, const AnnotationTrack& parent, const QString& tierId,
                        const QString& typeId, int64_t firstParentId, int64_t& annotationId,
                        const std::function<QString(const Segment&)>& valueOf)
{
    xml.writeStartElement(QStringLiteral("TIER"));
    xml.writeAttribute(QStringLiteral("LINGUISTIC_TYPE_REF"), typeId);
    xml.writeAttribute(QStringLiteral("PARENT_REF"), parent.name());
    xml.writeAttribute(QStringLiteral("TIER_ID"), tierId);
    for (size_t i = 0; i < parent.size(); ++i) {
        const QString value = valueOf(parent.segments()[i]);
        if (value.isEmpty())
            continue;
        xml.writeStartElement(QStringLiteral("ANNOTATION"));
        xml.writeStartElement(QStringLiteral("REF_ANNOTATION"));
        xml.writeAttribute(QStringLiteral("ANNOTATION_ID"),
                           QStringLiteral("a%1").arg(++annotationId));
        xml.writeAttribute(QStringLiteral("ANNOTATION_REF"),
                           QStringLiteral("a%1").arg(firstParentId + int64_t(i)));
        xml.writeTextElement(QStringLiteral("ANNOTATION_VALUE"), value);
        xml.writeEndElement();
        xml.writeEndElement();
    }
    xml.writeEndElement();
}

// One tier per track, its segments as annotations between time slots; then,
// for a track with notes or unsure segments, the dependent tiers "<track>
// notes" and "<track> unsure" (what ELAN itself shows beneath the parent, each
// value tied to its segment's annotation).
void writeTiers(QXmlStreamWriter& xml, const std::vector<const AnnotationTrack*>& tracks,
                std::map<int64_t, QString>& slotIds, const LabelSet& labelSet)
{
    int64_t annotationId = 0;
    for (const AnnotationTrack* t : tracks) {
        xml.writeStartElement(QStringLiteral("TIER"));
        xml.writeAttribute(QStringLiteral("LINGUISTIC_TYPE_REF"), kTypeId);
        xml.writeAttribute(QStringLiteral("TIER_ID"), t->name());
        const int64_t firstId = annotationId + 1;
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
        if (hasNotes(*t))
            writeReferenceTier(xml, *t, t->name() + QStringLiteral(" notes"), kNoteTypeId, firstId,
                               annotationId, [](const Segment& s) { return s.note; });
        if (hasUnsure(*t))
            writeReferenceTier(
                xml, *t, t->name() + QStringLiteral(" unsure"), kUnsureTypeId, firstId,
                annotationId, [](const Segment& s) { return s.unsure ? kUnsureValue : QString(); });
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
    for (const QString& id : {kNoteTypeId, kUnsureTypeId}) {
        xml.writeEmptyElement(QStringLiteral("LINGUISTIC_TYPE"));
        xml.writeAttribute(QStringLiteral("CONSTRAINTS"), kSymbolic);
        xml.writeAttribute(QStringLiteral("GRAPHIC_REFERENCES"), QStringLiteral("false"));
        xml.writeAttribute(QStringLiteral("LINGUISTIC_TYPE_ID"), id);
        xml.writeAttribute(QStringLiteral("TIME_ALIGNABLE"), QStringLiteral("false"));
    }
    xml.writeEmptyElement(QStringLiteral("LANGUAGE"));
    xml.writeAttribute(QStringLiteral("LANG_DEF"),
                       QStringLiteral("http://cdb.iso.org/lg/CDB-00130975-001"));
    xml.writeAttribute(QStringLiteral("LANG_ID"), QStringLiteral("eng"));
    xml.writeAttribute(QStringLiteral("LANG_LABEL"), QStringLiteral("English (eng)"));
    xml.writeEmptyElement(QStringLiteral("CONSTRAINT"));
    xml.writeAttribute(QStringLiteral("DESCRIPTION"),
                       QStringLiteral("1-1 association with a parent annotation"));
    xml.writeAttribute(QStringLiteral("STEREOTYPE"), kSymbolic);

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
    QString id, slot1, slot2, cveRef, value;
    qint64 line = 0;
};
// A reference annotation of a dependent tier: a value tied to another annotation.
struct RawReference
{
    QString id, ref, value;
    qint64 line = 0;
};
struct RawTier
{
    QString id, parent, typeId;
    qint64 line = 0;
    std::vector<RawAnnotation> annotations;
    std::vector<RawReference> references;
};
struct RawDocument
{
    QHash<QString, qint64> slotMs;
    QHash<QString, QString> properties;
    std::vector<RawTier> tiers;
    QSet<QString> unalignableTypes; // linguistic types with TIME_ALIGNABLE="false"
};

// Reads the time slots, properties and tiers of the document, rejecting
// what Kinemark does not support.
RawDocument parseDocument(QFile& file, const QString& path)
{
    RawDocument doc;
    bool sawDocument = false;
    bool inAlignable = false;
    bool inReference = false;

    QXmlStreamReader xml(&file);
    // Either kind of annotation opens only inside a tier and outside another annotation.
    const auto checkAnnotationPlace = [&] {
        if (inAlignable || inReference)
            throw FormatError(path, QStringLiteral("an annotation inside an annotation"),
                              xml.lineNumber());
        if (doc.tiers.empty())
            throw FormatError(path, QStringLiteral("annotation outside a tier"), xml.lineNumber());
    };
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
                // Elements nest only one way; a tier opened inside an annotation
                // would take the annotation's value (found by fuzzing).
                if (inAlignable || inReference)
                    throw FormatError(path, QStringLiteral("a TIER inside an annotation"),
                                      xml.lineNumber());
                const QString id = attr.value(QLatin1String("TIER_ID")).toString();
                // A track needs a name: without one it could not be told from the others.
                if (id.trimmed().isEmpty())
                    throw FormatError(path, QStringLiteral("a tier without a TIER_ID"),
                                      xml.lineNumber());
                RawTier tier;
                tier.id = id;
                tier.parent = attr.value(QLatin1String("PARENT_REF")).toString();
                tier.typeId = attr.value(QLatin1String("LINGUISTIC_TYPE_REF")).toString();
                tier.line = xml.lineNumber();
                doc.tiers.push_back(std::move(tier));
            } else if (name == QLatin1String("LINGUISTIC_TYPE")) {
                if (attr.value(QLatin1String("TIME_ALIGNABLE")) == QLatin1String("false"))
                    doc.unalignableTypes.insert(
                        attr.value(QLatin1String("LINGUISTIC_TYPE_ID")).toString());
            } else if (name == QLatin1String("ALIGNABLE_ANNOTATION")) {
                checkAnnotationPlace();
                RawAnnotation a;
                a.id = attr.value(QLatin1String("ANNOTATION_ID")).toString();
                a.slot1 = attr.value(QLatin1String("TIME_SLOT_REF1")).toString();
                a.slot2 = attr.value(QLatin1String("TIME_SLOT_REF2")).toString();
                a.cveRef = attr.value(QLatin1String("CVE_REF")).toString();
                a.line = xml.lineNumber();
                doc.tiers.back().annotations.push_back(a);
                inAlignable = true;
            } else if (name == QLatin1String("ANNOTATION_VALUE") && inAlignable) {
                doc.tiers.back().annotations.back().value = xml.readElementText();
            } else if (name == QLatin1String("REF_ANNOTATION")) {
                checkAnnotationPlace();
                RawReference r;
                r.id = attr.value(QLatin1String("ANNOTATION_ID")).toString();
                r.ref = attr.value(QLatin1String("ANNOTATION_REF")).toString();
                r.line = xml.lineNumber();
                doc.tiers.back().references.push_back(r);
                inReference = true;
            } else if (name == QLatin1String("ANNOTATION_VALUE") && inReference) {
                doc.tiers.back().references.back().value = xml.readElementText();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("ALIGNABLE_ANNOTATION")) {
            inAlignable = false;
        } else if (xml.isEndElement() && xml.name() == QLatin1String("REF_ANNOTATION")) {
            inReference = false;
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

// `text` as a class id of the label set (any id when the set is empty):
// digits only, so "1x" or "4294967298" are no ids.
std::optional<int32_t> idOf(const QString& text, const LabelSet& labelSet)
{
    const QString t = text.trimmed();
    if (t.isEmpty() || t.size() > 9)
        return std::nullopt;
    for (QChar c : t)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return std::nullopt;
    const int32_t id = t.toInt();
    if (!labelSet.classes.empty() && !labelSet.find(id))
        return std::nullopt;
    return id;
}

// The class of an annotation: its value as a class name of the label set or
// the class map, else its value as a class id ("3"), else, for an annotation
// without a value, its CVE_REF "cv_<id>"; nullopt when none of these is a
// class of the label set.
std::optional<int32_t> classOf(const RawAnnotation& a, const LabelSet& labelSet,
                               const ClassNameMap& classMap)
{
    if (auto id = classMap.classOf(a.value, labelSet))
        return id;
    if (auto id = idOf(a.value, labelSet))
        return id;
    if (a.value.trimmed().isEmpty() && a.cveRef.startsWith(QLatin1String("cv_")))
        return idOf(a.cveRef.mid(3), labelSet);
    return std::nullopt;
}

// "tier 'gt', annotation a3 at 12.340 s: 'Flying'"
QString describeAnnotation(const RawTier& tier, const RawAnnotation& a, const RawDocument& doc)
{
    const auto ms = doc.slotMs.constFind(a.slot1);
    const QString at = ms == doc.slotMs.constEnd()
                           ? QString()
                           : QStringLiteral(" at %1 s").arg(double(*ms) / 1000.0, 0, 'f', 3);
    return QStringLiteral("tier '%1', annotation %2%3 (line %4): '%5'")
        .arg(tier.id, a.id.isEmpty() ? QStringLiteral("without id") : a.id, at)
        .arg(a.line)
        .arg(a.value);
}

// The class of every annotation of every tier, or an UnknownClassError naming
// those nobody knows (unless the map skips them: then -2, counted in `skipped`).
constexpr int32_t kSkippedClass = -2;
std::vector<std::vector<int32_t>> resolveClasses(const RawDocument& doc, const LabelSet& labelSet,
                                                 const ClassNameMap& classMap,
                                                 SkippedClasses* skipped, const QString& path)
{
    constexpr int kListed = 10;
    std::vector<std::vector<int32_t>> classes;
    QStringList unknown, names;
    int64_t unknownCount = 0;
    qint64 firstLine = 0;
    for (const RawTier& tier : doc.tiers) {
        classes.emplace_back();
        for (const RawAnnotation& a : tier.annotations) {
            const std::optional<int32_t> id = classOf(a, labelSet, classMap);
            classes.back().push_back(id ? *id : kSkippedClass);
            if (id)
                continue;
            if (classMap.skipsUnknown()) {
                if (skipped)
                    skipped->add(a.value.trimmed());
                continue;
            }
            if (unknownCount++ == 0)
                firstLine = a.line;
            if (unknown.size() < kListed)
                unknown << describeAnnotation(tier, a, doc);
            if (!names.contains(QStringLiteral("'%1'").arg(a.value.trimmed())))
                names << QStringLiteral("'%1'").arg(a.value.trimmed());
        }
    }
    if (unknownCount == 0)
        return classes;
    QString message =
        QStringLiteral("%1 annotation(s) name classes that are not in the label set "
                       "'%2' (unknown: %3; known: %4):\n  %5")
            .arg(unknownCount)
            .arg(labelSet.id, names.join(QStringLiteral(", ")), ClassNameMap::knownNames(labelSet),
                 unknown.join(QStringLiteral("\n  ")));
    if (unknownCount > kListed)
        message += QStringLiteral("\n  ... and %1 more").arg(unknownCount - kListed);
    message += QStringLiteral("\nMap these names to classes with a class map, or skip these "
                              "annotations");
    throw UnknownClassError(path, message, firstLine);
}

// A tier of reference annotations (a symbolic dependent tier): its values
// annotate the parent's annotations rather than being a track of their own.
bool isReferenceTier(const RawTier& tier, const RawDocument& doc)
{
    return !tier.references.empty() ||
           (!tier.parent.isEmpty() && doc.unalignableTypes.contains(tier.typeId));
}

// What the dependent tiers say about each time-aligned annotation: notes (the
// values of every dependent tier but the unsure ones, "; "-joined in tier order)
// and the unsure flag (a non-empty value on a tier of the type "unsure").
struct AnnotationExtras
{
    std::vector<std::vector<QString>> notes;
    std::vector<std::vector<char>> unsure;
};

AnnotationExtras resolveReferences(const RawDocument& doc, const QString& path)
{
    AnnotationExtras extras;
    QHash<QString, std::pair<size_t, size_t>> where; // annotation id -> (tier, index)
    for (size_t t = 0; t < doc.tiers.size(); ++t) {
        const RawTier& tier = doc.tiers[t];
        extras.notes.emplace_back(tier.annotations.size());
        extras.unsure.emplace_back(tier.annotations.size(), 0);
        if (!tier.references.empty() && !tier.annotations.empty())
            throw FormatError(path,
                              QStringLiteral("tier '%1' mixes time-aligned and reference "
                                             "annotations")
                                  .arg(tier.id),
                              tier.line);
        for (size_t i = 0; i < tier.annotations.size(); ++i)
            if (!tier.annotations[i].id.isEmpty())
                where.insert(tier.annotations[i].id, {t, i});
    }
    for (const RawTier& tier : doc.tiers) {
        const bool flags = tier.typeId == kUnsureTypeId;
        for (const RawReference& r : tier.references) {
            const auto it = where.constFind(r.ref);
            if (it == where.constEnd())
                throw FormatError(path,
                                  QStringLiteral("annotation '%1' of tier '%2' refers to '%3', "
                                                 "which is no time-aligned annotation of the "
                                                 "document")
                                      .arg(r.id, tier.id, r.ref),
                                  r.line);
            const auto [t, i] = *it;
            if (r.value.isEmpty())
                continue;
            if (flags) {
                extras.unsure[t][i] = 1;
            } else {
                QString& note = extras.notes[t][i];
                if (note.isEmpty())
                    note = r.value;
                else if (note != r.value)
                    note += QStringLiteral("; ") + r.value;
            }
        }
    }
    return extras;
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
                                              double sampleRateHz, int64_t sampleCount, bool clip,
                                              const ClassNameMap& classMap, SkippedClasses* skipped)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw FormatError(path, QStringLiteral("cannot read (%1)").arg(file.errorString()));
    const RawDocument doc = parseDocument(file, path);

    const std::vector<std::vector<int32_t>> classes =
        resolveClasses(doc, labelSet, classMap, skipped, path);
    const AnnotationExtras extras = resolveReferences(doc, path);

    std::vector<AnnotationTrack> out;
    for (size_t t = 0; t < doc.tiers.size(); ++t) {
        const RawTier& tier = doc.tiers[t];
        if (isReferenceTier(tier, doc))
            continue;
        LabelTrackBuilder builder(path, sampleCount, clip);
        for (size_t i = 0; i < tier.annotations.size(); ++i) {
            const RawAnnotation& a = tier.annotations[i];
            auto sampleOf = [&](const QString& slot) -> int64_t {
                const auto it = doc.slotMs.constFind(slot);
                if (it == doc.slotMs.constEnd())
                    throw FormatError(
                        path, QStringLiteral("time slot '%1' is not defined").arg(slot), a.line);
                // Beyond int64 llround is undefined; such a time is far past any recording.
                const double sample = double(*it) * sampleRateHz / 1000.0;
                if (!(std::fabs(sample) < 9e18))
                    throw FormatError(
                        path,
                        QStringLiteral("time slot '%1' (%2 ms) is out of range").arg(slot).arg(*it),
                        a.line);
                return int64_t(std::llround(sample));
            };
            const int32_t classId = classes[t][i];
            // Skipped, or mapped to "unlabelled": no segment.
            if (classId == kSkippedClass || classId == kUnlabelled)
                continue;
            builder.add(Segment{sampleOf(a.slot1), sampleOf(a.slot2), classId, QString(), 0,
                                extras.notes[t][i], extras.unsure[t][i] != 0},
                        a.line);
        }
        AnnotationTrack::Kind kind = AnnotationTrack::Kind::Annotation;
        AnnotationTrack::kindFromName(doc.properties.value(kKindProperty + tier.id), &kind);
        out.push_back(builder.build(tier.id, kind, labelSet.id));
    }
    return out;
}

} // namespace kinemark
