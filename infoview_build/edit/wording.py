"""How a note written to oneself becomes a sentence written to the person.

People write ``found_via`` about the contact, in the third person ("her talk at the
meetup", "Bram Okafor suggested him"); the request email speaks to them. This turns the
pronouns into the second person and picks the sentence the phrase fits in.
"""

from __future__ import annotations

import re

_POSSESSIVE = {"his": "your", "their": "your", "its": "your"}
_OBJECT = {"him": "you", "them": "you"}
_SUBJECT = {"he": "you", "she": "you", "they": "you"}
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't",
              "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't"}
# After "her", these words mean it is the object ("suggested her at the end"), not the
# possessive ("her talk").
_NOT_A_NOUN = frozenset((
    "at", "in", "on", "as", "to", "for", "from", "with", "by", "about", "after", "before",
    "during", "and", "or", "but", "when", "while", "because", "since", "if", "that", "who",
    "once", "last", "yesterday", "today", "recently", "twice",
))
# A phrase that opens with one of these is a source ("a podcast", "the blog"), read as
# "through …"; with a preposition it already says how ("at the meetup").
_DETERMINERS = frozenset(("a", "an", "the", "my", "our", "this", "that", "these", "those",
                          "someone", "one", "some", "two", "three", "several"))
_PREPOSITIONS = frozenset(("through", "via", "at", "in", "on", "from", "after", "during",
                           "when", "while", "by"))
_WORD = re.compile(r"[A-Za-z']+|[^A-Za-z']+")


def second_person(text: str) -> str:
    """``worked with her on a project`` → ``worked with you on a project``; ``she leads``
    → ``you lead``; ``his blog`` → ``your blog``."""
    tokens = _WORD.findall(text)
    words = [i for i, t in enumerate(tokens) if t[0].isalpha() or t[0] == "'"]
    out = list(tokens)
    agree_next = False
    for position, index in enumerate(words):
        word = tokens[index]
        lower = word.lower()
        following = tokens[words[position + 1]].lower() if position + 1 < len(words) else ""
        if agree_next:
            out[index] = _plural_verb(word)
            agree_next = False
        if lower == "her":
            new = "you" if not following or following in _NOT_A_NOUN else "your"
        elif lower in _POSSESSIVE:
            new = _POSSESSIVE[lower]
        elif lower in _OBJECT:
            new = _OBJECT[lower]
        elif lower in _SUBJECT:
            new = _SUBJECT[lower]
            agree_next = lower != "they"
        else:
            continue
        out[index] = new.capitalize() if word[0].isupper() else new
    return "".join(out)


def _plural_verb(word: str) -> str:
    """``leads`` → ``lead``, ``teaches`` → ``teach``, ``is`` → ``are``; other words stay."""
    lower = word.lower()
    if lower in _IRREGULAR:
        return _IRREGULAR[lower]
    if re.fullmatch(r"[a-z]+(?:s|sh|ch|x|z)es", lower):
        return word[:-2]
    if re.fullmatch(r"[a-z]+[^s]s", lower):
        return word[:-1]
    return word


def how_found(found_via: str) -> str:
    """The request's opening sentence for a ``found_via`` phrase, however it was written."""
    text = " ".join(found_via.split()).rstrip(".")
    network = _CONNECTION.fullmatch(text)
    if network:  # what an import writes: "LinkedIn connection since 2024-03-14"
        return f"We are connected on {network[1]}."
    first = text.split(" ", 1)[0]
    lower = first.lower()
    if lower in ("her", "his", "their"):
        return f"I came across {second_person(text)[0].lower()}{second_person(text)[1:]}."
    if lower in _PREPOSITIONS:
        return f"I came across your name {second_person(_lower_first(text))}."
    if lower not in ("i", "we", *_SUBJECT) and (
            lower in _DETERMINERS or not first[:1].isupper() or not _is_clause(text)):
        return f"I came across your name through {second_person(_lower_first(text))}."
    # A clause of its own ("Bram Okafor suggested her", "I met you at …").
    text = second_person(text)
    return f"{text[0].upper()}{text[1:]}."


_CONNECTION = re.compile(r"(?:(?:[Aa]|[Mm]y|[Oo]ur)\s+)?([A-Z][\w.+-]*(?:\s[A-Z][\w.+-]*)*)"
                         r"\s+[Cc]onnection(?:\s+since\s+\S.*)?")
"""A note that says only "Network connection (since day)"; the network keeps its name."""


def with_article(role: str) -> str:
    """``a UX Researcher``, ``an Engineer``, ``an SRE``; a title one person holds (``Head of
    Data``, ``CEO``) and one with an article already stay as they are."""
    first = role.split(" ", 1)[0]
    lower = first.lower()
    if lower in ("a", "an", "the", "head", "chief") or first.upper() in _ONE_PER_COMPANY:
        return role
    return f"{_article(first)} {role}"


def _article(word: str) -> str:
    """``a`` or ``an`` by how ``word`` sounds: letters of an acronym are said one by one."""
    if len(word) > 1 and word.isupper() and word.isalpha():
        return "an" if word[0] in "AEFHILMNORSX" else "a"
    lower = word.lower()
    if lower.startswith(_A_BEFORE_VOWEL):
        return "a"
    if lower.startswith(_AN_BEFORE_H) or lower[:1] in "aeiou":
        return "an"
    return "a"


_ONE_PER_COMPANY = frozenset(("CEO", "CTO", "CFO", "COO", "CPO", "CIO", "CMO", "CDO",
                              "CISO", "VP", "SVP", "EVP"))
"""Titles said without an article (``as CTO``)."""
_A_BEFORE_VOWEL = ("uni", "use", "usu", "uti", "ura", "ure", "eu", "one", "once")
"""Openings written with a vowel but said with a consonant (``a user researcher``)."""
_AN_BEFORE_H = ("hour", "honest", "honor", "honour", "heir")
"""Openings written with an h that is not said (``an honorary fellow``)."""


def _lower_first(text: str) -> str:
    """Lower-case an ordinary opening word (``The blog`` → ``the blog``); names stay."""
    first = text.split(" ", 1)[0]
    if first.lower() in _DETERMINERS | _PREPOSITIONS:
        return first.lower() + text[len(first):]
    return text


def _is_clause(text: str) -> bool:
    """``Bram Okafor suggested her``: a name, then a verb; ``Ada Quill, who worked with
    him`` and ``LinkedIn search`` are names of a source instead."""
    match = re.match(r"(?:[A-Z][\w'.&-]*\s+)+", text + " ")
    rest = (text + " ")[match.end():] if match else text
    verb = rest.split(" ", 1)[0].lower()
    return verb.endswith("ed") or verb in _VERBS


_VERBS = frozenset((
    "told", "said", "gave", "put", "sent", "met", "knows", "knew", "wrote", "saw", "thought",
    "is", "was", "has", "had", "works", "leads", "runs", "spoke", "says", "suggests",
    "recommends", "mentions", "introduces", "can", "could", "will", "would", "might",
))
"""Verbs that often follow a name in ``found_via`` without ending in -ed."""
