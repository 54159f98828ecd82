"""A character-level text corpus that ships with Python itself: CPython's English documentation.

``pydoc_data.topics`` holds the text that ``help()`` shows for keywords and topics (about
465 KB of English with code samples). It is on every Python installation, so the language
models of the book train offline and everyone trains on exactly the same text.
"""

from dataclasses import dataclass

import numpy as np


@dataclass
class TextData:
    """A corpus split by position into train and validation text, with its characters."""

    train: str
    val: str
    vocab: list[str]

    def __post_init__(self) -> None:
        self._index = {ch: i for i, ch in enumerate(self.vocab)}

    def encode(self, text: str) -> np.ndarray:
        """Character ids of ``text``, shape (len(text),), int64."""
        try:
            return np.array([self._index[ch] for ch in text], dtype=np.int64)
        except KeyError as error:
            raise ValueError(f"character {error.args[0]!r} is not in the vocabulary") from None

    def decode(self, ids) -> str:
        """The text of a sequence of ids (a list, a NumPy array or a 1-D tensor)."""
        return "".join(self.vocab[int(i)] for i in np.asarray(ids).reshape(-1))


def load_text(val_fraction: float = 0.1) -> TextData:
    """CPython's documentation topics as one string, the last ``val_fraction`` for validation.

    The split is by position, not at random: a random split of overlapping character windows
    would put nearly the same text in both halves and make validation look too good.
    """
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be between 0 and 1 (exclusive), got {val_fraction}")
    from pydoc_data.topics import topics

    text = "\n\n".join(topics[key] for key in sorted(topics))
    cut = int(len(text) * (1 - val_fraction))
    return TextData(train=text[:cut], val=text[cut:], vocab=sorted(set(text)))
