"""Superposition prose says how a source set to zero is left (issue 13, item 7):
a voltage source at zero ties its input to ground, a current source at zero is
an open circuit and is left open -- never "tied to ground"."""
import pytest

from derive.circuit.netlist import parse_netlist
from derive.derivation import derive
from derive.render.latex_document import body
from derive.render.text import render_text

# an inverting stage with a bias current drawn out of its inverting input
BIAS = "V1 in 0 Vin\nR1 in m Rin\nR2 m out Rf\nI1 m 0 Ib\nU1 0 m out\n"
# a voltage and a current source zeroed in one case (LaTeX words them in one sentence)
MIXED = "V1 p 0 Vin\nV2 r 0 Vref\nR1 m r Rg\nR2 m out Rf\nI1 m 0 Ib\nU1 p m out\n"

WORDS = {
    "en": ("set Ib to zero (it is left open: a current source at zero is an open circuit)",
           "set Vin to zero (its input is tied to ground)"),
    "es": ("anulamos Ib (se deja abierta: una fuente de corriente nula es un circuito abierto)",
           "anulamos Vin (su entrada se conecta a masa)"),
}


@pytest.mark.parametrize("lang", sorted(WORDS))
def test_a_zeroed_current_source_is_left_open(lang):
    d = derive(parse_netlist(BIAS), "superposition")
    text = " ".join(render_text(d, lang).split())
    current, voltage = WORDS[lang]
    assert current in text and voltage in text
    sentences = [x.split(").")[0] for x in text.split("Superposi")[1:]]
    zeroing_ib = [x for x in sentences if (" Ib to zero" in x or "anulamos Ib" in x)]
    assert len(zeroing_ib) == 1 and "ground" not in zeroing_ib[0] and "masa" not in zeroing_ib[0]


@pytest.mark.parametrize("lang, expected", [
    ("en", "set Vref and Ib to zero (each voltage source becomes a short circuit and each current source "
           "is left open)"),
    ("es", "anulamos $V_{ref}$ y $I_{b}$ (cada fuente de tensión se convierte en un cortocircuito y cada "
           "fuente de corriente se deja abierta)"),
])
def test_latex_words_a_mixed_case_in_one_sentence(lang, expected):
    tex = " ".join(body(derive(parse_netlist(MIXED), "superposition"), lang).split())
    assert expected.replace("Vref", "$V_{ref}$").replace("Ib", "$I_{b}$") in tex
    assert ("sus entradas se conectan a masa" if lang == "es" else "their inputs are tied to ground") in tex
