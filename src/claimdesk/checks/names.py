"""Model names in claims: which phrases name a model, and one key for every way of writing it."""

from __future__ import annotations

import re
from functools import lru_cache

# Small words a model name, a benchmark or a measure never ends on.
SMALL_WORDS = frozenset(
    "and but while with without compared versus vs whereas than respectively when which on in for at after before "
    "under using as by from to up down the a an its their is was of over among where whose per only".split()
)
_SEPARATORS = re.compile(r"[\s\-_.()]+")
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=4096)
def entity_key(name: str) -> str:
    """A model name with case, spaces, hyphens, underscores and dots folded alike.

    "Model 2 70B", "Model-2-70B" and "model2-70b" give one key. Where two runs of
    digits meet across a separator the separator is kept (as "."), so that
    "Qwen2.5-7B" and "Qwen2-57B" stay two models.
    """
    parts = [part for part in _SEPARATORS.split(name.casefold().removesuffix("'s")) if part]
    key = ""
    for part in parts:
        if key and key[-1].isdigit() and part[0].isdigit():
            key += "."
        key += part
    return key


_NOT_A_NAME = frozenset(
    "a an the this that these those it its their our we they with without on in for at by using under after "
    "before across compared relative when while both each all most some such many llm llms moe moes ai nlp".split()
)
_INNER_CAPITAL = re.compile(r"[a-z0-9][A-Z]|[A-Z]{2}[a-z]")
_NAME_PARTS = re.compile(r"[\s-]+")
_JOINED_PARTS = re.compile(r"[-.]")
_VARIANTS = frozenset("tiny small medium large base xl xxl mini nano micro pro ultra instruct chat en turbo plus max "
                      "lite flash".split())


def trim_entity(name: str) -> str:
    """The model name at the head of a subject: "Llama-2-7B quantized to" is Llama-2-7B.

    It ends before a small word (other than "with": "RoBERTa-large with LoRA" is a model of its
    own) or a lower-case participle; a trailing "with" goes too.
    """
    if " " not in name and name.isascii() and name.isprintable():
        return name  # one word (printable ASCII has no other white space): nothing to trim
    words = name.split()
    kept = words[:1]
    for word in words[1:]:
        folded = word.casefold()
        if (folded in SMALL_WORDS and folded != "with") or (word.islower() and folded.endswith(("ed", "ing"))):
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1].casefold() == "with":
        kept.pop()
    return " ".join(kept)


def looks_like_model(name: str) -> bool:
    """A digit ("Llama-2-13B"), a capital inside a word ("GShard", "DeiT"), an acronym ("BERT-large")
    or a size letter after the name ("Conformer-L", "T5 XL")."""
    words = name.split(None, 1)
    if not words or words[0].split("-", 1)[0].casefold() in _NOT_A_NAME:
        return False
    if _DIGIT.search(name):
        return True
    parts = [part for part in _NAME_PARTS.split(name.strip()) if part]
    if any(_INNER_CAPITAL.search(part) for part in parts):
        return True
    if len(parts[0]) >= 2 and parts[0].isupper():
        return True
    if any(part.isupper() and len(part) <= 3 for part in parts[1:]):
        return True
    # "Whisper-medium.en", "BERT-base": a capitalised name joined to a size or variant word
    tokens = name.split()
    if not tokens[0][:1].isupper():
        return False
    if any(part.casefold() in _VARIANTS for part in _JOINED_PARTS.split(tokens[0])[1:]):
        return True
    # "Whisper medium.en": a later word made of variant words joined by a dot or hyphen
    return any(_JOINED_PARTS.search(token) and all(part.casefold() in _VARIANTS for part in _JOINED_PARTS.split(token))
               for token in tokens[1:])
