"""Stage 4a, activations: the activation-function registry, its formulas and the experiments.

Takes: notes. Gives: which note is which function (with validated parameters), numpy functions
and their derivatives, sympy formulas, and the computed figures' data. numpy, scipy, sympy and
matplotlib are imported only when something has to be computed.
"""
