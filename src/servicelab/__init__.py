"""servicelab: tidy, traceable tables from German customer-service complaint texts."""

from servicelab.corpus import Corpus, build_corpus

__version__ = "0.1.0"
__all__ = ["Corpus", "build_corpus", "__version__"]
