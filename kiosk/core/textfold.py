"""Folding of Vietnamese text for search; the function lives with the wire's text rules in
:mod:`hq.textfold` (head office folds its catalogue the same way), standard library only."""

from hq.textfold import fold, words

__all__ = ["fold", "words"]
