"""The activation functions the site knows, as plain data: one record per function.

Read by ``registry.py`` into ``Activation`` records; nothing here imports numpy. ``function``
names the numpy implementation as ``module.name`` in this package (``name_df`` is f′).
``kinks`` are x positions, or parameter names whose values are the positions. Properties (range,
monotonic, …) hold for the default parameters; ``continuity`` is n of Cⁿ (``INF``: smooth);
``saturation`` is "no", "left" (x → −∞), "right" (x → +∞) or "both"; ``positive`` parameters
must be > 0 and each ``ordered`` pair must be increasing.
"""

from __future__ import annotations

import math
from typing import Any

INF = math.inf

# Klambauer et al. (2017): the constants of the fixed point (mean 0, variance 1), to the digits
# the paper and PyTorch print; they equal the closed forms in erfc (checked by the tests).
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946

RELU_LIKE = dict(xlim=(-4.0, 4.0), ylim_f=(-1.0, 4.0), ylim_df=(-0.25, 1.25))

ENTRIES: list[dict[str, Any]] = [
    dict(
        name="ReLU", function="numeric.relu",
        aliases=("rectifier", "ramp", "rectified linear unit", "rectified linear"),
        range_text="[0, ∞)", range_bounds=(0.0, INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="left", kinks=(0.0,),
        paper="Deep Sparse Rectifier Neural Networks (Glorot, Bordes & Bengio, 2011)", year=2011,
        **RELU_LIKE,
    ),
    dict(
        name="Leaky ReLU", function="numeric.leaky_relu",
        aliases=("LReLU", "LeakyReLU", "leaky rectifier"),
        defaults={"negative_slope": 0.01},
        range_text="(−∞, ∞)", range_bounds=(-INF, INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="no", kinks=(0.0,),
        paper="Rectifier Nonlinearities Improve Neural Network Acoustic Models "
        "(Maas, Hannun & Ng, 2013)", year=2013,
        **RELU_LIKE,
    ),
    dict(
        name="Parametric ReLU", function="numeric.prelu",
        aliases=("PReLU", "parametric rectifier"),
        defaults={"a": 0.25},
        range_text="(−∞, ∞)", range_bounds=(-INF, INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="no", kinks=(0.0,),
        paper="Delving Deep into Rectifiers: Surpassing Human-Level Performance on ImageNet "
        "Classification (He, Zhang, Ren & Sun, 2015)", year=2015,
        xlim=(-4.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="RReLU", function="numeric.rrelu",
        aliases=("Randomized Leaky ReLU", "randomized ReLU", "random ReLU"),
        defaults={"lower": 1 / 8, "upper": 1 / 3},
        ordered=(("lower", "upper"),),
        range_text="(−∞, ∞)", range_bounds=(-INF, INF), monotonic=True, zero_centred=False,
        continuity=0, saturation="no", kinks=(0.0,),
        paper="Empirical Evaluation of Rectified Activations in Convolutional Network "
        "(Xu, Wang, Chen & Li, 2015)", year=2015,
        xlim=(-4.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="ELU", function="numeric.elu",
        aliases=("Exponential Linear Unit",),
        defaults={"alpha": 1.0}, positive=("alpha",),
        range_text="(−α, ∞)", range_bounds=(-1.0, INF), range_open=(True, False),
        monotonic=True, zero_centred=False, continuity=1, saturation="left",
        kinks=(0.0,),
        paper="Fast and Accurate Deep Network Learning by Exponential Linear Units (ELUs) "
        "(Clevert, Unterthiner & Hochreiter, 2015)", year=2015,
        xlim=(-5.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="SELU", function="numeric.selu",
        aliases=("Scaled ELU", "Scaled Exponential Linear Unit"),
        defaults={"alpha": SELU_ALPHA, "scale": SELU_SCALE},
        positive=("alpha", "scale"),
        range_text="(−λα, ∞) ≈ (−1.7581, ∞)", range_bounds=(-SELU_SCALE * SELU_ALPHA, INF),
        range_open=(True, False), monotonic=True, zero_centred=False, continuity=0,
        saturation="left", kinks=(0.0,),
        paper="Self-Normalizing Neural Networks (Klambauer, Unterthiner, Mayr & Hochreiter, 2017)",
        year=2017,
        xlim=(-5.0, 4.0), ylim_f=(-2.0, 4.5), ylim_df=(-0.25, 2.0),
    ),
    dict(
        name="CELU", function="numeric.celu",
        aliases=("Continuously Differentiable ELU", "Continuously Differentiable Exponential "
                 "Linear Unit"),
        defaults={"alpha": 1.0}, positive=("alpha",),
        range_text="(−α, ∞)", range_bounds=(-1.0, INF), range_open=(True, False),
        monotonic=True, zero_centred=False, continuity=1, saturation="left",
        kinks=(0.0,),
        paper="Continuously Differentiable Exponential Linear Units (Barron, 2017)", year=2017,
        xlim=(-5.0, 4.0), ylim_f=(-1.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="GELU", function="smooth.gelu",
        aliases=("Gaussian Error Linear Unit", "Gaussian Error Linear Units", "GELU (exact)",
                 "exact GELU", "GELU erf"),
        range_text="[−0.16997, ∞)", range_bounds=(-0.1699712075, INF), monotonic=False,
        zero_centred=False, continuity=INF, saturation="left",
        paper="Gaussian Error Linear Units (GELUs) (Hendrycks & Gimpel, 2016)", year=2016,
        xlim=(-4.0, 4.0), ylim_f=(-0.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="GELU (tanh approximation)", function="smooth.gelu_tanh",
        aliases=("GELU tanh", "approximate GELU", "tanh GELU", "gelu_tanh", "GELU (tanh)",
                 "GELU tanh approximation"),
        range_text="[−0.17004, ∞)", range_bounds=(-0.1700407506, INF), monotonic=False,
        zero_centred=False, continuity=INF, saturation="left",
        paper="Gaussian Error Linear Units (GELUs) (Hendrycks & Gimpel, 2016)", year=2016,
        xlim=(-4.0, 4.0), ylim_f=(-0.5, 4.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="Sigmoid", function="smooth.sigmoid",
        aliases=("Logistic", "logistic sigmoid", "logistic function", "sigmoid function", "σ"),
        range_text="(0, 1)", range_bounds=(0.0, 1.0), range_open=(True, True), monotonic=True,
        zero_centred=False, continuity=INF, saturation="both",
        paper="Learning representations by back-propagating errors "
        "(Rumelhart, Hinton & Williams, 1986)", year=1986,
        xlim=(-8.0, 8.0), ylim_f=(-0.1, 1.1), ylim_df=(-0.025, 0.3),
    ),
    dict(
        name="Tanh", function="smooth.tanh",
        aliases=("hyperbolic tangent", "tanh function"),
        range_text="(−1, 1)", range_bounds=(-1.0, 1.0), range_open=(True, True), monotonic=True,
        zero_centred=True, continuity=INF, saturation="both",
        paper="Efficient BackProp (LeCun, Bottou, Orr & Müller, 1998)", year=1998,
        xlim=(-4.0, 4.0), ylim_f=(-1.2, 1.2), ylim_df=(-0.1, 1.1),
    ),
    dict(
        name="Softplus", function="smooth.softplus",
        aliases=("SmoothReLU", "smooth ReLU", "soft plus"),
        defaults={"beta": 1.0}, positive=("beta",),
        range_text="(0, ∞)", range_bounds=(0.0, INF), range_open=(True, False), monotonic=True,
        zero_centred=False, continuity=INF, saturation="left",
        paper="Incorporating Second-Order Functional Knowledge for Better Option Pricing "
        "(Dugas, Bengio, Bélisle, Nadeau & Garcia, 2000)", year=2000,
        xlim=(-5.0, 5.0), ylim_f=(-0.5, 5.0), ylim_df=(-0.1, 1.1),
    ),
    dict(
        name="Softsign", function="smooth.softsign",
        aliases=("soft sign",),
        range_text="(−1, 1)", range_bounds=(-1.0, 1.0), range_open=(True, True), monotonic=True,
        zero_centred=True, continuity=1, saturation="both", kinks=(0.0,),
        paper="Quadratic Features and Deep Architectures for Chunking "
        "(Turian, Bergstra & Bengio, 2009)", year=2009,
        xlim=(-8.0, 8.0), ylim_f=(-1.1, 1.1), ylim_df=(-0.1, 1.1),
    ),
    dict(
        name="SiLU", function="smooth.silu",
        aliases=("Swish", "Swish-1", "Sigmoid Linear Unit", "SiL", "Swish1"),
        range_text="[−0.27846, ∞)", range_bounds=(-0.2784645428, INF), monotonic=False,
        zero_centred=False, continuity=INF, saturation="left",
        paper="Gaussian Error Linear Units (GELUs) (Hendrycks & Gimpel, 2016)", year=2016,
        xlim=(-6.0, 6.0), ylim_f=(-0.75, 6.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="Mish", function="smooth.mish",
        aliases=(),
        range_text="[−0.30884, ∞)", range_bounds=(-0.3088434131, INF), monotonic=False,
        zero_centred=False, continuity=INF, saturation="left",
        paper="Mish: A Self Regularized Non-Monotonic Activation Function (Misra, 2019)",
        year=2019,
        xlim=(-6.0, 6.0), ylim_f=(-0.75, 6.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="Hardtanh", function="numeric.hardtanh",
        aliases=("hard tanh", "HardTanh"),
        defaults={"min_val": -1.0, "max_val": 1.0},
        ordered=(("min_val", "max_val"),),
        range_text="[−1, 1]", range_bounds=(-1.0, 1.0), monotonic=True, zero_centred=True,
        continuity=0, saturation="both",
        kinks=("min_val", "max_val"),
        paper="Natural Language Processing (Almost) from Scratch "
        "(Collobert, Weston, Bottou, Karlen, Kavukcuoglu & Kuksa, 2011)", year=2011,
        xlim=(-3.0, 3.0), ylim_f=(-1.5, 1.5), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="Hardsigmoid", function="numeric.hardsigmoid",
        aliases=("hard sigmoid", "h-sigmoid", "HardSigmoid"),
        range_text="[0, 1]", range_bounds=(0.0, 1.0), monotonic=True, zero_centred=False,
        continuity=0, saturation="both", kinks=(-3.0, 3.0),
        paper="Searching for MobileNetV3 (Howard et al., 2019)", year=2019,
        xlim=(-5.0, 5.0), ylim_f=(-0.1, 1.1), ylim_df=(-0.025, 0.25),
    ),
    dict(
        name="Hardswish", function="numeric.hardswish",
        aliases=("hard swish", "h-swish", "HardSwish", "hard SiLU"),
        range_text="[−0.375, ∞)", range_bounds=(-0.375, INF), monotonic=False,
        zero_centred=False, continuity=0, saturation="left", kinks=(-3.0, 3.0),
        paper="Searching for MobileNetV3 (Howard et al., 2019)", year=2019,
        xlim=(-5.0, 5.0), ylim_f=(-0.75, 5.0), ylim_df=(-0.75, 1.75),
    ),
    dict(
        name="ReLU6", function="numeric.relu6",
        aliases=("ReLU 6", "ReLU-6", "capped ReLU"),
        range_text="[0, 6]", range_bounds=(0.0, 6.0), monotonic=True, zero_centred=False,
        continuity=0, saturation="both", kinks=(0.0, 6.0),
        paper="Convolutional Deep Belief Networks on CIFAR-10 (Krizhevsky, 2010)", year=2010,
        xlim=(-3.0, 9.0), ylim_f=(-1.0, 7.0), ylim_df=(-0.25, 1.25),
    ),
    dict(
        name="LogSigmoid", function="smooth.logsigmoid",
        aliases=("log sigmoid", "log-sigmoid", "logsigmoid", "log σ"),
        range_text="(−∞, 0)", range_bounds=(-INF, 0.0), range_open=(False, True),
        monotonic=True, zero_centred=False, continuity=INF, saturation="right",
        paper=None, year=None,
        xlim=(-6.0, 6.0), ylim_f=(-6.5, 0.5), ylim_df=(-0.1, 1.1),
    ),
    dict(
        name="Squared ReLU", function="numeric.squared_relu",
        aliases=("ReLU²", "ReLU^2", "relu squared", "squared rectifier"),
        range_text="[0, ∞)", range_bounds=(0.0, INF), monotonic=True, zero_centred=False,
        continuity=1, saturation="left", kinks=(0.0,),
        paper="Primer: Searching for Efficient Transformers for Language Modeling "
        "(So et al., 2021)", year=2021,
        xlim=(-3.0, 3.0), ylim_f=(-1.0, 9.0), ylim_df=(-1.0, 6.0),
    ),
]

