#include "models/file/legacy/PickleMachine.h"

#include "models/file/LegacyTorchArchive.h"

#include <QRegularExpression>
#include <QSet>
#include <algorithm>

namespace kinemark {

namespace {

const QSet<QString>& allowedGlobals()
{
    static const QSet<QString> globals{QStringLiteral("torch._utils _rebuild_tensor_v2"),
                                       QStringLiteral("torch._utils _rebuild_parameter"),
                                       QStringLiteral("collections OrderedDict"),
                                       QStringLiteral("torch FloatStorage"),
                                       QStringLiteral("torch LongStorage"),
                                       QStringLiteral("torch DoubleStorage")};
    return globals;
}

bool isModuleClass(const QString& global)
{
    // "__torch__ Module", "__torch__.___torch_mangle_3 Module": TorchScript's
    // names for the archive's module classes; they become attribute dicts.
    return global.startsWith(QLatin1String("__torch__ ")) ||
           global.startsWith(QLatin1String("__torch__."));
}

} // namespace

PickleMachine::PickleMachine(const QByteArray& pickle, QString place, const LegacyZipArchive& zip,
                             QString prefix)
    : m_pickle(pickle), m_place(std::move(place)), m_zip(zip), m_prefix(std::move(prefix))
{}

void PickleMachine::fail(const QString& what) const
{
    throw m_zip.fail(QStringLiteral("%1, byte %2: %3").arg(m_place).arg(m_opAt).arg(what));
}

QString PickleMachine::opName() const
{
    return QStringLiteral("opcode 0x%1").arg(uchar(m_op), 2, 16, QLatin1Char('0'));
}

const char* PickleMachine::take(qint64 n)
{
    if (n < 0 || n > m_pickle.size() - m_at)
        fail(QStringLiteral("%1 runs past the end of the pickle").arg(opName()));
    const char* p = m_pickle.constData() + m_at;
    m_at += n;
    return p;
}

QString PickleMachine::takeLine()
{
    const qsizetype end = m_pickle.indexOf('\n', m_at);
    if (end < 0 || end - m_at > kMaxLine)
        fail(QStringLiteral("GLOBAL's name has no end within %1 bytes").arg(kMaxLine));
    const QString line = QString::fromUtf8(m_pickle.constData() + m_at, end - m_at);
    m_at = end + 1;
    return line;
}

QString PickleMachine::takeString(qint64 length)
{
    if (length < 0 || length > LegacyTorchArchive::kMaxStringLength)
        fail(QStringLiteral("a string of %1 bytes, more than the %2 allowed")
                 .arg(length)
                 .arg(LegacyTorchArchive::kMaxStringLength));
    const char* p = take(length);
    return QString::fromUtf8(p, qsizetype(length));
}

int PickleMachine::make(PickleValue v)
{
    if (int(values.size()) >= LegacyTorchArchive::kMaxValues)
        fail(QStringLiteral("more than %1 values").arg(LegacyTorchArchive::kMaxValues));
    if (v.depth > LegacyTorchArchive::kMaxNesting)
        fail(
            QStringLiteral("values nested more than %1 deep").arg(LegacyTorchArchive::kMaxNesting));
    values.push_back(std::move(v));
    return int(values.size() - 1);
}

int PickleMachine::makeSimple(PickleValue::Kind kind, int64_t integer)
{
    PickleValue v;
    v.kind = kind;
    v.integer = integer;
    return make(std::move(v));
}

void PickleMachine::push(int value)
{
    if (int(m_stack.size()) >= LegacyTorchArchive::kMaxStackDepth)
        fail(QStringLiteral("the stack grows beyond %1 values")
                 .arg(LegacyTorchArchive::kMaxStackDepth));
    m_stack.push_back(value);
}

int PickleMachine::pop()
{
    if (m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
        fail(QStringLiteral("%1 pops an empty stack").arg(opName()));
    const int v = m_stack.back();
    m_stack.pop_back();
    return v;
}

std::vector<int> PickleMachine::popToMark()
{
    if (m_marks.empty())
        fail(QStringLiteral("%1 without a MARK").arg(opName()));
    const size_t mark = m_marks.back();
    m_marks.pop_back();
    std::vector<int> items(m_stack.begin() + long(mark), m_stack.end());
    m_stack.resize(mark);
    return items;
}

int PickleMachine::top()
{
    if (m_stack.empty() || m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
        fail(QStringLiteral("%1 needs a value on the stack").arg(opName()));
    return m_stack.back();
}

int PickleMachine::makeTuple(const std::vector<int>& items)
{
    PickleValue v;
    v.kind = PickleValue::Kind::Tuple;
    v.items = items;
    for (int i : items)
        v.depth = std::max(v.depth, values[size_t(i)].depth + 1);
    return make(std::move(v));
}

PickleValue& PickleMachine::as(int index, PickleValue::Kind kind, const char* role)
{
    PickleValue& v = values[size_t(index)];
    if (v.kind != kind)
        fail(QStringLiteral("%1 is %2, not %3")
                 .arg(QLatin1String(role), QLatin1String(pickleKindName(v.kind)),
                      QLatin1String(pickleKindName(kind))));
    return v;
}

void PickleMachine::grow(int container, int child)
{
    PickleValue& c = values[size_t(container)];
    c.depth = std::max(c.depth, values[size_t(child)].depth + 1);
    if (c.depth > LegacyTorchArchive::kMaxNesting)
        fail(
            QStringLiteral("values nested more than %1 deep").arg(LegacyTorchArchive::kMaxNesting));
}

void PickleMachine::setItem(int dict, int key, int value)
{
    PickleValue& d = as(dict, PickleValue::Kind::Dict, "SETITEM's target");
    if (values[size_t(key)].kind == PickleValue::Kind::String) {
        const QString& k = values[size_t(key)].text;
        const auto found = d.keyIndex.constFind(k);
        if (found != d.keyIndex.constEnd()) {
            d.items[size_t(*found) + 1] = value;
            grow(dict, value);
            return;
        }
        d.keyIndex.insert(k, int(d.items.size()));
    }
    d.items.push_back(key);
    d.items.push_back(value);
    grow(dict, key);
    grow(dict, value);
}

void PickleMachine::appendItem(int list, int value)
{
    as(list, PickleValue::Kind::List, "APPEND's target").items.push_back(value);
    grow(list, value);
}

void PickleMachine::memoPut(quint32 index)
{
    if (m_memo.size() >= LegacyTorchArchive::kMaxMemoEntries && !m_memo.contains(index))
        fail(QStringLiteral("more than %1 memo entries").arg(LegacyTorchArchive::kMaxMemoEntries));
    m_memo.insert(index, top());
}

void PickleMachine::memoGet(quint32 index)
{
    const auto found = m_memo.constFind(index);
    if (found == m_memo.constEnd())
        fail(QStringLiteral("memo entry %1 was never stored").arg(index));
    push(*found);
}

void PickleMachine::global(const QString& module, const QString& name)
{
    const QString g = module + QLatin1Char(' ') + name;
    if (!allowedGlobals().contains(g) && !isModuleClass(g))
        fail(QStringLiteral("global '%1' is not allowed (only LibTorch's tensor, storage and "
                            "module classes are read)")
                 .arg(g));
    PickleValue v;
    v.kind = PickleValue::Kind::Global;
    v.text = g;
    push(make(std::move(v)));
}

int64_t PickleMachine::integerOf(int index, const char* role)
{
    return as(index, PickleValue::Kind::Int, role).integer;
}

std::vector<int64_t> PickleMachine::integers(int tuple, const char* role)
{
    std::vector<int64_t> out;
    const std::vector<int> items = as(tuple, PickleValue::Kind::Tuple, role).items;
    if (items.size() > size_t(LegacyTorchArchive::kMaxDimensions))
        fail(QStringLiteral("%1 has %2 dimensions, more than %3")
                 .arg(QLatin1String(role))
                 .arg(items.size())
                 .arg(LegacyTorchArchive::kMaxDimensions));
    for (int i : items)
        out.push_back(integerOf(i, role));
    return out;
}

void PickleMachine::persistentLoad()
{
    // ('storage', torch.FloatStorage, key, location, element count)
    const int pid = pop();
    const std::vector<int> items = as(pid, PickleValue::Kind::Tuple, "BINPERSID's id").items;
    if (items.size() != 5 || values[size_t(items[0])].kind != PickleValue::Kind::String ||
        values[size_t(items[0])].text != QLatin1String("storage"))
        fail(QStringLiteral("BINPERSID's id is not ('storage', type, key, location, size)"));
    const QString type = as(items[1], PickleValue::Kind::Global, "the storage type").text;
    PickleValue s;
    s.kind = PickleValue::Kind::Storage;
    if (type == QLatin1String("torch FloatStorage"))
        s.storageType = PickleStorageType::Float;
    else if (type == QLatin1String("torch LongStorage"))
        s.storageType = PickleStorageType::Long;
    else if (type == QLatin1String("torch DoubleStorage"))
        s.storageType = PickleStorageType::Double;
    else
        fail(QStringLiteral("storage type '%1' is not read").arg(type));
    s.text = as(items[2], PickleValue::Kind::String, "the storage key").text;
    static const QRegularExpression keyPattern(QStringLiteral("^[A-Za-z0-9_]{1,32}$"));
    if (!keyPattern.match(s.text).hasMatch())
        fail(QStringLiteral("storage key '%1' is not a plain name").arg(s.text.left(40)));
    s.storageElements = integerOf(items[4], "the storage size");
    const QString entry = m_prefix + QStringLiteral("/data/") + s.text;
    const qint64 fileBytes = m_zip.size(entry);
    if (fileBytes < 0)
        fail(QStringLiteral("storage '%1' has no entry '%2' in the archive").arg(s.text, entry));
    if (s.storageElements < 0 || s.storageElements > fileBytes / storageElementSize(s.storageType))
        fail(QStringLiteral("storage '%1' claims %2 elements, its entry holds %3 bytes")
                 .arg(s.text)
                 .arg(s.storageElements)
                 .arg(fileBytes));
    push(make(std::move(s)));
}

int PickleMachine::rebuildTensor(const std::vector<int>& args)
{
    // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])
    if (args.size() < 4 || args.size() > 7)
        fail(QStringLiteral("_rebuild_tensor_v2 takes 6 or 7 arguments, not %1").arg(args.size()));
    PickleValue t;
    t.kind = PickleValue::Kind::Tensor;
    t.storage = args[0];
    const PickleValue& storage = as(args[0], PickleValue::Kind::Storage, "the tensor's storage");
    t.offset = integerOf(args[1], "the tensor's offset");
    t.shape = integers(args[2], "the tensor's size");
    t.stride = integers(args[3], "the tensor's stride");
    if (t.shape.size() != t.stride.size())
        fail(QStringLiteral("a tensor of %1 dimensions has %2 strides")
                 .arg(t.shape.size())
                 .arg(t.stride.size()));
    const int64_t available = storage.storageElements;
    if (t.offset < 0 || t.offset > available)
        fail(QStringLiteral("tensor offset %1 is outside its storage of %2 elements")
                 .arg(t.offset)
                 .arg(available));
    int64_t elements = 1;
    for (size_t d = 0; d < t.shape.size(); ++d) {
        if (t.shape[d] < 0 || t.stride[d] < 0 || t.stride[d] > available)
            fail(QStringLiteral("tensor dimension %1 has size %2 and stride %3 (storage of %4 "
                                "elements)")
                     .arg(d)
                     .arg(t.shape[d])
                     .arg(t.stride[d])
                     .arg(available));
        if (t.shape[d] > std::numeric_limits<int32_t>::max() ||
            (t.shape[d] > 0 && elements > std::numeric_limits<int32_t>::max() / t.shape[d]))
            fail(QStringLiteral("a tensor of more than 2^31 elements"));
        elements *= t.shape[d];
    }
    // The last element the view reaches must lie in the storage. Each term is
    // below 2^31 times the storage's size and the sum is checked as it grows:
    // nothing overflows.
    int64_t last = t.offset;
    for (size_t d = 0; elements > 0 && d < t.shape.size(); ++d)
        if ((last += (t.shape[d] - 1) * t.stride[d]) >= available)
            break;
    if (elements > 0 && last >= available)
        fail(QStringLiteral("the tensor's view reaches element %1 of a storage of %2")
                 .arg(last)
                 .arg(available));
    return make(std::move(t));
}

void PickleMachine::reduce()
{
    const int args = pop();
    const int callable = pop();
    const QString function = as(callable, PickleValue::Kind::Global, "REDUCE's callable").text;
    const std::vector<int> arguments =
        as(args, PickleValue::Kind::Tuple, "REDUCE's arguments").items;
    if (function == QLatin1String("torch._utils _rebuild_tensor_v2")) {
        push(rebuildTensor(arguments));
    } else if (function == QLatin1String("torch._utils _rebuild_parameter")) {
        if (arguments.empty())
            fail(QStringLiteral("_rebuild_parameter without a tensor"));
        as(arguments[0], PickleValue::Kind::Tensor, "_rebuild_parameter's data");
        push(arguments[0]);
    } else if (function == QLatin1String("collections OrderedDict")) {
        if (!arguments.empty())
            fail(QStringLiteral("OrderedDict is built only empty here"));
        push(makeSimple(PickleValue::Kind::Dict));
    } else {
        fail(QStringLiteral("REDUCE calls '%1', which is not a constructor read here")
                 .arg(function));
    }
}

void PickleMachine::newObject()
{
    const int args = pop();
    const int cls = pop();
    const QString name = as(cls, PickleValue::Kind::Global, "NEWOBJ's class").text;
    if (!isModuleClass(name))
        fail(QStringLiteral("NEWOBJ of '%1', which is not a module class").arg(name));
    if (!as(args, PickleValue::Kind::Tuple, "NEWOBJ's arguments").items.empty())
        fail(QStringLiteral("NEWOBJ of '%1' with arguments").arg(name));
    PickleValue v;
    v.kind = PickleValue::Kind::Object;
    v.text = name;
    push(make(std::move(v)));
}

void PickleMachine::build()
{
    const int state = pop();
    const int object = top();
    PickleValue& o = as(object, PickleValue::Kind::Object, "BUILD's object");
    if (o.state >= 0)
        fail(QStringLiteral("BUILD sets the state of '%1' twice").arg(o.text));
    if (values[size_t(state)].kind != PickleValue::Kind::Dict)
        fail(QStringLiteral("BUILD gives '%1' %2 as its state: an object that restores itself "
                            "with its own __setstate__ code is not read")
                 .arg(o.text, QLatin1String(pickleKindName(values[size_t(state)].kind))));
    o.state = state;
    grow(object, state);
}

int PickleMachine::run()
{
    while (m_at < m_pickle.size()) {
        m_opAt = m_at;
        m_op = *take(1);
        switch (uchar(m_op)) {
        case 0x80: { // PROTO
            const int protocol = uchar(*take(1));
            if (protocol < 2 || protocol > 5)
                fail(QStringLiteral("pickle protocol %1 is not read").arg(protocol));
            break;
        }
        case 0x95: // FRAME: a length hint only
            take(8);
            break;
        case 'c': { // GLOBAL
            const QString module = takeLine();
            const QString name = takeLine();
            global(module, name);
            break;
        }
        case 0x93: { // STACK_GLOBAL
            const int name = pop();
            const int module = pop();
            global(as(module, PickleValue::Kind::String, "STACK_GLOBAL's module").text,
                   as(name, PickleValue::Kind::String, "STACK_GLOBAL's name").text);
            break;
        }
        case 'Q': // BINPERSID
            persistentLoad();
            break;
        case 'X': { // BINUNICODE
            PickleValue v;
            v.kind = PickleValue::Kind::String;
            v.text = takeString(takeLittleEndian<quint32>());
            push(make(std::move(v)));
            break;
        }
        case 0x8c: { // SHORT_BINUNICODE
            PickleValue v;
            v.kind = PickleValue::Kind::String;
            v.text = takeString(uchar(*take(1)));
            push(make(std::move(v)));
            break;
        }
        case 0x8d: { // BINUNICODE8
            const quint64 length = takeLittleEndian<quint64>();
            PickleValue v;
            v.kind = PickleValue::Kind::String;
            v.text = takeString(length > quint64(LegacyTorchArchive::kMaxStringLength)
                                    ? LegacyTorchArchive::kMaxStringLength + 1
                                    : qint64(length));
            push(make(std::move(v)));
            break;
        }
        case 'K': // BININT1
            push(makeSimple(PickleValue::Kind::Int, uchar(*take(1))));
            break;
        case 'M': // BININT2
            push(makeSimple(PickleValue::Kind::Int, takeLittleEndian<quint16>()));
            break;
        case 'J': // BININT
            push(makeSimple(PickleValue::Kind::Int, takeLittleEndian<qint32>()));
            break;
        case 0x8a: { // LONG1: little-endian two's complement of n bytes
            const int n = uchar(*take(1));
            if (n > 8)
                fail(QStringLiteral("LONG1 of %1 bytes does not fit 64 bits").arg(n));
            const char* p = take(n);
            uint64_t u = 0;
            for (int i = 0; i < n; ++i)
                u |= uint64_t(uchar(p[i])) << (8 * i);
            if (n > 0 && n < 8 && (uchar(p[n - 1]) & 0x80))
                u |= ~uint64_t(0) << (8 * n);
            push(makeSimple(PickleValue::Kind::Int, int64_t(u)));
            break;
        }
        case 'G': { // BINFLOAT, big-endian
            PickleValue v;
            v.kind = PickleValue::Kind::Float;
            const quint64 bits = qFromBigEndian<quint64>(take(8));
            std::memcpy(&v.real, &bits, sizeof bits);
            push(make(std::move(v)));
            break;
        }
        case 0x88: // NEWTRUE
            push(makeSimple(PickleValue::Kind::Bool, 1));
            break;
        case 0x89: // NEWFALSE
            push(makeSimple(PickleValue::Kind::Bool, 0));
            break;
        case 'N': // NONE
            push(makeSimple(PickleValue::Kind::None));
            break;
        case ')': // EMPTY_TUPLE
            push(makeTuple({}));
            break;
        case 0x85:   // TUPLE1
        case 0x86:   // TUPLE2
        case 0x87: { // TUPLE3
            std::vector<int> items(size_t(uchar(m_op) - 0x84));
            for (size_t i = items.size(); i-- > 0;)
                items[i] = pop();
            push(makeTuple(items));
            break;
        }
        case 't': // TUPLE
            push(makeTuple(popToMark()));
            break;
        case '}': // EMPTY_DICT
            push(makeSimple(PickleValue::Kind::Dict));
            break;
        case ']': // EMPTY_LIST
            push(makeSimple(PickleValue::Kind::List));
            break;
        case '(': // MARK
            if (int(m_marks.size()) >= LegacyTorchArchive::kMaxStackDepth)
                fail(QStringLiteral("more than %1 MARKs").arg(LegacyTorchArchive::kMaxStackDepth));
            m_marks.push_back(m_stack.size());
            break;
        case 's': { // SETITEM
            const int value = pop();
            const int key = pop();
            setItem(top(), key, value);
            break;
        }
        case 'u': { // SETITEMS
            const std::vector<int> items = popToMark();
            if (items.size() % 2 != 0)
                fail(QStringLiteral("SETITEMS with an odd number of values"));
            const int dict = top();
            for (size_t i = 0; i < items.size(); i += 2)
                setItem(dict, items[i], items[i + 1]);
            break;
        }
        case 'a': { // APPEND
            const int value = pop();
            appendItem(top(), value);
            break;
        }
        case 'e': { // APPENDS
            const std::vector<int> items = popToMark();
            const int list = top();
            for (int v : items)
                appendItem(list, v);
            break;
        }
        case 'q': // BINPUT
            memoPut(uchar(*take(1)));
            break;
        case 'r': // LONG_BINPUT
            memoPut(takeLittleEndian<quint32>());
            break;
        case 0x94: // MEMOIZE
            memoPut(quint32(m_memo.size()));
            break;
        case 'h': // BINGET
            memoGet(uchar(*take(1)));
            break;
        case 'j': // LONG_BINGET
            memoGet(takeLittleEndian<quint32>());
            break;
        case 'R': // REDUCE
            reduce();
            break;
        case 0x81: // NEWOBJ
            newObject();
            break;
        case 'b': // BUILD
            build();
            break;
        case '.': { // STOP
            const int result = pop();
            return result;
        }
        default:
            fail(QStringLiteral("%1 is not one LibTorch's module archives use").arg(opName()));
        }
    }
    m_opAt = m_at;
    fail(QStringLiteral("the pickle ends without STOP"));
}

} // namespace kinemark
