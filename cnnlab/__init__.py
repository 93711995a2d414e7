"""cnnlab: train, compare and understand small convolutional networks."""

from cnnlab.errors import CnnlabError

__version__ = "0.1.0"
__all__ = ["CnnlabError", "__version__"]
