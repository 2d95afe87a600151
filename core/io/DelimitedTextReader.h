#pragma once

#include "core/base/JobControl.h"
#include "core/base/ReadReport.h"
#include "core/io/ColumnMapping.h"
#include "core/model/LabelSet.h"
#include "core/model/Recording.h"

namespace kinemark {

// Reads delimited text (CSV, TSV, space separated) into a Recording according
// to a ColumnMapping. Parses straight into the float columns from a memory map,
// in parallel chunks, with no allocation per row.
//
// Tolerates the dialects real files come in: CRLF, a UTF-8 BOM, '#' comment
// lines before the data and blank or comment lines after it, quoted fields, a
// ';' terminator after the last field (WISDM), extra delimiters at line ends,
// decimal commas with ';' delimiters (European spreadsheets), scientific
// notation, time stamps in date-times or Unix s, ms, us or ns. What detection
// decided (delimiter, header, columns, decimal mark, labels as text or ids,
// the time format) goes to the report's warnings as a note.
//
// Labels are class ids or texts (ColumnMapping::labelFormat); texts become
// classes through TextLabelDictionary, and a label set made from them is
// handed back in *madeLabelSet (its id is the recording's labelSetId).
//
// Everything else that is wrong (non-monotonic or duplicate timestamps, empty
// or NaN fields, wrong column counts, non-numeric values, unknown mapped
// columns, unknown label texts) throws FormatError naming the file, line and
// column, what was expected and, where one would help, the option to use.
// Nothing is returned from a file with an error: no half-imported recording.
class DelimitedTextReader
{
public:
    static Recording read(const QString& path, const ColumnMapping& mapping,
                          ReadReport* report = nullptr, const JobControl* job = nullptr,
                          LabelSet* madeLabelSet = nullptr);
};

} // namespace kinemark
