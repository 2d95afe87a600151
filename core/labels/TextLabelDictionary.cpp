#include "core/labels/TextLabelDictionary.h"

#include "core/base/FormatError.h"
#include "core/labels/ClassIdField.h"

#include <QHash>
#include <algorithm>
#include <numeric>

namespace kinemark {

namespace {

// Up to this many texts are listed in the notes; the rest are counted.
constexpr int kListedTexts = 40;

QString shown(const QString& text)
{
    return text.isEmpty() ? QStringLiteral("(empty)") : QStringLiteral("'%1'").arg(text);
}

// Texts that are numbers sort as numbers ("2" before "10"), the rest by text.
bool sortsBefore(const QString& a, const QString& b)
{
    bool aNumber = false;
    bool bNumber = false;
    const double x = a.toDouble(&aNumber);
    const double y = b.toDouble(&bNumber);
    if (aNumber && bNumber && x != y)
        return x < y;
    if (aNumber != bNumber)
        return aNumber;
    const int folded = a.compare(b, Qt::CaseInsensitive);
    return folded != 0 ? folded < 0 : a < b;
}

// The label set the texts are placed in, if the mapping names one.
LabelSet existingSet(const ColumnMapping& mapping)
{
    LabelSet set;
    if (!mapping.projectClasses.empty()) {
        set.id = mapping.labelSetId;
        set.classes = mapping.projectClasses;
    } else if (LabelSet::builtinIds().contains(mapping.labelSetId)) {
        set = LabelSet::builtin(mapping.labelSetId);
    }
    return set;
}

QString listed(const QStringList& items)
{
    if (items.size() <= kListedTexts)
        return items.join(QStringLiteral(", "));
    return items.mid(0, kListedTexts).join(QStringLiteral(", ")) +
           QStringLiteral(" and %1 more").arg(items.size() - kListedTexts);
}

} // namespace

QString TextLabelDictionary::colourFor(int index)
{
    // Tableau 20's strong half, then its light half: neighbours stay distinct.
    static const char* const kPalette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
                                           "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5",
                                           "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5"};
    constexpr int n = int(sizeof kPalette / sizeof kPalette[0]);
    return QString::fromLatin1(kPalette[((index % n) + n) % n]);
}

QString TextLabelDictionary::shortcutFor(int index)
{
    // Digits first, as the built-in sets have them; then letters the
    // annotation editor leaves free (it uses A C D E G L M N S T U).
    static const char kKeys[] = "1234567890QWRYIOPHJKZXVBF";
    if (index < 0 || index >= int(sizeof kKeys) - 1)
        return QString();
    return QString(QLatin1Char(kKeys[index]));
}

