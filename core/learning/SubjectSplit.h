#pragma once

#include <QStringList>
#include <cstdint>
#include <vector>

namespace kinemark {

// Subject-disjoint splits: no subject's data is ever on both sides.
struct SubjectSplit
{
    QStringList training;
    QStringList validation;

    // The given validation subjects against all others; throws
    // std::invalid_argument naming a validation subject that does not exist.
    static SubjectSplit withValidation(const QStringList& subjects, const QStringList& validation);
    // A seeded random split with round(fraction * n) validation subjects (at least one
    // on each side when there are two or more subjects).
    static SubjectSplit random(const QStringList& subjects, double validationFraction,
                               uint64_t seed);
    // Leave-one-subject-out: one split per subject, in the given order.
    static std::vector<SubjectSplit> leaveOneSubjectOut(const QStringList& subjects);
    // k folds of (nearly) equal subject counts, seeded.
    static std::vector<SubjectSplit> folds(const QStringList& subjects, int k, uint64_t seed);
};

} // namespace kinemark
