"""The subject of a research question: the method or intervention it asks about.

"How robust is the ALF-LB method to expert initialisation … when evaluated on
the HumanEval and MBPP benchmarks" asks about ALF-LB; HumanEval and MBPP are its
setting. The subject is read from the question's grammar: what stands between
"How does" / "Does" / "What is the effect of" and the question's verb
("affect", "compare", "improve" …), or before "to" in "How robust is X to Y".
Model names (words with digits) are left out of it: they are part of the
setting too.

A claim addresses the subject when it shares a word with it, compared by
root ("quantisation" meets "quantized", "distillation" meets "distilled"), when
it uses an acronym of it ("LoRA" for low-rank adaptation, "CoT" for
chain-of-thought) or spells out an acronym the question uses, or when it uses a
word the synonym table below lists for one of its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from claimdesk.checks.text import GENERIC_WORDS, STOP_WORDS, stem, words

# Words that name the same method in other words. Data, not code: one place to extend.
SYNONYMS: dict[str, frozenset[str]] = {
    "alignment": frozenset({"rlhf", "instruction-tuned", "preference", "aligned", "dpo", "ppo",
                            "reward"}),
    "scale": frozenset({"size", "larger", "smaller", "scaling", "sized", "bigger"}),
    "quantization": frozenset({"int8", "int4", "gptq", "awq", "quantized", "low-bit"}),
    "pruning": frozenset({"pruned", "sparsification", "sparsity"}),
    "distillation": frozenset({"student", "teacher", "distilled"}),
}

# The question's verb ends its subject. Verbs that are rarely nouns are looked for first, so that
# "How does knowledge transfer affect …" asks about knowledge transfer, not knowledge.
_STRONG_VERBS = frozenset(
    """
    affect affects affected influence influences impact impacts compare compares compared improve improves
    improved reduce reduces reduced increase increases decrease decreases alter alters match matches outperform
    outperforms degrade degrades mitigate mitigates prevent prevents enable enables preserve preserves retain
    retains generalise generalises generalize generalizes extend extends lower lowers raise raises hurt hurts
    determine determines eliminate eliminates inflate inflates amplify amplifies
    better worse superior inferior comparable equivalent
    follow follows handle handles learn learns solve solves behave behaves respond responds converge converges
    differ differs vary varies interact interacts encode encodes capture captures exploit exploits
    """.split()
)
_WEAK_VERBS = frozenset(
    """
    change changes changed help helps scale scales transfer transfers work works trade trades lead leads shape
    shapes cause causes make makes keep keeps yield yields contribute contributes benefit benefits remove removes
    close closes perform performs speed speeds beat beats shift shifts more less need needs use uses require
    requires give gives achieve achieves
    """.split()
)
_OPENING = re.compile(
    r"^\s*(?:how\s+(?:much\s+|well\s+|far\s+)?(?:does|do|did|can|could|would|will|might)"
    r"|to\s+what\s+(?:extent|degree)\s+(?:does|do|can|could|is|are)"
    r"|(?:under\s+what\s+conditions|in\s+what\s+ways?|when|why|where)\s+(?:does|do|did|can|could|is|are)"
    r"|which"
    r"|does|do|did|can|could|will|would|is|are)\s+(?P<rest>.+)$",
    re.I | re.S,
)
_ROBUST = re.compile(
    r"^\s*how\s+(?:robust|sensitive|stable|effective|efficient|reliable|accurate|useful|well-calibrated)\s+(?:is|are)\s+(?P<subject>.+?)\s+"
    r"(?:to|against|under|when|on|in|for|at)\b",
    re.I | re.S,
)
_EFFECT = re.compile(
    r"^\s*what\s+(?:is|are|was|were)\s+the\s+(?:effects?|impacts?|influence|role|contribution|benefits?|costs?"
    r"|trade-?offs?|advantages?|limitations?|risks?|consequences?)"
    r"\s+of\s+(?P<subject>.+?)\s+(?:on|in|for|upon|to|at|when|compared|versus|relative)\b"
    r"|^\s*what\s+role\s+(?:does|do|did)\s+(?P<played>.+?)\s+play\b"
    r"|^\s*what\s+(?:effects?|impacts?|influence|difference)\s+(?:does|do|did)\s+(?P<had>.+?)\s+(?:have|make)\b",
    re.I | re.S,
)
# "In sparse MoE models, how does …": a setting stated before the question proper.
_LEADING_SETTING = re.compile(r"^\s*(?:in|for|across|among|under|when|within)\s+[^,?]{1,80},\s*", re.I)
_TOKEN = re.compile(r"[A-Za-z0-9][\w'-]*")


@lru_cache(maxsize=1024)
def question_subject(question: str) -> str | None:
    """The words of the question that name what it asks about, or None when its grammar is not read."""
    leading = _LEADING_SETTING.match(question)
    if leading:
        question = question[leading.end():]
    opening = question[:12].lstrip().casefold()
    for pattern, word in ((_ROBUST, "how "), (_EFFECT, "what ")):
        match = pattern.match(question) if opening.startswith(word) else None
        if match:
            return (match.group("subject") or match.group("played") or match.group("had")).strip()
    match = _OPENING.match(question)
    if not match:
        return None
    rest = match.group("rest")
    words = [(word.start(), word.group().casefold()) for word in list(_TOKEN.finditer(rest))[1:26]]
    for verbs in (_STRONG_VERBS, _WEAK_VERBS):
        for start, word in words:
            if word in verbs:
                return rest[:start].strip(" ,")
    return None


@lru_cache(maxsize=1024)
def subject_terms(question: str) -> tuple[str, ...]:
    """The question subject's distinctive terms, model names left out (empty when the subject is unread).

    A hyphenated word stays whole: "expert-choice routing" is not addressed by "multiple choice".
    """
    subject = question_subject(question)
    if not subject:
        return ()
    found: dict[str, None] = {}
    for word in words(subject):
        word = word.strip(".'")
        if len(word) < 3 or any(c.isdigit() for c in word) or word in STOP_WORDS or word in GENERIC_WORDS:
            continue
        term = stem(word)
        if term not in GENERIC_WORDS and term not in STOP_WORDS:
            found.setdefault(term, None)
    return tuple(found)


@lru_cache(maxsize=65536)
def root(word: str) -> str:
    """A word without its inflection, British and American spelling alike ("quantised" -> "quant")."""
    word = word.casefold().strip(".'")
    for british, american in (("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes")):
        if word.endswith(british):
            word = word[: -len(british)] + american
            break
    else:
        if word.endswith("ise"):
            word = word[:-3] + "ize"
    for suffix in ("izations", "ization", "izing", "ized", "izes", "ize", "ations", "ation", "ings", "ing", "ed",
                   "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    if word.endswith("e") and len(word) > 4:  # "scale" and "scaling", "route" and "routing"
        return word[:-1]
    return word


@lru_cache(maxsize=1)
def _synonyms_by_root() -> dict[str, frozenset[str]]:
    return {root(word): frozenset(root(other) for other in others) for word, others in SYNONYMS.items()}


def _words(text: str) -> list[str]:
    return [word.casefold() for word in _TOKEN.findall(text)]


def _parts(text: str) -> list[str]:
    """The words of ``text`` with hyphenated words split, for acronym letters."""
    return [part for word in _words(text) for part in word.split("-") if part]


_ACRONYM = re.compile(r"\b[A-Za-z]*[A-Z][a-z]?[A-Z][A-Za-z]*(?:-[A-Z][A-Za-z]*)*\b")


def acronyms(text: str) -> set[str]:
    """Acronym-like tokens of ``text`` ("LoRA", "ALF-LB", "CoT"), lower-cased, hyphens removed."""
    found = set()
    for token in _ACRONYM.findall(text):
        letters = token.replace("-", "").casefold()
        if 2 <= len(letters) <= 8:
            found.add(letters)
    return found


def _spells(acronym: str, words: list[str]) -> bool:
    """True when consecutive ``words`` spell ``acronym``: each gives a prefix, small words may give none.

    At least two words must give letters: one word's prefix is an abbreviation, not an acronym.
    """

    @lru_cache(maxsize=None)
    def fits(letter: int, word: int, used: int) -> bool:
        if letter == len(acronym):
            return used >= 2
        if word == len(words):
            return False
        current = words[word]
        if current in STOP_WORDS and fits(letter, word + 1, used):
            return True
        size = 0
        while size < len(current) and letter + size < len(acronym) and current[size] == acronym[letter + size]:
            size += 1
            if fits(letter + size, word + 1, used + 1):
                return True
        return False

    return any(words[start][:1] == acronym[:1] and fits(0, start, 0) for start in range(len(words)))


MAX_ACRONYM = 6  # letters
_PREFIX_LETTERS = (1, 2)  # letters one word gives an acronym ("LoRA": Lo-R-A)


@lru_cache(maxsize=1024)
def spelled_acronyms(subject: str) -> frozenset[str]:
    """Every acronym the subject's words can spell (lower case): "low-rank adaptation" gives "lra", "lora" …"""
    parts = [part for part in _parts(subject) if not any(c.isdigit() for c in part)]
    found: set[str] = set()

    def extend(word: int, letters: str, used: int) -> None:
        if used >= 2:
            found.add(letters)
        if word == len(parts):
            return
        current = parts[word]
        if current in STOP_WORDS and letters:
            extend(word + 1, letters, used)
        for size in _PREFIX_LETTERS:
            if size <= len(current) and len(letters) + size <= MAX_ACRONYM:
                extend(word + 1, letters + current[:size], used + 1)

    for start in range(len(parts)):
        if parts[start] not in STOP_WORDS:
            extend(start, "", 0)
    return frozenset(found - set(parts))


