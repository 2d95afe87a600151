#include "models/file/LegacyTorchArchive.h"

#include "core/base/FormatError.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QtEndian>
#include <algorithm>
#include <cstring>
#include <limits>
#include <zip.h>

namespace kinemark {

namespace {

// ---- the ZIP layer, from memory ------------------------------------------------------------

// A read-only view of a ZIP archive held in memory; every size it reports was
// checked against the bounds before anything is allocated for it.
class MemoryZip
{
public:
    MemoryZip(const QByteArray& bytes, const QString& source) : m_source(source)
    {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* src =
            zip_source_buffer_create(bytes.constData(), zip_uint64_t(bytes.size()), 0, &error);
        if (src)
            m_zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &error);
        if (!m_zip) {
            if (src)
                zip_source_free(src);
            const QString why = QString::fromUtf8(zip_error_strerror(&error));
            zip_error_fini(&error);
            throw FormatError(
                source, QStringLiteral("legacy weights: not a readable ZIP archive (%1)").arg(why));
        }
        zip_error_fini(&error);
        try {
            checkEntries(bytes.size());
        } catch (...) {
            zip_discard(m_zip); // the destructor of an object not constructed does not run
            throw;
        }
    }
    ~MemoryZip()
    {
        if (m_zip)
            zip_discard(m_zip);
    }
    MemoryZip(const MemoryZip&) = delete;
    MemoryZip& operator=(const MemoryZip&) = delete;

    // Every entry's name and size; their total bounded by the input's size.
    void checkEntries(qint64 inputBytes)
    {
        const zip_int64_t count = zip_get_num_entries(m_zip, 0);
        if (count < 0 || count > LegacyTorchArchive::kMaxArchiveEntries)
            throw fail(QStringLiteral("the archive claims %1 entries, more than the %2 allowed")
                           .arg(count)
                           .arg(LegacyTorchArchive::kMaxArchiveEntries));
        const qint64 budget = std::min(LegacyTorchArchive::kMaxUncompressedBytes,
                                       LegacyTorchArchive::kMaxExpansion * inputBytes + (1 << 20));
        qint64 total = 0;
        for (zip_int64_t i = 0; i < count; ++i) {
            zip_stat_t st;
            zip_stat_init(&st);
            if (zip_stat_index(m_zip, zip_uint64_t(i), 0, &st) != 0 ||
                !(st.valid & ZIP_STAT_NAME) || !(st.valid & ZIP_STAT_SIZE))
                throw fail(QStringLiteral("entry %1 of the archive cannot be read").arg(i));
            const QString name = QString::fromUtf8(st.name);
            if (st.size > zip_uint64_t(budget) || (total += qint64(st.size)) > budget)
                throw fail(QStringLiteral("entry '%1' would make the archive %2 bytes or more "
                                          "uncompressed, more than the %3 allowed for %4 bytes")
                               .arg(name)
                               .arg(st.size > zip_uint64_t(budget) ? qint64(st.size) : total)
                               .arg(budget)
                               .arg(inputBytes));
            m_sizes.insert(name, qint64(st.size));
            m_names << name;
        }
    }

    const QStringList& names() const { return m_names; }
    qint64 size(const QString& name) const { return m_sizes.value(name, -1); }

    // The whole entry; exactly the size its directory claims, or an error.
    QByteArray read(const QString& name) const
    {
        const qint64 expected = size(name);
        if (expected < 0)
            throw fail(QStringLiteral("the archive has no entry '%1'").arg(name));
        zip_file_t* file = zip_fopen(m_zip, name.toUtf8().constData(), 0);
        if (!file)
            throw fail(QStringLiteral("entry '%1' cannot be opened (%2)")
                           .arg(name, QString::fromUtf8(zip_strerror(m_zip))));
        QByteArray out(qsizetype(expected), Qt::Uninitialized);
        qint64 got = 0;
        char extra = 0;
        zip_int64_t n = 0;
        while (got < expected &&
               (n = zip_fread(file, out.data() + got, zip_uint64_t(expected - got))) > 0)
            got += n;
        if (n >= 0 && got == expected)
            n = zip_fread(file, &extra, 1); // must be the end
        const QString why = n < 0 ? QString::fromUtf8(zip_file_strerror(file)) : QString();
        zip_fclose(file);
        if (n < 0)
            throw fail(QStringLiteral("entry '%1' is damaged: %2").arg(name, why));
        if (got != expected || n > 0)
            throw fail(QStringLiteral("entry '%1' does not hold the %2 bytes its directory claims")
                           .arg(name)
                           .arg(expected));
        return out;
    }

