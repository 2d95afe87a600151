#include "core/effort/PatchOperation.h"

#include <algorithm>

namespace kinemark {

namespace {
using Op = CorrectionEffort::Operation;

int64_t labelledSamples(const std::vector<Segment>& segments)
{
    int64_t n = 0;
    for (const Segment& s : segments)
        n += s.length();
    return n;
}

// True when every segment of `inner` lies within one segment of `outer` of its class.
bool within(const std::vector<Segment>& inner, const std::vector<Segment>& outer, bool sameClass)
{
    return std::all_of(inner.begin(), inner.end(), [&](const Segment& s) {
        return std::any_of(outer.begin(), outer.end(), [&](const Segment& o) {
            return o.start <= s.start && s.end <= o.end && (!sameClass || o.classId == s.classId);
        });
    });
}
} // namespace

std::optional<CorrectionEffort::Operation> PatchOperation::of(const TrackPatch& patch)
{
    const std::vector<Segment>& before = patch.before;
    const std::vector<Segment>& after = patch.after;
    if (before.size() == after.size()) {
        bool sameSpans = true, sameClasses = true;
        for (size_t i = 0; i < before.size(); ++i) {
            sameSpans =
                sameSpans && before[i].start == after[i].start && before[i].end == after[i].end;
            sameClasses = sameClasses && before[i].classId == after[i].classId;
        }
        if (sameSpans)
            return sameClasses ? std::nullopt : std::optional<Op>(Op::Relabel);
        // The same segments with another boundary: a drag (into or out of a gap too).
        return sameClasses && !before.empty() ? std::optional<Op>(Op::Drag) : std::nullopt;
    }
    const int64_t labelledBefore = labelledSamples(before), labelledAfter = labelledSamples(after);
    if (after.size() == before.size() + 1 && labelledAfter == labelledBefore &&
        within(after, before, true))
        return Op::Split; // the same labels, one more segment
    if (after.size() + 1 == before.size() && labelledAfter >= labelledBefore &&
        within(before, after, false))
        return Op::Merge; // two neighbours became one (a gap between them filled)
    if (labelledAfter > labelledBefore && within(before, after, true) &&
        std::all_of(before.begin(), before.end(), [&](const Segment& s) {
            return std::find(after.begin(), after.end(), s) != after.end();
        }))
        return Op::Paint; // labels added where there were none, nothing else changed
    if (labelledAfter < labelledBefore && within(after, before, true))
        return Op::Delete; // labels removed, what is left unchanged
    return std::nullopt;
}

} // namespace kinemark
