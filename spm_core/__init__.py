"""SPM Banten: the pure computation core (catalog, rules, validation, scoring, gaps, figures).

Never imports streamlit: pages call these functions, and so do the tests and the command line.
"""

from .catalog import Catalog, Regions, load_catalog, load_regions
from .intake.validation import ValidationResult, validate_file, validate_frame
from .rules import Rules, load_rules
from .scoring import Scores, score_all

__all__ = [
    "Catalog",
    "Regions",
    "Rules",
    "Scores",
    "ValidationResult",
    "load_catalog",
    "load_regions",
    "load_rules",
    "score_all",
    "validate_file",
    "validate_frame",
]
