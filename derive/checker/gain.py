"""The gain ``G`` a question may ask for (``derive check inamp --quantity G``).

With one input source, ``G = Vout/Vin``. With two or more, ``G`` is the
differential gain ``A_d`` as ``derive cmrr`` defines it: the output with the
two inputs of the decomposition at ``+1/2`` and ``-1/2`` and every other
source at zero (so ``Vout = G (V1 - V2)`` for a matched in-amp). It is read
off the derivation's own result, never typed in.

>>> from derive.checker.context import Context
>>> gain(Context("inverting"))
-Rf/Rin
>>> gain(Context("inamp"))
R2*(2*R5 + RG)/(R1*RG)
"""
from ..errors import DeriveError
from ..text.messages import Message

NAMES = ("G", "gain")


def asks_for_gain(word, context):
    """True when ``word`` names the gain and the circuit has no symbol of that name."""
    return word in NAMES and word not in context.symbols


def gain(context):
    """The gain of the question's result in terms of the circuit's symbols."""
    from sympy import Rational, cancel, factor

    from ..analysis.decompose import input_pair

    result = context.derivation.result.rhs
    sources = [e for e in context.circuit.sources if getattr(e.value, "is_Symbol", False)]
    if not sources:
        raise DeriveError(Message("gain_no_input", circuit=context.circuit.name))
    if len(sources) == 1:
        vin = sources[0].value
        if cancel(result.subs(vin, 0)) != 0:
            raise DeriveError(Message("gain_not_proportional", circuit=context.circuit.name, source=vin))
        return factor(cancel(result / vin))
    plus, minus = input_pair(context.circuit)
    point = {s.value: 0 for s in sources}
    point.update({plus.value: Rational(1, 2), minus.value: Rational(-1, 2)})
    return factor(cancel(result.subs(point)))
