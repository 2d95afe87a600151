#pragma once

#include "core/model/Project.h"

#include <tuple>
#include <vector>

namespace kinemark::test {

// The annotation tests' small project and the one-line view of a track they
// compare: what tst_gui_editing, tst_gui_tiers and tst_widgets_segments each
// wrote out before.

// (start, end, class) of a segment, in samples.
using Triple = std::tuple<int64_t, int64_t, int32_t>;
// Every segment of `track` as a Triple, in order.
std::vector<Triple> triples(const AnnotationTrack* track);
// A project with the HARTH label set and one recording "rec" of `samples` zero samples of
// one thigh acceleration channel at `rateHz`, annotated with `tracks`.
Project annotatedProject(double rateHz, int64_t samples, std::vector<AnnotationTrack> tracks);

} // namespace kinemark::test
