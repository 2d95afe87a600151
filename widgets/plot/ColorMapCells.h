#pragma once

#include <qcustomplot.h>

namespace kinemark {

// QCPColorMapData with direct write access to its rows. A spectrogram refresh
// fills ~200k cells; QCPColorMapData::setCell checks bounds and flags the data
// per cell, which cost more than the rest of the refresh together.
class ColorMapCells : public QCPColorMapData
{
public:
    using QCPColorMapData::QCPColorMapData;

    // Cells of one value row (one frequency bin), keySize() of them.
    double* row(int valueIndex) { return mData + size_t(valueIndex) * size_t(keySize()); }
    // Call after writing rows, so that the map redraws its image.
    void markModified()
    {
        mIsEmpty = false;
        mDataModified = true;
    }
};

} // namespace kinemark
