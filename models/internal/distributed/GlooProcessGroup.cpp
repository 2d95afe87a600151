#include "models/internal/distributed/GlooProcessGroup.h"

#include "models/distributed/DistributedError.h"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>

#include <QString>
#include <QStringList>

#include <cstdlib>

#include <unistd.h>

namespace kinemark {

namespace {

// Often enough that a lost rank is told from a live one within a couple of
// seconds; each beat is one small message to the store.
constexpr std::chrono::milliseconds heartbeatInterval{250};
// How long a failed collective watches the counters: several beats, so a rank
// whose thread was merely descheduled on a busy machine is not called lost.
constexpr std::chrono::milliseconds heartbeatWatch{2000};

std::string joinedKey(int rank)
{
    return "kinemark/joined/" + std::to_string(rank);
}
std::string heartbeatKey(int rank)
{
    return "kinemark/heartbeat/" + std::to_string(rank);
}
std::string failedKey(int rank)
{
    return "kinemark/failed/" + std::to_string(rank);
}

// c10::Error's what() carries a C++ backtrace; users get the sentence.
std::string engineText(const std::exception& e)
{
    const auto* error = dynamic_cast<const c10::Error*>(&e);
    std::string text = error ? error->what_without_backtrace() : e.what();
    const size_t newline = text.find('\n');
    return newline == std::string::npos ? text : text.substr(0, newline);
}

std::string seconds(std::chrono::milliseconds ms)
{
    return QString::number(ms.count() / 1000.0, 'g', 4).toStdString() + " s";
}

std::string rankList(const std::vector<int>& ranks)
{
    std::string text = ranks.size() == 1 ? "rank " : "ranks ";
    for (size_t i = 0; i < ranks.size(); ++i)
        text += (i ? ", " : "") + std::to_string(ranks[i]);
    return text;
}

bool isLoopback(const QString& address)
{
    return address == QLatin1String("localhost") || address.startsWith(QLatin1String("127.")) ||
           address == QLatin1String("::1");
}

c10::intrusive_ptr<c10d::TCPStore> connectStore(const LaunchEnvironment& launch, bool serve,
                                                std::chrono::milliseconds timeout)
{
    c10d::TCPStoreOptions options;
    options.port = launch.masterPort();
    options.isServer = serve;
    options.numWorkers = std::size_t(launch.worldSize());
    options.waitWorkers = false; // the join check below names who is missing
    options.timeout = timeout;
    return c10::make_intrusive<c10d::TCPStore>(launch.masterAddress().toStdString(), options);
}

} // namespace

GlooProcessGroup::GlooProcessGroup(const LaunchEnvironment& launch,
                                   std::chrono::milliseconds timeout)
    : m_launch(launch), m_rank(launch.rank()), m_worldSize(launch.worldSize()), m_timeout(timeout)
{
    const std::string where =
        launch.masterAddress().toStdString() + ":" + std::to_string(launch.masterPort());
    try {
        m_store = connectStore(launch, m_rank == 0, timeout);
    } catch (const std::exception& e) {
        throw DistributedError(m_rank == 0
                                   ? "Rank 0 could not serve the rendezvous store on port " +
                                         std::to_string(launch.masterPort()) +
                                         " (is the port in use? set MASTER_PORT): " + engineText(e)
                                   : "Rank " + std::to_string(m_rank) +
                                         " could not reach the rendezvous store at " + where +
                                         ", served by rank 0, within " + seconds(timeout) + ": " +
                                         engineText(e));
    }

    // The join: every rank leaves its host name; a rank missing at the
    // timeout is named, not just "Wait timeout".
    std::vector<std::string> keys;
    for (int r = 0; r < m_worldSize; ++r)
        keys.push_back(joinedKey(r));
    char hostName[256] = {};
    gethostname(hostName, sizeof hostName - 1);
    const std::string host(hostName);
    try {
        m_store->set(joinedKey(m_rank), std::vector<uint8_t>(host.begin(), host.end()));
        m_store->wait(keys, timeout);
    } catch (const std::exception& e) {
        std::vector<int> missing;
        bool storeGone = false;
        try {
            for (int r = 0; r < m_worldSize; ++r)
                if (!m_store->check({joinedKey(r)}))
                    missing.push_back(r);
        } catch (const std::exception&) {
            storeGone = true;
        }
        // The store leaves with rank 0's process: rank 0 stays a moment so
        // the ranks that did come can still read who did not.
        if (m_rank == 0)
            std::this_thread::sleep_for(heartbeatWatch);
        std::string why;
        if (!missing.empty())
            why = rankList(missing) + " of " + std::to_string(m_worldSize) +
                  " did not join the rendezvous at " + where + " within " + seconds(timeout);
        else if (storeGone && m_rank != 0)
            why = "rank 0, which served the rendezvous store at " + where +
                  ", stopped waiting before every rank joined";
        else
            why = "the rendezvous at " + where + " failed";
        throw DistributedError("The data-parallel run did not start: " + why + " (" +
                               engineText(e) + ")");
    }

    m_heartbeat = std::thread([this] { beat(); });

    try {
        auto options = c10d::ProcessGroupGloo::Options::create(timeout);
        // GLOO_SOCKET_IFNAME picks the network as in PyTorch; one machine's
        // run stays on loopback whatever the host name resolves to.
        const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
        if (interface && *interface)
            options->devices.push_back(c10d::ProcessGroupGloo::createDeviceForInterface(interface));
        else if (isLoopback(launch.masterAddress()))
            options->devices.push_back(
                c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
        else
            options->devices.push_back(c10d::ProcessGroupGloo::createDefaultDevice());
        auto prefixed = c10::make_intrusive<c10d::PrefixStore>("kinemark/gloo", m_store);
        m_group =
            c10::make_intrusive<c10d::ProcessGroupGloo>(prefixed, m_rank, m_worldSize, options);
    } catch (const DistributedError&) {
        throw;
    } catch (const std::exception& e) {
        explainFailure("connection of the ranks", engineText(e));
    }
}

GlooProcessGroup::~GlooProcessGroup()
{
    {
        std::lock_guard<std::mutex> lock(m_heartbeatMutex);
        m_stopping = true;
    }
    m_heartbeatWake.notify_all();
    if (m_heartbeat.joinable())
        m_heartbeat.join();
    m_group.reset();
    m_store.reset();
}

void GlooProcessGroup::beat()
{
    // Its own connection: the main thread's store client may be blocked in a
    // wait, and a stuck collective must not stop the beats.
    c10::intrusive_ptr<c10d::TCPStore> store;
    try {
        store = connectStore(m_launch, false, m_timeout);
    } catch (const std::exception&) {
        return;
    }
    std::unique_lock<std::mutex> lock(m_heartbeatMutex);
    while (!m_stopping) {
        try {
            store->add(heartbeatKey(m_rank), 1);
        } catch (const std::exception&) {
            return; // the store is gone: rank 0 left; the collectives will say so
        }
        m_heartbeatWake.wait_for(lock, heartbeatInterval, [this] { return m_stopping; });
    }
}

void GlooProcessGroup::finish(const c10::intrusive_ptr<c10d::Work>& work, const char* operation)
{
    try {
        work->wait(m_timeout);
    } catch (const std::exception& e) {
        explainFailure(operation, engineText(e));
    }
}

void GlooProcessGroup::broadcast(std::vector<torch::Tensor>& tensors, int root)
{
    if (m_worldSize == 1)
        return;
    c10d::BroadcastOptions options;
    options.rootRank = root;
    options.timeout = m_timeout;
    // c10d reads a list of tensors as one tensor's copies on several devices:
    // each tensor is a collective of its own.
    for (torch::Tensor& tensor : tensors) {
        std::vector<torch::Tensor> one{tensor};
        c10::intrusive_ptr<c10d::Work> work;
        try {
            work = m_group->broadcast(one, options);
        } catch (const std::exception& e) {
            explainFailure("broadcast", engineText(e));
        }
        finish(work, "broadcast");
    }
}

void GlooProcessGroup::allReduceSum(std::vector<torch::Tensor>& tensors)
{
    if (m_worldSize == 1)
        return;
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    options.timeout = m_timeout;
    for (torch::Tensor& tensor : tensors) {
        std::vector<torch::Tensor> one{tensor};
        c10::intrusive_ptr<c10d::Work> work;
        try {
            work = m_group->allreduce(one, options);
        } catch (const std::exception& e) {
            explainFailure("all-reduce", engineText(e));
        }
        finish(work, "all-reduce");
    }
}

void GlooProcessGroup::barrier()
{
    if (m_worldSize == 1)
        return;
    c10d::BarrierOptions options;
    options.timeout = m_timeout;
    c10::intrusive_ptr<c10d::Work> work;
    try {
        work = m_group->barrier(options);
    } catch (const std::exception& e) {
        explainFailure("barrier", engineText(e));
    }
    finish(work, "barrier");
}

void GlooProcessGroup::reportFailure(const std::string& why) noexcept
{
    try {
        m_store->set(failedKey(m_rank), std::vector<uint8_t>(why.begin(), why.end()));
    } catch (...) {
        // The store is gone too: the others will find this rank lost instead.
    }
}

void GlooProcessGroup::explainFailure(const char* operation, const std::string& engineMessage)
{
    const std::string head = std::string("Data-parallel training stopped: the ") + operation +
                             " on rank " + std::to_string(m_rank) + " of " +
                             std::to_string(m_worldSize) + " failed. ";
    const std::string tail = " (Gloo: " + engineMessage + ")";
    std::vector<int> others;
    for (int r = 0; r < m_worldSize; ++r)
        if (r != m_rank)
            others.push_back(r);
    try {
        // A rank that stopped on purpose said why.
        for (int r : others)
            if (m_store->check({failedKey(r)})) {
                const std::vector<uint8_t> why = m_store->get(failedKey(r));
                throw DistributedError(head + "Rank " + std::to_string(r) +
                                       " stopped: " + std::string(why.begin(), why.end()));
            }
        // Otherwise the ranks whose heartbeat stopped are the lost ones.
        std::vector<int64_t> before;
        for (int r : others)
            before.push_back(m_store->add(heartbeatKey(r), 0));
        std::this_thread::sleep_for(heartbeatWatch);
        std::vector<int> lost;
        for (size_t i = 0; i < others.size(); ++i)
            if (m_store->add(heartbeatKey(others[i]), 0) == before[i])
                lost.push_back(others[i]);
        if (!lost.empty())
            throw DistributedError(head + "Lost " + rankList(lost) +
                                   ": its process ended or stopped answering." + tail);
        throw DistributedError(head + "No rank was lost, but the " + operation +
                               " did not complete within " + seconds(m_timeout) + "." + tail);
    } catch (const DistributedError&) {
        throw;
    } catch (const std::exception&) {
        // The store itself is unreachable: rank 0 serves it.
        throw DistributedError(head + "Lost rank 0, which served the rendezvous store at " +
                               m_launch.masterAddress().toStdString() + ":" +
                               std::to_string(m_launch.masterPort()) +
                               ": its process ended or stopped answering." + tail);
    }
}

} // namespace kinemark
