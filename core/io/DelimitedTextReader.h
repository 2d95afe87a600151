#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/ColumnMapping.h"
#include "core/model/Recording.h"

namespace kinemark {

// Reads delimited text (CSV, TSV, space separated) into a Recording according
// to a ColumnMapping. Parses straight into the float columns from a memory map,
// in parallel chunks, with no allocation per row.
//
// Tolerates CRLF, a UTF-8 BOM and scientific notation. Everything else that is
// wrong (non-monotonic or duplicate timestamps, empty or NaN fields, wrong
// column counts, non-numeric values, unknown mapped columns) throws
// FormatError naming the file, line and column and what was expected.
class DelimitedTextReader
{
public:
    static Recording read(const QString& path, const ColumnMapping& mapping,
                          ReadReport* report = nullptr, const JobControl* job = nullptr);
};

} // namespace kinemark
