#pragma once

#include <QByteArray>
#include <QHash>

#include <cstdint>
#include <vector>

namespace kinemark {

// The distinct texts of a label column read as text, collected while
// TextChunkParser parses its chunks in parallel. Each chunk numbers the texts
// it meets in its own order of first appearance (no lock on the hot path, and
// labels come in runs, so most rows only compare with the previous text);
// merge() then walks the chunks in file order, so the final numbering is the
// file's order of first appearance whatever the chunking was.
//
// A file's count of distinct texts drives the classes made from them, so it is
// capped: a hostile or mis-mapped column (a time stamp given as the label
// column has a new "label" on every row) is refused at the first text beyond
// kMaxTexts instead of making a million classes.
class LabelTextCollector
{
public:
    static constexpr int kMaxTexts = 256;

    // One chunk's texts. Not thread-safe: one per chunk.
    class Chunk
    {
    public:
        // The chunk's number for text [a, b) (blanks and quotes already
        // removed), first seen at `row`; -1 when the chunk has kMaxTexts
        // texts already and this is a new one.
        int code(const char* a, const char* b, int64_t row);

    private:
        friend class LabelTextCollector;
        QByteArray m_last;
        int m_lastCode = -1;
        QHash<QByteArray, int> m_index;
        std::vector<QByteArray> m_texts;
        std::vector<int64_t> m_firstRows;
    };

    // Renumbers labels[0, validRows) from chunk codes to indices into *texts
    // (the distinct texts in file order, doubled quotes made single). Chunk c
    // holds rows [rowOffsets[c], rowOffsets[c + 1]). Returns the row of the
    // first text beyond kMaxTexts (rows from it on are not renumbered), or -1.
    static int64_t merge(const std::vector<Chunk>& chunks, const std::vector<int64_t>& rowOffsets,
                         int64_t validRows, int32_t* labels, std::vector<QByteArray>* texts);
};

} // namespace kinemark