    FormatError fail(const QString& what) const
    {
        return FormatError(m_source, QStringLiteral("legacy weights: ") + what);
    }

private:
    QString m_source;
    zip_t* m_zip = nullptr;
    QStringList m_names;
    QHash<QString, qint64> m_sizes;
};

// ---- the pickle machine ----------------------------------------------------------------

enum class StorageType
{
    Float,
    Long,
    Double
};

int storageElementSize(StorageType t)
{
    return t == StorageType::Float ? 4 : 8;
}

// Every value the pickle builds lives in one arena and refers to others by
// index: a hostile pickle can make cycles or deep structures, which then cost
// neither a recursive destructor nor a leak.
struct Value
{
    enum class Kind
    {
        None,
        Bool,
        Int,
        Float,
        String,
        Tuple,
        List,
        Dict,
        Global,
        Storage,
        Tensor,
        Object
    };
    Kind kind = Kind::None;
    int depth = 1; // nesting, for the bound
    int64_t integer = 0;
    double real = 0;
    QString text;                 // String; Global "module name"; Storage key; Object class
    std::vector<int> items;       // Tuple, List; Dict: key, value, key, value...
    QHash<QString, int> keyIndex; // Dict: position in items of a string key
    int state = -1;               // Object: its attribute dict
    // Storage
    StorageType storageType = StorageType::Float;
    int64_t storageElements = 0;
    // Tensor
    int storage = -1;
    int64_t offset = 0;
    std::vector<int64_t> shape, stride;
};

const char* kindName(Value::Kind k)
{
    switch (k) {
    case Value::Kind::None:
        return "None";
    case Value::Kind::Bool:
        return "a bool";
    case Value::Kind::Int:
        return "an int";
    case Value::Kind::Float:
        return "a float";
    case Value::Kind::String:
        return "a string";
    case Value::Kind::Tuple:
        return "a tuple";
    case Value::Kind::List:
        return "a list";
    case Value::Kind::Dict:
        return "a dict";
    case Value::Kind::Global:
        return "a global";
    case Value::Kind::Storage:
        return "a storage";
    case Value::Kind::Tensor:
        return "a tensor";
    case Value::Kind::Object:
        return "a module object";
    }
    return "?";
}

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

class PickleMachine
{
public:
    PickleMachine(const QByteArray& pickle, QString place, const MemoryZip& zip, QString prefix)
        : m_pickle(pickle), m_place(std::move(place)), m_zip(zip), m_prefix(std::move(prefix))
    {}

    // The object the pickle builds (STOP's value).
    int run();

    std::vector<Value> values;

private:
    [[noreturn]] void fail(const QString& what) const
    {
        throw m_zip.fail(QStringLiteral("%1, byte %2: %3").arg(m_place).arg(m_opAt).arg(what));
    }
    QString opName() const
    {
        return QStringLiteral("opcode 0x%1").arg(uchar(m_op), 2, 16, QLatin1Char('0'));
    }
    const char* take(qint64 n)
    {
        if (n < 0 || n > m_pickle.size() - m_at)
            fail(QStringLiteral("%1 runs past the end of the pickle").arg(opName()));
        const char* p = m_pickle.constData() + m_at;
        m_at += n;
        return p;
    }
    template <typename T> T takeLittleEndian() { return qFromLittleEndian<T>(take(sizeof(T))); }
    QString takeLine()
    {
        const qsizetype end = m_pickle.indexOf('\n', m_at);
        if (end < 0 || end - m_at > kMaxLine)
            fail(QStringLiteral("GLOBAL's name has no end within %1 bytes").arg(kMaxLine));
        const QString line = QString::fromUtf8(m_pickle.constData() + m_at, end - m_at);
        m_at = end + 1;
        return line;
    }
    QString takeString(qint64 length)
    {
        if (length < 0 || length > LegacyTorchArchive::kMaxStringLength)
            fail(QStringLiteral("a string of %1 bytes, more than the %2 allowed")
                     .arg(length)
                     .arg(LegacyTorchArchive::kMaxStringLength));
        const char* p = take(length);
        return QString::fromUtf8(p, qsizetype(length));
    }

