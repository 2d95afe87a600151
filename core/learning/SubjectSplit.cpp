#include "core/learning/SubjectSplit.h"

#include <QSet>
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace kinemark {

namespace {

QStringList distinct(const QStringList& subjects)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString& s : subjects) {
        if (!seen.contains(s)) {
            seen.insert(s);
            out << s;
        }
    }
    return out;
}

// Fisher-Yates with our own index draw: std::shuffle and
// std::uniform_int_distribution are free to differ between standard libraries,
// and a split must be the same for a seed on every platform. The modulo bias
// of a 64-bit draw over a few hundred subjects is negligible.
QStringList shuffled(QStringList subjects, uint64_t seed)
{
    std::mt19937_64 random(seed);
    for (qsizetype i = subjects.size() - 1; i > 0; --i) {
        const qsizetype j = qsizetype(random() % uint64_t(i + 1));
        subjects.swapItemsAt(i, j);
    }
    return subjects;
}

// The split whose validation side is `validation`, both sides in the order of
// `subjects` (so that lists read the same as the project's subject list).
SubjectSplit splitOff(const QStringList& subjects, const QSet<QString>& validation)
{
    SubjectSplit split;
    for (const QString& s : subjects)
        (validation.contains(s) ? split.validation : split.training) << s;
    return split;
}

} // namespace

SubjectSplit SubjectSplit::withValidation(const QStringList& subjects,
                                          const QStringList& validation)
{
    const QStringList all = distinct(subjects);
    QSet<QString> chosen;
    for (const QString& v : validation) {
        if (!all.contains(v))
            throw std::invalid_argument(
                QStringLiteral("validation subject '%1' does not exist").arg(v).toStdString());
        chosen.insert(v);
    }
    return splitOff(all, chosen);
}

SubjectSplit SubjectSplit::random(const QStringList& subjects, double validationFraction,
                                  uint64_t seed)
{
    if (!(validationFraction >= 0 && validationFraction <= 1))
        throw std::invalid_argument(
            "SubjectSplit::random: the validation fraction must be in [0, 1]");
    const QStringList all = distinct(subjects);
    const qsizetype n = all.size();
    qsizetype count = qsizetype(std::llround(validationFraction * double(n)));
    if (n >= 2)
        count = std::clamp<qsizetype>(count, 1, n - 1);
    const QStringList order = shuffled(all, seed);
    QSet<QString> chosen;
    for (qsizetype i = 0; i < count; ++i)
        chosen.insert(order[i]);
    return splitOff(all, chosen);
}

std::vector<SubjectSplit> SubjectSplit::leaveOneSubjectOut(const QStringList& subjects)
{
    const QStringList all = distinct(subjects);
    std::vector<SubjectSplit> splits;
    for (const QString& s : all)
        splits.push_back(splitOff(all, QSet<QString>{s}));
    return splits;
}

std::vector<SubjectSplit> SubjectSplit::folds(const QStringList& subjects, int k, uint64_t seed)
{
    const QStringList all = distinct(subjects);
    if (k < 2 || k > all.size())
        throw std::invalid_argument(QStringLiteral("SubjectSplit::folds: %1 folds of %2 subjects: "
                                                   "need at least 2 folds and a subject per fold")
                                        .arg(k)
                                        .arg(all.size())
                                        .toStdString());
    // Dealing the shuffled subjects round the folds makes their sizes differ by
    // at most one.
    const QStringList order = shuffled(all, seed);
    std::vector<QSet<QString>> members(static_cast<size_t>(k));
    for (qsizetype i = 0; i < order.size(); ++i)
        members[size_t(i % k)].insert(order[i]);
    std::vector<SubjectSplit> splits;
    for (const QSet<QString>& fold : members)
        splits.push_back(splitOff(all, fold));
    return splits;
}

} // namespace kinemark
