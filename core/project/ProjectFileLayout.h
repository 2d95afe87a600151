#pragma once

#include <QString>

#include <cstddef>

// Layout: docs/project-format.md. In short:
//   /                      format, format_version, writer, name, metadata
//   /label_sets/<nn>       LabelSet JSON text (attribute id); group attribute count
//   /recordings/<nnnn>     recording attributes; group attribute count
//       sensors/<nn>       name, device, channel_count; datasets <nn> = channels
//       tracks/<nn>        name, kind, label_set; start, end, class_id, edited_ms,
//                          author (index into authors), authors
//         probabilities/   optional: start, step, rows; class_ids, values (rows x classes)
//       videos/<nn>        optional: path, offset_s, drift_ppm, size_bytes, hash
//   /models/<nn>           optional: id, kind; summary (JSON text), data (the .kmodel bytes)
//   /results/<nn>          optional: id, kind, model, created; result (JSON text)
// Containers say how many members they have (`count`), so that a member that
// went missing is an error rather than silently less data. Members and
// attributes a reader does not know are ignored, which leaves room for later
// additions (results, ...) without a new version; probabilities and models were
// added that way, so files written before them open with none.

namespace kinemark::ProjectFileLayout {

// The names the project file's reader and writer share: the format's name in
// the root's `format` attribute, and how members of a container are named.

inline QString formatName()
{
    return QStringLiteral("kinemark-project");
}

// Member names: the index in decimal, zero-padded so that HDF5's name order
// (which h5py and h5dump show) is the index order.
inline QString memberName(size_t index, int width)
{
    return QStringLiteral("%1").arg(qulonglong(index), width, 10, QLatin1Char('0'));
}
constexpr int kRecordingWidth = 4;
constexpr int kMemberWidth = 2;

} // namespace kinemark::ProjectFileLayout
