"""policydocs: typed, validated, source-grounded records from Korean policy documents.

>>> import policydocs
>>> result = policydocs.extract("충청북도는 2030년까지 8조 7,417억원을 투자한다.", published="2021-07-22")
>>> result.document.published
datetime.date(2021, 7, 22)
>>> [(m.span.text, str(m.amount), m.currency) for m in result.mentions.money]
[('8조 7,417억원', '8741700000000', 'KRW')]
"""

from policydocs.extract.dates import find_dates
from policydocs.extract.money import find_money
from policydocs.extract.numbers import parse_number
from policydocs.extract.organizations import find_organizations
from policydocs.models import *  # noqa: F403 - the models are the package's vocabulary
from policydocs.models import __all__ as _model_names
from policydocs.validate import LocatedError, validate_file

# Last: the function ``extract`` shares its name with the subpackage ``policydocs.extract``,
# which the imports above bind; this makes the name refer to the function.
from policydocs.pipeline import extract  # noqa: E402

__version__ = "0.1.0"

__all__ = [
    "LocatedError",
    "extract",
    "find_dates",
    "find_money",
    "find_organizations",
    "parse_number",
    "validate_file",
    *_model_names,
]
