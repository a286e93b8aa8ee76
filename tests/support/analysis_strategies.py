"""Hypothesis strategies for the analysis tests: random two-input op-amp circuits."""
from hypothesis import strategies as st

NODES = ["in1", "in2", "a", "b", "out"]


@st.composite
def random_circuits(draw):
    """A random linear circuit: two inputs, one ideal op-amp, 3..7 resistors."""
    pairs = [(x, y) for i, x in enumerate(NODES + ["0"]) for y in (NODES + ["0"])[i + 1:]
             if {x, y} != {"in1", "0"} and {x, y} != {"in2", "0"} and {x, y} != {"in1", "in2"}]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=3, max_size=7, unique=True))
    plus = draw(st.sampled_from(["in1", "in2", "a", "b", "0"]))
    minus = draw(st.sampled_from([n for n in ["a", "b"] if n != plus]))
    lines = ["V1 in1 0 V1", "V2 in2 0 V2"]
    lines += [f"R{i} {x} {y} R{i}" for i, (x, y) in enumerate(chosen, start=1)]
    lines += [f"U1 {plus} {minus} out", ".output out Vout"]
    return "\n".join(lines) + "\n"
