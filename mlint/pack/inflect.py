"""Inflected forms of a vocabulary lemma, so term lists hold base forms only ("treat" covers "treats", "treated",
"treating"; "tear" as a noun covers "tears").

A small rule-based inflector for English: it knows the spelling rules (-es after sibilants, -ies after a consonant
and y, a doubled final consonant in short words such as "stop", a dropped silent e) and a table of the irregular
verbs marketing copy uses.  In a phrase the verb is the first word after any adverb ("switch on" -> "switched on",
"only mask" -> "only masks") and the noun the last ("knee pain" -> "knee pains").  Forms are tagged: `base`, `s`, `ed` (past and past participle), `ing`,
`plural`.
"""

from __future__ import annotations

KINDS = ("verb", "noun", "none")
VOWELS = frozenset("aeiou")
IRREGULAR = {  # base: (past, past participle)
    "be": ("was", "been"), "become": ("became", "become"), "begin": ("began", "begun"), "bring": ("brought", "brought"),
    "build": ("built", "built"), "rebuild": ("rebuilt", "rebuilt"), "buy": ("bought", "bought"),
    "choose": ("chose", "chosen"), "come": ("came", "come"), "do": ("did", "done"), "undo": ("undid", "undone"),
    "feel": ("felt", "felt"), "fight": ("fought", "fought"), "find": ("found", "found"), "get": ("got", "gotten"),
    "give": ("gave", "given"), "go": ("went", "gone"), "grow": ("grew", "grown"), "regrow": ("regrew", "regrown"),
    "have": ("had", "had"), "hold": ("held", "held"), "keep": ("kept", "kept"), "lay": ("laid", "laid"),
    "lead": ("led", "led"), "leave": ("left", "left"), "lose": ("lost", "lost"), "make": ("made", "made"),
    "mean": ("meant", "meant"), "overcome": ("overcame", "overcome"), "put": ("put", "put"), "run": ("ran", "run"),
    "see": ("saw", "seen"), "sell": ("sold", "sold"), "send": ("sent", "sent"), "set": ("set", "set"),
    "show": ("showed", "shown"), "shrink": ("shrank", "shrunk"), "spend": ("spent", "spent"),
    "take": ("took", "taken"), "tell": ("told", "told"), "think": ("thought", "thought"),
    "undergo": ("underwent", "undergone"), "win": ("won", "won"), "write": ("wrote", "written"),
    "beat": ("beat", "beaten"), "break": ("broke", "broken"), "hurt": ("hurt", "hurt"), "cut": ("cut", "cut"),
    "rid": ("rid", "rid"), "stand": ("stood", "stood"), "understand": ("understood", "understood"),
    "prove": ("proved", "proven"), "speak": ("spoke", "spoken"), "wake": ("woke", "woken"),
}
NO_DOUBLING = frozenset("wxy")
ADVERBS = frozenset("only just merely simply never not also really actually often always still".split())


def forms(lemma: str, kind: str) -> dict[str, str]:
    """{form: tag} for a lemma of `kind` (verb, noun or none); the lemma itself is always there, tagged `base`."""
    if kind == "none":
        return {lemma: "base"}
    words = lemma.split(" ")
    if kind == "verb":
        at = next((i for i, w in enumerate(words) if w not in ADVERBS), 0)  # "only mask" -> "only masks"
        before, head, rest = words[:at], words[at], words[at + 1:]
        return {" ".join([*before, form, *rest]): tag for form, tag in _verb(head)}
    if kind == "noun":
        head, rest = words[-1], words[:-1]
        return {" ".join([*rest, head]): "base", " ".join([*rest, plural(head)]): "plural"}
    raise ValueError(f"unknown inflection {kind!r} (verb, noun or none)")


def _verb(base: str) -> list[tuple[str, str]]:
    past, participle = IRREGULAR.get(base, (None, None))
    regular = past is None
    found = [(base, "base"), (third_person(base), "s"), (gerund(base), "ing")]
    if regular:
        found.append((past_tense(base), "ed"))
    else:
        found += [(past, "ed"), (participle, "ed")]
    return found


def _doubles(word: str) -> bool:
    """A one-syllable word ending consonant-vowel-consonant doubles its last letter: stop -> stopped."""
    if len(word) < 3 or not word.isalpha():
        return False
    a, b, c = word[-3], word[-2], word[-1]
    groups = sum(1 for i, ch in enumerate(word) if ch in VOWELS and (i == 0 or word[i - 1] not in VOWELS))
    return groups == 1 and a not in VOWELS and b in VOWELS and c not in VOWELS and c not in NO_DOUBLING


def third_person(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return word[:-1] + "ies"
    return word + "s"


def past_tense(word: str) -> str:
    if word.endswith("e"):
        return word + "d"
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return word[:-1] + "ied"
    if _doubles(word):
        return word + word[-1] + "ed"
    return word + "ed"


def gerund(word: str) -> str:
    if word.endswith("ie"):
        return word[:-2] + "ying"
    if word.endswith("e") and not word.endswith(("ee", "ye", "oe")) and len(word) > 2:
        return word[:-1] + "ing"
    if _doubles(word):
        return word + word[-1] + "ing"
    return word + "ing"


def plural(word: str) -> str:
    if not word[-1:].isalpha() or word.isupper():
        return word + "s" if word.isupper() and len(word) > 1 else word
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in VOWELS:
        return word[:-1] + "ies"
    return word + "s"