@lru_cache(maxsize=1024)
def _subject_roots(terms: tuple[str, ...]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    """(roots a claim word may have, synonyms included; hyphenated terms as their parts)."""
    synonyms = _synonyms_by_root()
    roots: set[str] = set()
    phrases = []
    for term in terms:
        roots.add(root(term))
        roots |= synonyms.get(root(term), frozenset())
        if "-" in term:
            phrases.append(tuple(part for part in term.split("-") if part))
    return frozenset(roots), tuple(phrases)


@lru_cache(maxsize=1024)
def _compound(parts: tuple[str, ...]) -> re.Pattern[str]:
    """A hyphenated word written apart or joined, its later parts inflected: the first part whole,
    each later one by its first three letters."""
    later = "".join(rf"[\s-]*{re.escape(part[:3])}[a-z]*" for part in parts[1:])
    return re.compile(rf"\b{re.escape(parts[0])}{later}")


_WORD_AROUND = re.compile(r"[a-z0-9][a-z0-9'-]*")
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789'-")


def _has_root(lowered: str, wanted: str) -> bool:
    """Whether some word of ``lowered`` (or a hyphen part of one) has the root ``wanted``.

    A word can only have that root if it holds it, so only the words around each
    occurrence are read.
    """
    start = lowered.find(wanted)
    while start >= 0:
        left = start
        while left > 0 and lowered[left - 1] in _WORD_CHARS:
            left -= 1
        match = _WORD_AROUND.match(lowered, left)
        if match is None:
            start = lowered.find(wanted, start + 1)
            continue
        word = match.group()
        if root(word) == wanted or ("-" in word and any(root(part) == wanted for part in word.split("-") if part)):
            return True
        start = lowered.find(wanted, max(match.end(), start + 1))
    return False


def addresses(subject: str, terms: Iterable[str], claims_text: str) -> bool:
    """Whether ``claims_text`` speaks of the subject: a shared root, an acronym either way, or a synonym."""
    lowered = claims_text.casefold()
    roots, phrases = _subject_roots(tuple(terms))
    if any(_has_root(lowered, wanted) for wanted in roots):
        return True
    # "retrieval-augmented" written "retrieval augmentation", "instruction-tuned" as "instruction tuning"
    if any(_compound(phrase).search(lowered) for phrase in phrases):
        return True
    spelled = spelled_acronyms(subject)
    if spelled and not acronyms(claims_text).isdisjoint(spelled):
        return True
    question_acronyms = acronyms(subject)
    if not question_acronyms:
        return False
    claim_parts = _parts(claims_text)
    return any(_spells(acronym, claim_parts) for acronym in question_acronyms if acronym not in claim_parts)
