#include "models/internal/nn/mstcn/MsTcnNetwork.h"

#include "core/base/JobControl.h"
#include "core/learning/ChannelNormalisation.h"
#include "core/model/Recording.h"

namespace kinemark {

namespace F = torch::nn::functional;

MsTcnNetwork::MsTcnNetwork(int channels, int classes, const QVariantMap& h)
    : m_layers(std::max(1, h.value(QStringLiteral("layers"), 10).toInt()))
{
    const int stages = std::max(1, h.value(QStringLiteral("stages"), 2).toInt());
    const int features = std::max(1, h.value(QStringLiteral("features"), 64).toInt());
    const int projection = std::max(1, h.value(QStringLiteral("projection_dim"), 64).toInt());
    m_dropout = register_module(
        "dropout", torch::nn::Dropout(h.value(QStringLiteral("dropout"), 0.5).toDouble()));
    for (int s = 0; s < stages; ++s) {
        Stage stage;
        const std::string p = "stage" + std::to_string(s) + "_";
        const int in = s == 0 ? channels : classes;
        stage.input = register_module(p + "input",
                                      torch::nn::Conv1d(torch::nn::Conv1dOptions(in, features, 1)));
        for (int l = 0; l < m_layers; ++l) {
            const int64_t dilation = int64_t(1) << l;
            stage.dilated.push_back(
                register_module(p + "dilated" + std::to_string(l),
                                torch::nn::Conv1d(torch::nn::Conv1dOptions(features, features, 3)
                                                      .padding(dilation)
                                                      .dilation(dilation))));
            stage.pointwise.push_back(register_module(
                p + "pointwise" + std::to_string(l),
                torch::nn::Conv1d(torch::nn::Conv1dOptions(features, features, 1))));
        }
        stage.output = register_module(
            p + "output", torch::nn::Conv1d(torch::nn::Conv1dOptions(features, classes, 1)));
        stage.projection1 = register_module(
            p + "projection1", torch::nn::Conv1d(torch::nn::Conv1dOptions(features, features, 1)));
        stage.projection2 =
            register_module(p + "projection2",
                            torch::nn::Conv1d(torch::nn::Conv1dOptions(features, projection, 1)));
        m_stages.push_back(std::move(stage));
    }
}

MsTcnNetwork::Output MsTcnNetwork::forward(const torch::Tensor& x)
{
    Output out;
    torch::Tensor in = x;
    for (size_t s = 0; s < m_stages.size(); ++s) {
        Stage& stage = m_stages[s];
        if (s > 0)
            in = torch::softmax(out.logits.back(), 1);
        torch::Tensor h = stage.input->forward(in);
        for (int l = 0; l < m_layers; ++l)
            h = h + m_dropout->forward(stage.pointwise[size_t(l)]->forward(
                        torch::relu(stage.dilated[size_t(l)]->forward(h))));
        out.features.push_back(h);
        out.logits.push_back(stage.output->forward(h));
    }
    return out;
}

torch::Tensor MsTcnNetwork::project(size_t stage, const torch::Tensor& features)
{
    return m_stages[stage].projection2->forward(
        torch::relu(m_stages[stage].projection1->forward(features)));
}

int64_t MsTcnNetwork::reach() const
{
    // Each stage adds the sum of its dilations on either side: 2^layers - 1.
    return int64_t(m_stages.size()) * ((int64_t(1) << m_layers) - 1);
}

torch::Tensor sequenceChunkOutput(MsTcnNetwork& network, const Recording& recording,
                                  const ChannelNormalisation& normalisation, SequenceOutput output,
                                  int64_t first, int64_t last, std::vector<float>* buffer)
{
    const int64_t n = int64_t(recording.sampleCount());
    const int64_t c = int64_t(recording.channelCount());
    const int64_t margin = network.reach();
    const int64_t from = std::max<int64_t>(0, first - margin), to = std::min(n, last + margin);
    const int64_t length = to - from;
    buffer->resize(size_t(c * length));
    for (int64_t ch = 0; ch < c; ++ch) {
        const float* x = recording.channel(size_t(ch)).samples.data() + from;
        float* out = buffer->data() + ch * length;
        for (int64_t i = 0; i < length; ++i)
            out[i] = normalisation.apply(size_t(ch), x[i]);
    }
    const torch::Tensor x = torch::from_blob(buffer->data(), {1, c, length});
    const MsTcnNetwork::Output o = network.forward(x);
    const torch::Tensor rows = output == SequenceOutput::Probabilities
                                   ? torch::softmax(o.logits.back()[0], 0)
                                   : o.features.back()[0];
    // [dims, length] -> [length, dims], keeping the chunk's own samples.
    return rows.slice(1, first - from, first - from + (last - first)).t().contiguous();
}

void visitSequenceProbabilities(MsTcnNetwork& network, const Recording& recording,
                                const ChannelNormalisation& normalisation,
                                const SequenceChunkVisitor& visit, const JobControl* job,
                                int64_t chunk)
{
    torch::NoGradGuard noGrad;
    network.eval();
    chunk = std::max<int64_t>(1, chunk);
    const int64_t n = int64_t(recording.sampleCount());
    std::vector<float> buffer;
    for (int64_t first = 0; first < n; first += chunk) {
        throwIfCancelled(job);
        const int64_t last = std::min(n, first + chunk);
        const torch::Tensor p = sequenceChunkOutput(
            network, recording, normalisation, SequenceOutput::Probabilities, first, last, &buffer);
        visit(first, last - first, p.data_ptr<float>());
        reportProgress(job, double(last) / double(n));
    }
}

std::vector<float> predictSequence(MsTcnNetwork& network, const Recording& recording,
                                   const ChannelNormalisation& normalisation, int classes,
                                   const JobControl* job, int64_t chunk)
{
    std::vector<float> probabilities(recording.sampleCount() * size_t(classes));
    visitSequenceProbabilities(
        network, recording, normalisation,
        [&](int64_t first, int64_t count, const float* rows) {
            std::copy(rows, rows + count * classes, probabilities.begin() + first * classes);
        },
        job, chunk);
    return probabilities;
}

} // namespace kinemark