    int make(Value v)
    {
        if (int(values.size()) >= LegacyTorchArchive::kMaxValues)
            fail(QStringLiteral("more than %1 values").arg(LegacyTorchArchive::kMaxValues));
        if (v.depth > LegacyTorchArchive::kMaxNesting)
            fail(QStringLiteral("values nested more than %1 deep")
                     .arg(LegacyTorchArchive::kMaxNesting));
        values.push_back(std::move(v));
        return int(values.size() - 1);
    }
    int makeSimple(Value::Kind kind, int64_t integer = 0)
    {
        Value v;
        v.kind = kind;
        v.integer = integer;
        return make(std::move(v));
    }
    void push(int value)
    {
        if (int(m_stack.size()) >= LegacyTorchArchive::kMaxStackDepth)
            fail(QStringLiteral("the stack grows beyond %1 values")
                     .arg(LegacyTorchArchive::kMaxStackDepth));
        m_stack.push_back(value);
    }
    int pop()
    {
        if (m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
            fail(QStringLiteral("%1 pops an empty stack").arg(opName()));
        const int v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    // The values above the last MARK, which is removed.
    std::vector<int> popToMark()
    {
        if (m_marks.empty())
            fail(QStringLiteral("%1 without a MARK").arg(opName()));
        const size_t mark = m_marks.back();
        m_marks.pop_back();
        std::vector<int> items(m_stack.begin() + long(mark), m_stack.end());
        m_stack.resize(mark);
        return items;
    }
    int top()
    {
        if (m_stack.empty() || m_stack.size() <= (m_marks.empty() ? 0 : m_marks.back()))
            fail(QStringLiteral("%1 needs a value on the stack").arg(opName()));
        return m_stack.back();
    }
    int makeTuple(const std::vector<int>& items)
    {
        Value v;
        v.kind = Value::Kind::Tuple;
        v.items = items;
        for (int i : items)
            v.depth = std::max(v.depth, values[size_t(i)].depth + 1);
        return make(std::move(v));
    }
    Value& as(int index, Value::Kind kind, const char* role)
    {
        Value& v = values[size_t(index)];
        if (v.kind != kind)
            fail(QStringLiteral("%1 is %2, not %3")
                     .arg(QLatin1String(role), QLatin1String(kindName(v.kind)),
                          QLatin1String(kindName(kind))));
        return v;
    }
    void grow(int container, int child)
    {
        Value& c = values[size_t(container)];
        c.depth = std::max(c.depth, values[size_t(child)].depth + 1);
        if (c.depth > LegacyTorchArchive::kMaxNesting)
            fail(QStringLiteral("values nested more than %1 deep")
                     .arg(LegacyTorchArchive::kMaxNesting));
    }
    void setItem(int dict, int key, int value)
    {
        Value& d = as(dict, Value::Kind::Dict, "SETITEM's target");
        if (values[size_t(key)].kind == Value::Kind::String) {
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
    void appendItem(int list, int value)
    {
        as(list, Value::Kind::List, "APPEND's target").items.push_back(value);
        grow(list, value);
    }
    void memoPut(quint32 index)
    {
        if (m_memo.size() >= LegacyTorchArchive::kMaxMemoEntries && !m_memo.contains(index))
            fail(QStringLiteral("more than %1 memo entries")
                     .arg(LegacyTorchArchive::kMaxMemoEntries));
        m_memo.insert(index, top());
    }
    void memoGet(quint32 index)
    {
        const auto found = m_memo.constFind(index);
        if (found == m_memo.constEnd())
            fail(QStringLiteral("memo entry %1 was never stored").arg(index));
        push(*found);
    }
    void global(const QString& module, const QString& name)
    {
        const QString g = module + QLatin1Char(' ') + name;
        if (!allowedGlobals().contains(g) && !isModuleClass(g))
            fail(QStringLiteral("global '%1' is not allowed (only LibTorch's tensor, storage and "
                                "module classes are read)")
                     .arg(g));
        Value v;
        v.kind = Value::Kind::Global;
        v.text = g;
        push(make(std::move(v)));
    }
    int64_t integerOf(int index, const char* role)
    {
        return as(index, Value::Kind::Int, role).integer;
    }
    std::vector<int64_t> integers(int tuple, const char* role)
    {
        std::vector<int64_t> out;
        const std::vector<int> items = as(tuple, Value::Kind::Tuple, role).items;
        if (items.size() > size_t(LegacyTorchArchive::kMaxDimensions))
            fail(QStringLiteral("%1 has %2 dimensions, more than %3")
                     .arg(QLatin1String(role))
                     .arg(items.size())
                     .arg(LegacyTorchArchive::kMaxDimensions));
        for (int i : items)
            out.push_back(integerOf(i, role));
        return out;
    }
    void persistentLoad();
    void reduce();
    void newObject();
    void build();
    int rebuildTensor(const std::vector<int>& args);

    static constexpr int kMaxLine = 256;
    const QByteArray& m_pickle;
    QString m_place;
    const MemoryZip& m_zip;
    QString m_prefix;
    qint64 m_at = 0, m_opAt = 0;
    char m_op = 0;
    std::vector<int> m_stack;
    std::vector<size_t> m_marks;
    QHash<quint32, int> m_memo;
};

void PickleMachine::persistentLoad()
{
    // ('storage', torch.FloatStorage, key, location, element count)
    const int pid = pop();
    const std::vector<int> items = as(pid, Value::Kind::Tuple, "BINPERSID's id").items;
    if (items.size() != 5 || values[size_t(items[0])].kind != Value::Kind::String ||
        values[size_t(items[0])].text != QLatin1String("storage"))
        fail(QStringLiteral("BINPERSID's id is not ('storage', type, key, location, size)"));
    const QString type = as(items[1], Value::Kind::Global, "the storage type").text;
    Value s;
    s.kind = Value::Kind::Storage;
    if (type == QLatin1String("torch FloatStorage"))
        s.storageType = StorageType::Float;
    else if (type == QLatin1String("torch LongStorage"))
        s.storageType = StorageType::Long;
    else if (type == QLatin1String("torch DoubleStorage"))
        s.storageType = StorageType::Double;
    else
        fail(QStringLiteral("storage type '%1' is not read").arg(type));
    s.text = as(items[2], Value::Kind::String, "the storage key").text;
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
    Value t;
    t.kind = Value::Kind::Tensor;
    t.storage = args[0];
    const Value& storage = as(args[0], Value::Kind::Storage, "the tensor's storage");
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
    const QString function = as(callable, Value::Kind::Global, "REDUCE's callable").text;
    const std::vector<int> arguments = as(args, Value::Kind::Tuple, "REDUCE's arguments").items;
    if (function == QLatin1String("torch._utils _rebuild_tensor_v2")) {
        push(rebuildTensor(arguments));
    } else if (function == QLatin1String("torch._utils _rebuild_parameter")) {
        if (arguments.empty())
            fail(QStringLiteral("_rebuild_parameter without a tensor"));
        as(arguments[0], Value::Kind::Tensor, "_rebuild_parameter's data");
        push(arguments[0]);
    } else if (function == QLatin1String("collections OrderedDict")) {
        if (!arguments.empty())
            fail(QStringLiteral("OrderedDict is built only empty here"));
        push(makeSimple(Value::Kind::Dict));
    } else {
        fail(QStringLiteral("REDUCE calls '%1', which is not a constructor read here")
                 .arg(function));
    }
}

void PickleMachine::newObject()
{
    const int args = pop();
    const int cls = pop();
    const QString name = as(cls, Value::Kind::Global, "NEWOBJ's class").text;
    if (!isModuleClass(name))
        fail(QStringLiteral("NEWOBJ of '%1', which is not a module class").arg(name));
    if (!as(args, Value::Kind::Tuple, "NEWOBJ's arguments").items.empty())
        fail(QStringLiteral("NEWOBJ of '%1' with arguments").arg(name));
    Value v;
    v.kind = Value::Kind::Object;
    v.text = name;
    push(make(std::move(v)));
}

void PickleMachine::build()
{
    const int state = pop();
    const int object = top();
    Value& o = as(object, Value::Kind::Object, "BUILD's object");
    if (o.state >= 0)
        fail(QStringLiteral("BUILD sets the state of '%1' twice").arg(o.text));
    if (values[size_t(state)].kind != Value::Kind::Dict)
        fail(QStringLiteral("BUILD gives '%1' %2 as its state: an object that restores itself "
                            "with its own __setstate__ code is not read")
                 .arg(o.text, QLatin1String(kindName(values[size_t(state)].kind))));
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
            global(as(module, Value::Kind::String, "STACK_GLOBAL's module").text,
                   as(name, Value::Kind::String, "STACK_GLOBAL's name").text);
            break;
        }
        case 'Q': // BINPERSID
            persistentLoad();
            break;
        case 'X': { // BINUNICODE
            Value v;
            v.kind = Value::Kind::String;
            v.text = takeString(takeLittleEndian<quint32>());
            push(make(std::move(v)));
            break;
        }
        case 0x8c: { // SHORT_BINUNICODE
            Value v;
            v.kind = Value::Kind::String;
            v.text = takeString(uchar(*take(1)));
            push(make(std::move(v)));
            break;
        }
        case 0x8d: { // BINUNICODE8
            const quint64 length = takeLittleEndian<quint64>();
            Value v;
            v.kind = Value::Kind::String;
            v.text = takeString(length > quint64(LegacyTorchArchive::kMaxStringLength)
                                    ? LegacyTorchArchive::kMaxStringLength + 1
                                    : qint64(length));
            push(make(std::move(v)));
            break;
        }
        case 'K': // BININT1
            push(makeSimple(Value::Kind::Int, uchar(*take(1))));
            break;
        case 'M': // BININT2
            push(makeSimple(Value::Kind::Int, takeLittleEndian<quint16>()));
            break;
        case 'J': // BININT
            push(makeSimple(Value::Kind::Int, takeLittleEndian<qint32>()));
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
            push(makeSimple(Value::Kind::Int, int64_t(u)));
            break;
        }
        case 'G': { // BINFLOAT, big-endian
            Value v;
            v.kind = Value::Kind::Float;
            const quint64 bits = qFromBigEndian<quint64>(take(8));
            std::memcpy(&v.real, &bits, sizeof bits);
            push(make(std::move(v)));
            break;
        }
        case 0x88: // NEWTRUE
            push(makeSimple(Value::Kind::Bool, 1));
            break;
        case 0x89: // NEWFALSE
            push(makeSimple(Value::Kind::Bool, 0));
            break;
        case 'N': // NONE
            push(makeSimple(Value::Kind::None));
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
            push(makeSimple(Value::Kind::Dict));
            break;
        case ']': // EMPTY_LIST
            push(makeSimple(Value::Kind::List));
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

// ---- from the module tree to named entries -----------------------------------------------

class TreeWalker
{
public:
    TreeWalker(const std::vector<Value>& values, const MemoryZip& zip, QString prefix,
               qint64 budget)
        : m_values(values), m_zip(zip), m_prefix(std::move(prefix)), m_budget(budget)
    {}

    void walk(int object, const QString& path, int depth)
    {
        const Value& o = m_values[size_t(object)];
        if (depth > LegacyTorchArchive::kMaxNesting)
            throw m_zip.fail(QStringLiteral("modules nested more than %1 deep at '%2'")
                                 .arg(LegacyTorchArchive::kMaxNesting)
                                 .arg(path.left(200)));
        if (m_visiting.contains(object))
            throw m_zip.fail(QStringLiteral("module '%1' contains itself").arg(path.left(200)));
        if (o.state < 0)
            return; // a module without state (ReLU, Dropout): nothing stored
        m_visiting.insert(object);
        const std::vector<int>& items = m_values[size_t(o.state)].items;
        for (size_t i = 0; i + 1 < items.size(); i += 2) {
            const Value& key = m_values[size_t(items[i])];
            const Value& value = m_values[size_t(items[i + 1])];
            if (key.kind != Value::Kind::String)
                throw m_zip.fail(QStringLiteral("module '%1' has an attribute named by %2")
                                     .arg(path, QLatin1String(kindName(key.kind))));
            const QString name = path.isEmpty() ? key.text : path + QLatin1Char('.') + key.text;
            if (value.kind == Value::Kind::Tensor)
                add(name, value);
            else if (value.kind == Value::Kind::Object)
                walk(items[i + 1], name, depth + 1);
            // Other attributes (flags, None for an absent bias) hold no weights.
        }
        m_visiting.remove(object);
    }

    TensorArchive archive;

private:
    const QByteArray& storageBytes(const Value& storage)
    {
        auto found = m_storages.find(storage.text);
        if (found == m_storages.end())
            found = m_storages.insert(
                storage.text, m_zip.read(m_prefix + QStringLiteral("/data/") + storage.text));
        return *found;
    }

    void add(const QString& name, const Value& t)
    {
        const Value& storage = m_values[size_t(t.storage)];
        TensorArchive::Entry e;
        e.name = name;
        e.shape = t.shape;
        e.dtype = storage.storageType == StorageType::Long ? TensorArchive::DType::Int64
                                                           : TensorArchive::DType::Float32;
        int64_t elements = 1;
        for (int64_t d : t.shape)
            elements *= d; // bounded to 2^31 when the tensor was built
        const qint64 bytes = elements * TensorArchive::elementSize(e.dtype);
        if ((m_written += bytes) > m_budget)
            throw m_zip.fail(QStringLiteral("tensor '%1' makes the weights %2 bytes, more than "
                                            "the %3 allowed for this archive")
                                 .arg(name)
                                 .arg(m_written)
                                 .arg(m_budget));
        if (m_names.contains(name))
            throw m_zip.fail(QStringLiteral("tensor '%1' appears twice").arg(name));
        m_names.insert(name);
        const QByteArray& raw = storageBytes(storage);
        const int inSize = storageElementSize(storage.storageType);
        e.data.resize(qsizetype(bytes));
        char* out = e.data.data();
        // Walk the view's elements in row-major order through its strides.
        std::vector<int64_t> index(t.shape.size(), 0);
        int64_t at = t.offset;
        for (int64_t n = 0; n < elements; ++n) {
            const char* in = raw.constData() + at * inSize;
            switch (storage.storageType) {
            case StorageType::Float:
            case StorageType::Long:
                std::memcpy(out, in, size_t(inSize));
                break;
            case StorageType::Double: {
                const float f = float(qFromLittleEndian<double>(in));
                std::memcpy(out, &f, sizeof f);
                break;
            }
            }
            out += TensorArchive::elementSize(e.dtype);
            for (size_t d = index.size(); d-- > 0;) {
                at += t.stride[d];
                if (++index[d] < t.shape[d])
                    break;
                at -= t.stride[d] * t.shape[d];
                index[d] = 0;
            }
        }
        archive.entries.push_back(std::move(e));
    }

    const std::vector<Value>& m_values;
    const MemoryZip& m_zip;
    QString m_prefix;
    qint64 m_budget;
    qint64 m_written = 0;
    QSet<int> m_visiting;
    QSet<QString> m_names;
    QHash<QString, QByteArray> m_storages;
};

} // namespace

bool LegacyTorchArchive::looksLikeLegacyArchive(const QByteArray& weights)
{
    return weights.startsWith("PK\x03\x04");
}

TensorArchive LegacyTorchArchive::read(const QByteArray& weights, const QString& source)
{
    const MemoryZip zip(weights, source);
    // LibTorch writes one top-level folder (named after the file, "archive"
    // for a stream) holding data.pkl.
    QString pickleName;
    for (const QString& name : zip.names()) {
        const QStringList parts = name.split(QLatin1Char('/'));
        if (parts.size() == 2 && parts[1] == QLatin1String("data.pkl") && !parts[0].isEmpty()) {
            if (!pickleName.isEmpty())
                throw zip.fail(QStringLiteral("the archive holds two pickles ('%1', '%2')")
                                   .arg(pickleName, name));
            pickleName = name;
        }
    }
    if (pickleName.isEmpty())
        throw zip.fail(QStringLiteral("the archive holds no <folder>/data.pkl: not a LibTorch "
                                      "module archive"));
    if (zip.size(pickleName) > kMaxPickleBytes)
        throw zip.fail(QStringLiteral("'%1' is %2 bytes, more than the %3 allowed")
                           .arg(pickleName)
                           .arg(zip.size(pickleName))
                           .arg(kMaxPickleBytes));
    const QString prefix = pickleName.section(QLatin1Char('/'), 0, 0);
    const QByteArray pickle = zip.read(pickleName);
    PickleMachine machine(pickle, pickleName, zip, prefix);
    const int root = machine.run();
    if (machine.values[size_t(root)].kind != Value::Kind::Object)
        throw zip.fail(
            QStringLiteral("'%1' holds %2, not a module")
                .arg(pickleName, QLatin1String(kindName(machine.values[size_t(root)].kind))));
    // The converted weights can be no larger than the storages they come from,
    // but for views sharing a storage: twice the input plus 1 MiB covers those.
    TreeWalker walker(machine.values, zip, prefix, 2 * qint64(weights.size()) + (1 << 20));
    walker.walk(root, QString(), 0);
    return std::move(walker.archive);
}

} // namespace kinemark
