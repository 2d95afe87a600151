// FusedAdam against torch::optim::Adam/AdamW: the same trajectory of weights
// over several steps on a small network, gradients cleared after each step,
// parameters without a gradient untouched.
#include "models/internal/optim/FusedAdam.h"

#include <QtTest>

using namespace kinemark;

namespace {
// A tiny network with a big enough layer (> the parallel grain of 16384) that
// the optimiser's multi-threaded path runs too.
torch::nn::Sequential tinyNetwork()
{
    return torch::nn::Sequential(torch::nn::Linear(200, 100), torch::nn::Tanh(),
                                 torch::nn::Linear(100, 3));
}

float maxDifference(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b)
{
    float worst = 0;
    for (size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, (a[i] - b[i]).abs().max().item<float>());
    return worst;
}

// Trains two identical copies for `steps` steps, one with torch's optimiser
// and one with FusedAdam, on the same batches; returns the largest weight difference.
float trajectoryDifference(bool adamW, int steps, float* movedBy)
{
    torch::manual_seed(3);
    auto reference = tinyNetwork();
    auto fused = tinyNetwork();
    {
        torch::NoGradGuard noGrad;
        auto from = reference->parameters(), to = fused->parameters();
        for (size_t i = 0; i < from.size(); ++i)
            to[i].copy_(from[i]);
    }
    const auto start = reference->parameters();
    std::vector<torch::Tensor> initial;
    for (const auto& p : start)
        initial.push_back(p.detach().clone());

    const double lr = 0.01, decay = 0.05;
    std::unique_ptr<torch::optim::Optimizer> torchOptimiser;
    FusedAdam::Options o;
    o.lr = lr;
    if (adamW) {
        torchOptimiser = std::make_unique<torch::optim::AdamW>(
            reference->parameters(), torch::optim::AdamWOptions(lr).weight_decay(decay));
        o.weightDecay = decay;
        o.decoupledWeightDecay = true;
    } else {
        torchOptimiser = std::make_unique<torch::optim::Adam>(
            reference->parameters(), torch::optim::AdamOptions(lr).weight_decay(decay));
        o.weightDecay = decay; // Adam's own (coupled) L2 term
    }
    FusedAdam fusedOptimiser(fused->parameters(), o);

    for (int s = 0; s < steps; ++s) {
        const torch::Tensor x = torch::randn({16, 200});
        const torch::Tensor y = torch::randint(0, 3, {16}, torch::kLong);
        torchOptimiser->zero_grad();
        torch::nn::functional::cross_entropy(reference->forward(x), y).backward();
        torchOptimiser->step();
        torch::nn::functional::cross_entropy(fused->forward(x), y).backward();
        fusedOptimiser.step();
    }
    *movedBy = maxDifference(reference->parameters(), initial);
    return maxDifference(reference->parameters(), fused->parameters());
}
} // namespace

class TestOptimiser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void followsTorchAdam_data()
    {
        QTest::addColumn<bool>("adamW");
        QTest::newRow("Adam with L2") << false;
        QTest::newRow("AdamW") << true;
    }

    void followsTorchAdam()
    {
        QFETCH(bool, adamW);
        at::set_num_threads(2);
        float moved = 0;
        const float difference = trajectoryDifference(adamW, 20, &moved);
        // The weights really moved (20 steps of lr 0.01), and both optimisers moved them alike.
        QVERIFY2(moved > 0.05f, qPrintable(QStringLiteral("weights moved only %1").arg(moved)));
        QVERIFY2(difference < 1e-4f,
                 qPrintable(QStringLiteral("FusedAdam is %1 away from torch").arg(difference)));
    }

    void clearsGradientsAndSkipsUnused()
    {
        torch::manual_seed(5);
        auto network = tinyNetwork();
        auto unused = torch::nn::Linear(4, 4); // never in a forward pass: no gradient
        std::vector<torch::Tensor> parameters = network->parameters();
        for (const auto& p : unused->parameters())
            parameters.push_back(p);
        FusedAdam optimiser(parameters, FusedAdam::Options{});
        const torch::Tensor before = unused->weight.detach().clone();
        torch::nn::functional::cross_entropy(network->forward(torch::randn({8, 200})),
                                             torch::randint(0, 3, {8}, torch::kLong))
            .backward();
        QVERIFY(network->parameters().front().grad().abs().sum().item<float>() > 0);
        optimiser.step();
        QCOMPARE(optimiser.stepCount(), int64_t(1));
        for (const auto& p : network->parameters())
            QCOMPARE(p.grad().abs().sum().item<float>(), 0.f);
        QVERIFY(torch::equal(unused->weight, before));
        QVERIFY(!unused->weight.grad().defined());
    }

    void rejectsNonFloatParameters()
    {
        const torch::Tensor wrong = torch::zeros({3}, torch::kDouble).requires_grad_();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FusedAdam({wrong}, FusedAdam::Options{}));
    }
};

QTEST_GUILESS_MAIN(TestOptimiser)
#include "tst_optimiser.moc"
