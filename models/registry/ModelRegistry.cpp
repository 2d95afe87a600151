#include "models/registry/ModelRegistry.h"

#include <QtNumeric>
#include <cmath>
#include <stdexcept>

namespace kinemark {

namespace {
// The hyperparameters' ranges. Generous around the papers' values (a study
// may well try ten times more epochs or a window of minutes), bounded where
// a value sizes a network or an allocation: together with the 100 M bound on
// parameters (ParameterCount) no file or --set can ask for a network that
// does not fit in memory. Shared names mean the same thing in every model;
// where they do not, the model's own entry follows.
QMap<QString, HyperparameterRange> rangesFor(const QString& id)
{
    using R = HyperparameterRange;
    QMap<QString, R> r{
        // Windows and training, every model.
        {QStringLiteral("window_length"), R{1, 65536}}, // samples: 22 min at 50 Hz
        {QStringLiteral("stride"), R{1, 65536}},
        {QStringLiteral("epochs"), R{1, 100000}},
        {QStringLiteral("batch"), R{1, 65536}},
        {QStringLiteral("lr"), R{1e-9, 10}},
        {QStringLiteral("patience"), R{0, 100000}},
        {QStringLiteral("max_unlabelled"), R{0, 1}},
        {QStringLiteral("dropout"), R{0, 1, true}},
        {QStringLiteral("weight_decay"), R{0, 10}},
        {QStringLiteral("temperature"), R{1e-3, 100}},
        // cnn-center
        {QStringLiteral("center_lambda"), R{0, 1000}},
        {QStringLiteral("center_alpha"), R{0, 1}},
        // resnet-supcon
        {QStringLiteral("supcon_lambda"), R{0, 1000}},
        {QStringLiteral("projection_hidden"), R{1, 8192}},
        {QStringLiteral("augment_p"), R{0, 1}},
        {QStringLiteral("jitter_sigma"), R{0, 100}},
        {QStringLiteral("scale_sigma"), R{0, 100}},
        {QStringLiteral("permutation_segments"), R{1, 1024}},
        // mstcn (layers: dilations up to 2^15)
        {QStringLiteral("stages"), R{1, 16}},
        {QStringLiteral("layers"), R{1, 16}},
        {QStringLiteral("features"), R{1, 4096}},
        {QStringLiteral("chunk_length"), R{1, 1 << 20}},
        {QStringLiteral("smoothing"), R{0, 1000}},
        {QStringLiteral("contrast_lambda"), R{0, 1000}},
        {QStringLiteral("projection_dim"), R{1, 4096}},
        {QStringLiteral("examples_per_class"), R{1, 65536}},
        {QStringLiteral("boundary_radius"), R{0, 65536}},
        // usad (blocks halve the time axis each)
        {QStringLiteral("width"), R{1, 4096}},
        {QStringLiteral("blocks"), R{0, 16}},
        {QStringLiteral("cardinality"), R{1, 64}},
        {QStringLiteral("radix"), R{1, 64}},
        {QStringLiteral("loss_step"), R{0, 1}},
        {QStringLiteral("ce_weight"), R{0, 1000}},
        {QStringLiteral("focal_weight"), R{0, 1000}},
        {QStringLiteral("smoothing_weight"), R{0, 1000}},
        {QStringLiteral("focal_gamma"), R{0, 100}},
        {QStringLiteral("focal_alpha"), R{0, 1}},
        {QStringLiteral("synthetic_per_class"), R{0, 1e6}},
        {QStringLiteral("pretrain_epochs"), R{0, 100000}},
        {QStringLiteral("diffusion_epochs"), R{0, 100000}},
        {QStringLiteral("diffusion_steps"), R{1, 100000}},
        {QStringLiteral("diffusion_sampling_steps"), R{1, 100000}},
        {QStringLiteral("diffusion_width"), R{2, 4096}},
        {QStringLiteral("diffusion_blocks"), R{1, 64}},
        {QStringLiteral("diffusion_lr"), R{1e-9, 10}},
        // usad-diffusion
        {QStringLiteral("sampling_steps"), R{1, 100000}},
        {QStringLiteral("clip"), R{1e-3, 1e6}},
        // selfpab, selfpab-pretrain (the paper: d_model 1500, 4 layers, 6 heads, 2048)
        {QStringLiteral("d_model"), R{1, 8192}},
        {QStringLiteral("heads"), R{1, 256}},
        {QStringLiteral("feed_forward"), R{1, 65536}},
        {QStringLiteral("window_frames"), R{1, 65536}},
        {QStringLiteral("stride_frames"), R{1, 65536}},
        {QStringLiteral("final_lr"), R{0, 10}},
        {QStringLiteral("warmup"), R{0, 1}},
        {QStringLiteral("beta2"), R{0, 1, true}},
        {QStringLiteral("time_proportion"), R{0, 1}},
        {QStringLiteral("time_width"), R{0, 65536}},
        {QStringLiteral("zero_probability"), R{0, 1}},
        {QStringLiteral("swap_probability"), R{0, 1}},
        {QStringLiteral("frequency_probability"), R{0, 1}},
        {QStringLiteral("frequency_width"), R{0, 65536}},
        {QStringLiteral("head_hidden"), R{1, 65536}},
        {QStringLiteral("frozen_fraction"), R{0, 1}},
        {QStringLiteral("lr_decay"), R{0, 1}},
    };
    if (id == QLatin1String("usad")) {
        r[QStringLiteral("smoothing")] = R{0, 1, true}; // label smoothing, not a loss weight
    } else if (id == QLatin1String("usad-diffusion")) {
        r[QStringLiteral("width")] = R{2, 4096}; // even: half sine, half cosine time features
        r[QStringLiteral("blocks")] = R{1, 64};
    } else if (id.startsWith(QLatin1String("selfpab"))) {
        r[QStringLiteral("layers")] = R{1, 48};
    }
    return r;
}

// `value` as hyperparameter `key` of model `id`, typed as its default `def`
// and in its range; throws std::invalid_argument naming all three.
QVariant checkedValue(const ModelInfo& info, const QString& key, const QVariant& value,
                      const QVariant& def)
{
    const bool integer = def.typeId() == QMetaType::Int;
    bool ok = false;
    QVariant out;
    double number = 0;
    if (def.typeId() == QMetaType::Bool) {
        const QString s = value.toString().toLower();
        ok = value.typeId() == QMetaType::Bool || s == "true" || s == "false" || s == "1" ||
             s == "0";
        out = value.typeId() == QMetaType::Bool ? value.toBool() : (s == "true" || s == "1");
    } else {
        number = value.typeId() == QMetaType::Bool ? qQNaN() : value.toDouble(&ok);
        ok = ok && std::isfinite(number) && (!integer || number == std::floor(number));
    }
    if (!ok)
        throw std::invalid_argument(QStringLiteral("hyperparameter '%1' of '%2' needs %3, not '%4'")
                                        .arg(key, info.id,
                                             integer ? QStringLiteral("an integer")
                                             : def.typeId() == QMetaType::Bool
                                                 ? QStringLiteral("true or false")
                                                 : QStringLiteral("a number"),
                                             value.toString())
                                        .toStdString());
    if (def.typeId() == QMetaType::Bool)
        return out;
    const HyperparameterRange range = info.ranges.value(key);
    if (!range.contains(number))
        throw std::invalid_argument(
            QStringLiteral("hyperparameter '%1' of '%2' is %3, outside its range %4")
                .arg(key, info.id, value.toString(), range.text())
                .toStdString());
    return integer ? QVariant(int(number)) : QVariant(number);
}

std::vector<ModelInfo> withRanges(std::vector<ModelInfo> models)
{
    for (ModelInfo& m : models)
        m.ranges = rangesFor(m.id);
    return models;
}
} // namespace

QString HyperparameterRange::text() const
{
    return maxExclusive ? QStringLiteral("%1..%2 (%2 excluded)").arg(min).arg(max)
                        : QStringLiteral("%1..%2").arg(min).arg(max);
}

const std::vector<ModelInfo>& ModelRegistry::models()
{
    // Defaults from ../shared/docs/reference-notes.md. Where a paper leaves a
    // value open the choice is said here. Common to all window models:
    // window_length/stride in samples, epochs, batch, lr, patience (early
    // stopping in epochs without a better validation macro F1), max_unlabelled
    // (fraction of unlabelled samples a training window may hold).
    static const std::vector<ModelInfo> registry = withRanges({
        ModelInfo{
            QStringLiteral("cnn-center"),
            QStringLiteral("1D CNN + center loss"),
            QStringLiteral("seed 004: 1D CNN with center loss on the 64-d embedding (UCI HAR)"),
            ModelInfo::Input::Windows,
            QVariantMap{
                {QStringLiteral("window_length"), 128}, // 2.56 s at 50 Hz
                {QStringLiteral("stride"), 64},         // 50 % overlap
                {QStringLiteral("epochs"), 300},
                {QStringLiteral("batch"), 32},
                {QStringLiteral("lr"), 0.001}, // Adam
                {QStringLiteral("center_lambda"), 0.01},
                {QStringLiteral("center_alpha"), 0.1}, // the centers' own update rate
                {QStringLiteral("patience"), 20},      // not in the paper: 300 epochs are long
                {QStringLiteral("max_unlabelled"), 0.0},
            },
            QStringLiteral(
                "Conv1d 3x64, 3x64, max-pool; 3x128 (three), max-pool; FC 512, 256, "
                "64 (embedding), classes; LeakyReLU; cross-entropy + lambda x center loss."),
        },
        ModelInfo{
            QStringLiteral("resnet-supcon"),
            QStringLiteral("ResNet + multi-task supervised contrastive learning"),
            QStringLiteral("seed 001: ResNet encoder, classifier and projection heads; SupCon "
                           "with positives of the same activity from other users"),
            ModelInfo::Input::Windows,
            QVariantMap{
                {QStringLiteral("window_length"), 50}, // 1 s
                {QStringLiteral("stride"), 25},        // 50 % overlap
                {QStringLiteral("epochs"), 100},       // not given in the notes
                {QStringLiteral("batch"), 256},
                {QStringLiteral("lr"), 0.001}, // AdamW
                {QStringLiteral("weight_decay"), 0.01},
                {QStringLiteral("supcon_lambda"), 0.3}, // the paper: best below 0.5
                {QStringLiteral("temperature"), 0.1},
                {QStringLiteral("projection_hidden"), 256},
                {QStringLiteral("dropout"), 0.2},
                {QStringLiteral("augment_p"), 0.5},     // each augmentation but jitter
                {QStringLiteral("jitter_sigma"), 0.05}, // on normalised input
                {QStringLiteral("scale_sigma"), 0.1},
                {QStringLiteral("permutation_segments"), 4},
                {QStringLiteral("patience"), 15},
                {QStringLiteral("max_unlabelled"), 0.0},
            },
            QStringLiteral(
                "ResNet (64, 128, 128; kernels 8, 5, 3) + global pooling; classifier "
                "(3 FC) trained with cross-entropy + lambda x SupCon on two augmented views "
                "through the projection head."),
        },
        ModelInfo{
            QStringLiteral("mstcn"),
            QStringLiteral("MS-TCN + multi-level contrastive loss"),
            QStringLiteral(
                "seed 000: multi-stage temporal convolutional network labelling every sample, "
                "with sample- and segment-level supervised contrast"),
            ModelInfo::Input::Sequences,
            QVariantMap{
                {QStringLiteral("stages"), 2},  // the paper: 2 (PAMAP2) or 3
                {QStringLiteral("layers"), 10}, // dilations 1..512 per stage
                {QStringLiteral("features"), 64},
                {QStringLiteral("dropout"), 0.5},
                {QStringLiteral("chunk_length"),
                 2048}, // training chunk, samples (41 s at 50 Hz); not in the paper
                {QStringLiteral("epochs"), 50},      // not in the notes
                {QStringLiteral("batch"), 32},       // chunks per batch
                {QStringLiteral("lr"), 0.001},       // Adam
                {QStringLiteral("smoothing"), 0.15}, // MS-TCN's smoothing term; 0 switches it off
                {QStringLiteral("contrast_lambda"), 1.0}, // 0 switches the contrast off
                {QStringLiteral("sample_contrast"), true},
                {QStringLiteral("segment_contrast"), true},
                {QStringLiteral("temperature"), 0.1}, // not in the notes: SupCon's usual value
                {QStringLiteral("projection_dim"), 64},
                {QStringLiteral("examples_per_class"),
                 32}, // sampled per class and stage; half hard
                {QStringLiteral("boundary_radius"),
                 25}, // samples either side of a class change (0.5 s)
                {QStringLiteral("patience"), 10},
            },
            QStringLiteral(
                "Stages of 10 dilated residual layers (kernel 3, 64 channels, dropout 0.5), later "
                "stages refining the softmax of the one before; per stage cross-entropy + 0.15 x "
                "smoothing + lambda x SupCon over hard-sampled sample features and ground-truth "
                "segment means."),
        },
        ModelInfo{
            QStringLiteral("usad"),
            QStringLiteral("USAD: multi-branch spatio-temporal attention network"),
            QStringLiteral(
                "seed 002: parallel residual branches (kernels 3, 5, 7) with split attention, "
                "spatial and temporal attention, cross-branch fusion; adaptive composite loss"),
            ModelInfo::Input::Windows,
            QVariantMap{
                // The notes give no window, widths or budget for USAD: the choices are ours.
                {QStringLiteral("window_length"), 128}, // 2.56 s at 50 Hz, as seed 004
                {QStringLiteral("stride"), 64},
                {QStringLiteral("epochs"), 100},
                {QStringLiteral("batch"), 64},
                {QStringLiteral("lr"), 0.001},      // Adam
                {QStringLiteral("width"), 64},      // channels of every branch
                {QStringLiteral("blocks"), 2},      // residual blocks per branch, each halving time
                {QStringLiteral("cardinality"), 2}, // split attention: cardinal groups ...
                {QStringLiteral("radix"), 2},       // ... x radix splits (ResNeSt's usual radix)
                {QStringLiteral("attention"),
                 true}, // false: plain multi-branch backbone (ablation)
                {QStringLiteral("dropout"), 0.2},
                {QStringLiteral("adaptive_loss"), true}, // false: the fixed weights below
                {QStringLiteral("loss_step"), 0.05}, // weight moved per epoch by the feedback rule
                {QStringLiteral("ce_weight"), 1.0},
                {QStringLiteral("focal_weight"), 0.0},
                {QStringLiteral("smoothing_weight"), 0.0},
                {QStringLiteral("focal_gamma"), 1.0},
                {QStringLiteral("focal_alpha"), 0.25},
                {QStringLiteral("smoothing"), 0.1},
                // Diffusion augmentation (SyntheticPretraining): 0 windows per class switches it
                // off.
                {QStringLiteral("synthetic_per_class"), 200},
                {QStringLiteral("pretrain_epochs"),
                 10}, // on synthetic windows, before the real epochs
                {QStringLiteral("diffusion_epochs"), 20},
                {QStringLiteral("diffusion_steps"), 1000},
                {QStringLiteral("diffusion_sampling_steps"), 50},
                {QStringLiteral("diffusion_width"), 64},
                {QStringLiteral("diffusion_blocks"), 6},
                {QStringLiteral("diffusion_lr"), 0.0005},
                {QStringLiteral("patience"), 15},
                {QStringLiteral("max_unlabelled"), 0.0},
            },
            QStringLiteral(
                "Spatial attention over the sensor axes; three residual branches (kernels 3, 5, 7) "
                "of split-attention blocks (cardinality x radix) with spatial and temporal "
                "attention; "
                "cross-branch fusion with a residual concatenation; global pooling; classifier "
                "trained with cross-entropy + focal + label smoothing, weights adapted each "
                "epoch."),
        },
        ModelInfo{
            QStringLiteral("usad-diffusion"),
            QStringLiteral("USAD diffusion augmentation (window generator)"),
            QStringLiteral("seed 002: label-conditioned DDPM on windows, cosine schedule, AdaGN "
                           "residual blocks; "
                           "makes class-balanced synthetic windows"),
            ModelInfo::Input::Windows,
            QVariantMap{
                {QStringLiteral("window_length"), 128}, // as usad
                {QStringLiteral("stride"), 64},
                {QStringLiteral("diffusion_steps"), 1000}, // T (improved DDPM's usual)
                {QStringLiteral("sampling_steps"), 100}, // respaced reverse steps; not in the notes
                {QStringLiteral("width"), 64},
                {QStringLiteral("blocks"),
                 6}, // dilations 1..32: the receptive field covers a window
                {QStringLiteral("dropout"), 0.0},
                {QStringLiteral("epochs"), 100},
                {QStringLiteral("batch"), 64},
                {QStringLiteral("lr"), 0.0005}, // Adam
                {QStringLiteral("clip"), 6.0},  // predicted clean windows, in channel std units
                {QStringLiteral("max_unlabelled"), 0.0},
            },
            QStringLiteral("Predicts the noise of a noised window from the step (sinusoidal "
                           "embedding), the class "
                           "(embedding), the window's per-channel mean, std and skewness, and the "
                           "class's mean "
                           "window; AdaGN residual blocks; class-weighted noise MSE."),
            true,
            ModelInfo::Purpose::Generator,
        },
        ModelInfo{
            QStringLiteral("selfpab-pretrain"),
            QStringLiteral("SelfPAB pre-training (masked spectrogram reconstruction)"),
            QStringLiteral(
                "seed 003: a transformer encoder reconstructs masked stacked spectrograms "
                "of unlabelled 5-minute windows"),
            ModelInfo::Input::Spectrograms,
            QVariantMap{
                // The encoder's size. The paper's (paper_size=true): d_model 1500, 4 layers, 6
                // heads,
                // feed-forward 2048, ~60 M parameters; the default is small enough to pre-train in
                // minutes on two CPU cores.
                {QStringLiteral("d_model"), 128},
                {QStringLiteral("layers"), 3},
                {QStringLiteral("heads"), 4},
                {QStringLiteral("feed_forward"), 256},
                {QStringLiteral("paper_size"), false},
                {QStringLiteral("dropout"), 0.1},
                {QStringLiteral("window_frames"), 599}, // 5 minutes of 0.5 s frames
                {QStringLiteral("stride_frames"),
                 300},                          // not in the notes: half-overlapping windows
                {QStringLiteral("epochs"), 20}, // not in the notes
                {QStringLiteral("batch"), 16},  // the paper: 64
                {QStringLiteral("lr"), 0.0005}, // the paper: 1e-4 (for d_model 1500)
                {QStringLiteral("final_lr"), 1e-6},
                {QStringLiteral("warmup"), 0.07},       // fraction of the steps
                {QStringLiteral("weight_decay"), 1e-5}, // AdamW
                {QStringLiteral("beta2"), 0.98},
                {QStringLiteral("time_proportion"), 0.15},
                {QStringLiteral("time_width"), 3},
                {QStringLiteral("zero_probability"), 0.8},
                {QStringLiteral("swap_probability"), 0.1},
                {QStringLiteral("frequency_probability"), 0.9},
                {QStringLiteral("frequency_width"), 3},
            },
            QStringLiteral(
                "Linear to d_model + sinusoidal positions, post-norm transformer encoder layers, "
                "Linear back to the features; L1 on the altered cells of time-altered (zero / swap "
                "/ keep) and frequency-masked windows; AdamW with warm-up and linear decay."),
            false,
            ModelInfo::Purpose::Pretraining,
        },
        ModelInfo{
            QStringLiteral("selfpab"),
            QStringLiteral("SelfPAB: spectrogram transformer + MLP head"),
            QStringLiteral(
                "seed 003: a (pre-trained) transformer encoder of stacked spectrograms and an MLP "
                "head labelling every 0.5 s frame"),
            ModelInfo::Input::Spectrograms,
            QVariantMap{
                // Encoder sizes for training from scratch; a pre-trained encoder brings its own.
                {QStringLiteral("d_model"), 128},
                {QStringLiteral("layers"), 3},
                {QStringLiteral("heads"), 4},
                {QStringLiteral("feed_forward"), 256},
                {QStringLiteral("paper_size"), false},
                {QStringLiteral("dropout"), 0.1},
                {QStringLiteral("head_hidden"), 1028},
                {QStringLiteral("layer_weights"),
                 false}, // true: learned weighted sum of the layers
                {QStringLiteral("window_frames"), 599},
                {QStringLiteral("stride_frames"),
                 300}, // training windows; prediction uses the same
                {QStringLiteral("frozen_fraction"), 0.75}, // of the steps with the encoder frozen
                {QStringLiteral("epochs"), 30},            // not in the notes
                {QStringLiteral("batch"), 8},
                {QStringLiteral("lr"), 0.0001},     // Adam
                {QStringLiteral("lr_decay"), 0.95}, // per epoch; the notes give no rate
                {QStringLiteral("patience"),
                 0}, // 0: no early stop (the schedule needs every epoch)
            },
            QStringLiteral(
                "Encoder output (last layer or learned weighted sum of the layers) -> Linear "
                "head_hidden -> ReLU -> classes, per frame; encoder frozen for the first 75 % of "
                "the "
                "steps; frame probabilities averaged over overlapping windows, spread over each "
                "frame's samples."),
        },
    });
    return registry;
}

const ModelInfo* ModelRegistry::find(const QString& id)
{
    for (const ModelInfo& m : models())
        if (m.id == id)
            return &m;
    return nullptr;
}

QStringList ModelRegistry::ids()
{
    QStringList out;
    for (const ModelInfo& m : models())
        out << m.id;
    return out;
}

QStringList ModelRegistry::ids(ModelInfo::Purpose purpose)
{
    QStringList out;
    for (const ModelInfo& m : models())
        if (m.purpose == purpose)
            out << m.id;
    return out;
}

QVariantMap ModelRegistry::resolve(const QString& id, const QVariantMap& overrides)
{
    const ModelInfo* info = find(id);
    if (!info)
        throw std::invalid_argument(QStringLiteral("unknown model '%1' (known: %2)")
                                        .arg(id, ids().join(QStringLiteral(", ")))
                                        .toStdString());
    QVariantMap resolved = info->defaults;
    for (auto it = overrides.begin(); it != overrides.end(); ++it) {
        if (it.key().startsWith(QLatin1String("debug_"))) { // test hooks pass through
            resolved.insert(it.key(), it.value());
            continue;
        }
        if (!resolved.contains(it.key()))
            throw std::invalid_argument(
                QStringLiteral("model '%1' has no hyperparameter '%2' (it has: %3)")
                    .arg(id, it.key(), info->defaults.keys().join(QStringLiteral(", ")))
                    .toStdString());
        resolved[it.key()] = checkedValue(*info, it.key(), it.value(), resolved[it.key()]);
    }
    return resolved;
}

QVariantMap ModelRegistry::checked(const QString& id, const QVariantMap& values)
{
    const ModelInfo* info = find(id);
    if (!info)
        throw std::invalid_argument(QStringLiteral("unknown model '%1' (known: %2)")
                                        .arg(id, ids().join(QStringLiteral(", ")))
                                        .toStdString());
    QVariantMap out;
    for (auto it = info->defaults.begin(); it != info->defaults.end(); ++it) {
        if (!values.contains(it.key()))
            throw std::invalid_argument(QStringLiteral("hyperparameter '%1' of '%2' is missing")
                                            .arg(it.key(), id)
                                            .toStdString());
        out.insert(it.key(), checkedValue(*info, it.key(), values.value(it.key()), it.value()));
    }
    for (auto it = values.begin(); it != values.end(); ++it)
        if (!info->defaults.contains(it.key()) && !it.key().startsWith(QLatin1String("debug_")))
            throw std::invalid_argument(QStringLiteral("model '%1' has no hyperparameter '%2'")
                                            .arg(id, it.key())
                                            .toStdString());
    return out;
}

} // namespace kinemark
