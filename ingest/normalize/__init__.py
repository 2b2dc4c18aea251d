"""Normalisation of single cell values from the source feeds.

Every function here takes one raw cell (a ``str``, or what Excel hands
over: ``int``, ``float``, ``date``, ``datetime``) and returns its canonical
form. Two conventions hold throughout:

- **An empty cell is unknown.** ``None``, ``""``, white space only (and
  pandas' NaN) give ``None``, never a default and never an error. Whether a
  value is required is the feed loader's business, not the normaliser's.
- **Bad input raises** :class:`NormalizationError`, a ``ValueError`` whose
  message is one sentence an officer can act on, naming the value and what
  to write instead: ``'03/25/2024' is not a date: month 25 does not exist;
  use YYYY-MM-DD or DD/MM/YYYY (day first)``. The loader puts it in the
  reject file's ``reason`` column. :func:`parse_address` never raises:
  free text is kept whatever it says.

The functions are pure (no I/O, no clock, no global state beyond tables
built once) and small; each module does one job:

=============  ============================================================
text           NFC, folding (diacritics off, Đ → d), header keys
names          person names, surname equivalences, company-name keys
identifiers    passports, CCCD/CMND, enterprise/organisation codes, plates,
               e-mail
phones         phone numbers to E.164, 2018 mobile renumbering
countries      nationality to ISO 3166-1 alpha-3
dates          dates (day first) and timestamps (+07:00)
symbols        residence symbols, document types, sex
addresses      Vietnamese addresses to parts and a merge key
=============  ============================================================

>>> from ingest.normalize import nationality, phone_e164, parse_date
>>> nationality("Trung Quốc"), phone_e164("0912 345 678"), parse_date("05/03/2024")
('CHN', '+84912345678', '2024-03-05')
"""

from .addresses import Address, parse_address
from .countries import is_vietnamese, nationality
from .dates import VIETNAM_TZ, parse_date, parse_timestamp
from .errors import NormalizationError
from .identifiers import (
    CccdFacts,
    CitizenId,
    EnterpriseCode,
    SponsorCode,
    cccd_consistent,
    cccd_facts,
    citizen_id,
    classify_sponsor_code,
    email,
    enterprise_code,
    organisation_code,
    passport_no,
    vehicle_plate,
)
from .names import (
    PersonName,
    canonical_surname,
    company_name_key,
    name_variants_equal,
    person_name,
    vietnamese_surname_equivalents,
)
from .phones import phone_e164
from .symbols import (
    RESIDENCE_SYMBOLS,
    purpose_allows_work,
    residence_doc_type,
    residence_symbol,
    sex,
    symbol_display,
)
from .text import cell_text, fold, header_key, nfc

__all__ = [
    "RESIDENCE_SYMBOLS",
    "VIETNAM_TZ",
    "Address",
    "CccdFacts",
    "CitizenId",
    "EnterpriseCode",
    "NormalizationError",
    "PersonName",
    "SponsorCode",
    "canonical_surname",
    "cccd_consistent",
    "cccd_facts",
    "cell_text",
    "citizen_id",
    "classify_sponsor_code",
    "company_name_key",
    "email",
    "enterprise_code",
    "fold",
    "header_key",
    "is_vietnamese",
    "name_variants_equal",
    "nationality",
    "nfc",
    "organisation_code",
    "parse_address",
    "parse_date",
    "parse_timestamp",
    "passport_no",
    "person_name",
    "phone_e164",
    "purpose_allows_work",
    "residence_doc_type",
    "residence_symbol",
    "sex",
    "symbol_display",
    "vehicle_plate",
    "vietnamese_surname_equivalents",
]
