"""Stage 4a, activations: the activation-function registry, its formulas and the experiments.

Takes: notes. Gives: which note is which function (with validated parameters), numpy functions
and their derivatives, sympy formulas, the computed figures' data, and the note syntax that
places a figure or quotes its numbers. numpy, scipy, sympy and matplotlib are imported only when
something has to be computed.
"""
