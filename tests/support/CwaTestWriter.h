#pragma once

#include <QByteArray>
#include <QString>
#include <cstdint>
#include <functional>

class QIODevice;

namespace kinemark::test {

// Writes Axivity .cwa files for tests and benchmarks (never shipped): a header
// and AX3 blocks of 120 packed or 80 16-bit samples, each block with a
// fractional time stamp and a valid checksum. Made from the format description,
// to synthesise what the public test files cannot give: week-long files, gaps,
// clock offsets between two sensors, damaged blocks.
class CwaTestWriter
{
public:
    struct Options
    {
        double rateHz = 100; // one of 3200 / 2^n: 12.5, 25, 50, 100, 200, ...
        bool packed = true;  // 120 packed samples a block, else 80 x 16-bit
        uint32_t sessionId = 4242;
        uint16_t deviceId = 1234;
        QString metadata; // e.g. "_p=thigh&_sc=P01"
        // The temperature (degrees C) stored with the block whose first sample
        // is the argument; unset: a constant 37.9 C (raw 300).
        std::function<double(int64_t firstSample)> temperatureAt;
    };
    // The degrees C a block's 10-bit temperature stores for `celsius`
    // (quantised as the device does: 75/256 C steps).
    static double storedTemperature(double celsius);
    // sample(i, xyz) fills the acceleration (g) of sample i.
    using SampleSource = std::function<void(int64_t index, float* xyz)>;

    CwaTestWriter(QIODevice* out, const Options& options);
    void writeHeader();
    // Writes the block holding samples [first, first + samplesPerBlock()) that
    // starts at `startS` (seconds since 1970, device clock).
    void writeBlock(int64_t first, double startS, const SampleSource& source);
    int samplesPerBlock() const { return m_options.packed ? 120 : 80; }
    uint32_t blocksWritten() const { return m_sequence; }

    // A whole file of `samples` samples from `startS`; blocks listed in `skipBlocks`
    // are left out (their time becomes a gap).
    static QByteArray makeFile(const Options& options, double startS, int64_t samples,
                               const SampleSource& source,
                               const std::vector<int64_t>& skipBlocks = {});

private:
    QIODevice* m_out;
    Options m_options;
    uint32_t m_sequence = 0;
};

} // namespace kinemark::test
