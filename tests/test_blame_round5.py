"""Round five's rule changes of blame, each on invented sentences (issue 15 item 3)."""

import pytest

from servicelab.blame import text_blame


@pytest.mark.parametrize("text", [
    "Ich habe beim Möbelhaus Kranz reklamiert. Am Telefon hieß es, für die Montage sei eine "
    "Fremdfirma verantwortlich.",
    "Beim Möbelhaus Kranz hieß es, verantwortlich sei nur der Monteur aus Gotha.",
    "Mein Stromtarif bei Voltino stieg um 30 Prozent. Die Sachbearbeiterin schrieb, die "
    "Erhöhung gehe vollständig auf den Netzbetreiber zurück.",
    "Im Laden von Mobilcom verwies man mich weiter: das müsse der Kundendienst in Büdelsdorf "
    "klären.",
    "Die Gemeinde antwortete, für die Straßenlaterne seien die Stadtwerke zuständig.",
])
def test_responsibility_placed_elsewhere_in_reported_speech_is_a_shift(text):
    rows = text_blame(text)
    assert "shifts" in set(rows["pattern"]), rows[["pattern", "target_entity", "cue"]]
    assert "accuses" not in set(rows.loc[rows["cue_kind"] == "reported_shift", "pattern"])


def test_the_customers_own_responsibility_is_no_shift():
    rows = text_blame("Ich bin für die Kündigung selbst verantwortlich gewesen und habe sie "
                      "zu spät abgeschickt.")
    assert "shifts" not in set(rows["pattern"])
