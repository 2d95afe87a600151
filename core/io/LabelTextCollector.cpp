#include "core/io/LabelTextCollector.h"

#include <algorithm>
#include <cstring>

namespace kinemark {

int LabelTextCollector::Chunk::code(const char* a, const char* b, int64_t row)
{
    const int size = int(b - a);
    if (m_lastCode >= 0 && size == m_last.size() &&
        (size == 0 || std::memcmp(a, m_last.constData(), size_t(size)) == 0))
        return m_lastCode;
    m_last = QByteArray(a, size);
    const auto found = m_index.constFind(m_last);
    if (found != m_index.constEnd()) {
        m_lastCode = found.value();
        return m_lastCode;
    }
    if (int(m_texts.size()) >= kMaxTexts) {
        m_lastCode = -1;
        return -1;
    }
    m_lastCode = int(m_texts.size());
    m_index.insert(m_last, m_lastCode);
    m_texts.push_back(m_last);
    m_firstRows.push_back(row);
    return m_lastCode;
}

int64_t LabelTextCollector::merge(const std::vector<Chunk>& chunks,
                                  const std::vector<int64_t>& rowOffsets, int64_t validRows,
                                  int32_t* labels, std::vector<QByteArray>* texts)
{
    texts->clear();
    QHash<QByteArray, int> global;
    for (size_t c = 0; c < chunks.size(); ++c) {
        const int64_t first = rowOffsets[c];
        if (first >= validRows)
            break;
        const Chunk& chunk = chunks[c];
        std::vector<int32_t> toGlobal(chunk.m_texts.size(), -1);
        int64_t end = std::min(rowOffsets[c + 1], validRows);
        for (size_t local = 0; local < chunk.m_texts.size(); ++local) {
            if (chunk.m_firstRows[local] >= end)
                break;
            QByteArray text = chunk.m_texts[local];
            if (text.contains("\"\""))
                text.replace("\"\"", "\"");
            auto it = global.constFind(text);
            if (it == global.constEnd()) {
                if (int(texts->size()) >= kMaxTexts) {
                    end = chunk.m_firstRows[local];
                    for (int64_t row = first; row < end; ++row)
                        labels[row] = toGlobal[size_t(labels[row])];
                    return end;
                }
                it = global.insert(text, int(texts->size()));
                texts->push_back(text);
            }
            toGlobal[local] = it.value();
        }
        for (int64_t row = first; row < end; ++row)
            labels[row] = toGlobal[size_t(labels[row])];
    }
    return -1;
}

} // namespace kinemark