TextLabelDictionary::Outcome
TextLabelDictionary::resolve(const std::vector<QByteArray>& texts, const ColumnMapping& mapping,
                             const QString& madeSetId, const QString& path, int column,
                             const std::function<qint64(int)>& firstLine)
{
    Outcome out;
    out.classIds.assign(texts.size(), kUnlabelled);
    QStringList strings;
    for (const QByteArray& t : texts)
        strings << QString::fromUtf8(t);

    auto isUnlabelled = [&](const QString& text) {
        if (text.isEmpty())
            return true;
        for (const QString& u : mapping.unlabelledValues)
            if (u.trimmed().compare(text, Qt::CaseInsensitive) == 0)
                return true;
        return false;
    };
    const QString unlabelledHint = QStringLiteral("--unlabelled");

    std::vector<int> placed; // texts that get a class, in order of first appearance
    QStringList unlabelled;
    for (int i = 0; i < int(strings.size()); ++i) {
        if (isUnlabelled(strings[i]))
            unlabelled << shown(strings[i]);
        else
            placed.push_back(i);
    }

    const LabelSet set = existingSet(mapping);
    QStringList pairs;
    if (!mapping.labelMap.empty()) {
        QHash<QString, const ColumnMapping::LabelMapEntry*> exact;
        QHash<QString, const ColumnMapping::LabelMapEntry*> folded;
        for (const ColumnMapping::LabelMapEntry& e : mapping.labelMap) {
            exact.insert(e.text, &e);
            folded.insert(e.text.toLower(), &e);
        }
        std::vector<LabelClass> classes;
        for (int i : placed) {
            const ColumnMapping::LabelMapEntry* e = exact.value(strings[i]);
            if (!e)
                e = folded.value(strings[i].toLower());
            if (!e)
                throw FormatError(path,
                                  QStringLiteral("label %1 is not in the label map; add it to the "
                                                 "--label-map file, or give %2 %3 if it means "
                                                 "no label")
                                      .arg(shown(strings[i]), unlabelledHint, strings[i]),
                                  firstLine(i), column);
            if (!set.classes.empty())
                ClassIdField::check(e->classId, &set, path, firstLine(i), column);
            out.classIds[size_t(i)] = e->classId;
            const QString name = !e->name.isEmpty()     ? e->name
                                 : set.find(e->classId) ? set.className(e->classId)
                                                        : strings[i];
            pairs << QStringLiteral("%1 -> %2 %3").arg(shown(strings[i])).arg(e->classId).arg(name);
            if (e->classId != kUnlabelled &&
                std::none_of(classes.begin(), classes.end(),
                             [&](const LabelClass& c) { return c.id == e->classId; })) {
                LabelClass c;
                c.id = e->classId;
                c.name = name;
                classes.push_back(c);
            }
        }
        if (set.classes.empty()) {
            std::sort(classes.begin(), classes.end(),
                      [](const LabelClass& a, const LabelClass& b) { return a.id < b.id; });
            for (size_t k = 0; k < classes.size(); ++k) {
                classes[k].colour = colourFor(int(k));
                classes[k].shortcut = shortcutFor(int(k));
            }
            out.madeSet.id = madeSetId;
            out.madeSet.name = madeSetId;
            out.madeSet.description =
                QStringLiteral("Made on import from the label map of %1").arg(path);
            out.madeSet.classes = std::move(classes);
            out.notes << QStringLiteral("%1: label texts mapped by the label map into the new "
                                        "label set '%2': %3")
                             .arg(path, madeSetId, listed(pairs));
        } else {
            out.notes << QStringLiteral("%1: label texts mapped by the label map onto label set "
                                        "'%2': %3")
                             .arg(path, set.id, listed(pairs));
        }
    } else if (!set.classes.empty()) {
        QStringList names;
        for (const LabelClass& c : set.classes)
            names << c.name;
        for (int i : placed) {
            const LabelClass* match = nullptr;
            for (const LabelClass& c : set.classes)
                if (c.name.compare(strings[i], Qt::CaseInsensitive) == 0) {
                    match = &c;
                    break;
                }
            bool isNumber = false;
            const int id = strings[i].toInt(&isNumber);
            if (!match && isNumber)
                match = set.find(id);
            if (!match)
                throw FormatError(
                    path,
                    QStringLiteral("label %1 is no class of label set '%2' (its "
                                   "classes: %3); map it with --label-map FILE, "
                                   "or give %4 %5 if it means no label")
                        .arg(shown(strings[i]), set.id, listed(names), unlabelledHint, strings[i]),
                    firstLine(i), column);
            out.classIds[size_t(i)] = match->id;
            pairs << QStringLiteral("%1 -> %2 %3")
                         .arg(shown(strings[i]))
                         .arg(match->id)
                         .arg(match->name);
        }
        out.notes << QStringLiteral("%1: label texts placed in label set '%2' by class name: %3")
                         .arg(path, set.id, listed(pairs));
    } else {
        std::vector<int> order = placed;
        if (mapping.labelOrder == ColumnMapping::LabelOrder::Sorted)
            std::sort(order.begin(), order.end(),
                      [&](int a, int b) { return sortsBefore(strings[a], strings[b]); });
        out.madeSet.id = madeSetId;
        out.madeSet.name = madeSetId;
        out.madeSet.description =
            QStringLiteral("Made on import from the label texts of %1 (%2)")
                .arg(path, mapping.labelOrder == ColumnMapping::LabelOrder::Sorted
                               ? QStringLiteral("ids in sorted order")
                               : QStringLiteral("ids in order of appearance"));
        for (int k = 0; k < int(order.size()); ++k) {
            LabelClass c;
            c.id = k + 1;
            c.name = strings[order[size_t(k)]];
            c.colour = colourFor(k);
            c.shortcut = shortcutFor(k);
            out.madeSet.classes.push_back(c);
            out.classIds[size_t(order[size_t(k)])] = c.id;
            pairs << QStringLiteral("%1 %2").arg(c.id).arg(shown(c.name));
        }
        out.notes << QStringLiteral("%1: %2 label texts became the classes of the new label set "
                                    "'%3': %4")
                         .arg(path)
                         .arg(order.size())
                         .arg(madeSetId, listed(pairs));
    }
    if (!unlabelled.isEmpty())
        out.notes
            << QStringLiteral("%1: label texts read as no label: %2").arg(path, listed(unlabelled));
    return out;
}

QStringList TextLabelDictionary::describe(const QStringList& texts, const ColumnMapping& mapping)
{
    QStringList out;
    for (int i = 0; i < texts.size(); ++i)
        out << QString();
    // resolve() refuses at the first text it cannot place: that text's
    // refusal is its description, and the others are resolved again without
    // it, so that every text is described by exactly the reader's rules.
    std::vector<int> remaining(size_t(texts.size()));
    std::iota(remaining.begin(), remaining.end(), 0);
    const LabelSet set = existingSet(mapping);
    while (!remaining.empty()) {
        std::vector<QByteArray> bytes;
        for (int i : remaining)
            bytes.push_back(texts[i].trimmed().toUtf8());
        try {
            const Outcome o = resolve(bytes, mapping, QStringLiteral("preview"), QString(), 0,
                                      [](int k) { return qint64(k) + 1; });
            for (size_t k = 0; k < remaining.size(); ++k) {
                const int32_t id = o.classIds[k];
                QString name =
                    !o.madeSet.id.isEmpty() ? o.madeSet.className(id) : set.className(id);
                for (const ColumnMapping::LabelMapEntry& e : mapping.labelMap)
                    if (e.classId == id && !e.name.isEmpty())
                        name = e.name;
                out[remaining[k]] = id == kUnlabelled ? QStringLiteral("no label")
                                                      : QStringLiteral("%1 %2").arg(id).arg(name);
            }
            break;
        } catch (const FormatError& e) {
            const qint64 k = e.line() - 1;
            if (k < 0 || k >= qint64(remaining.size()))
                break;
            out[remaining[size_t(k)]] = e.message();
            remaining.erase(remaining.begin() + std::ptrdiff_t(k));
        }
    }
    return out;
}

} // namespace kinemark
