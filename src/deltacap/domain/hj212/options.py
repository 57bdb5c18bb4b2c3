"""What the parser enforces: the standard as written, or what public devices send.

``STRICT`` is HJ 212-2017 as written and is the default everywhere. ``LENIENT``
accepts every intact frame found in the public packet corpus
(``tests/data/hj212_public_packets.jsonl``: packets without CR LF, segments
over 1024 characters, HJ/T 212-2005 headers, MNs that are not hex, unknown ST
codes ...) while still refusing a wrong CRC or length. Each knob is one
deviation, so a deployment can loosen exactly what its devices need.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# HJ 212-2017 6.3.2: MN is the device's EPC-96 identifier, up to 24 characters 0-9, A-F.
MN_HEX = re.compile(r"[0-9A-F]{1,24}")
# Seen from real devices: letters beyond F, lower case, underscores (e.g. A110000_0001).
MN_PRINTABLE = re.compile(r"[0-9A-Za-z_.\-]{1,24}")

VERSION_2005 = 0
VERSION_2017 = 1
VERSION_2025 = 2


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """Rules applied by ``parse``. Every field defaults to the standard as written."""

    # 6.3.1: a packet ends with CR LF. Public samples often omit it (testdata: frame_ok
    # but not strict_valid).
    require_crlf: bool = True
    # 6.3.1, table 2: data segment 0..1024 characters; None disables the limit.
    max_segment_length: int | None = 1024
    # 6.3.2, Flag bits V5..V0; 0 = HJ/T 212-2005, 1 = HJ 212-2017, 2 = HJ 212-2025 ([V-2nd]).
    versions: frozenset[int] = frozenset({VERSION_2017})
    # HJ/T 212-2005 headers have no QN and no Flag; 2017 requires both.
    require_qn_and_flag: bool = True
    # ST and CN must be codes of the standard's tables (else: 2-3 letters/digits, 4 digits).
    known_codes_only: bool = True
    mn_pattern: re.Pattern[str] = MN_HEX
    # 6.3.2: PW is 6 characters at most.
    pw_max_length: int = 6
    # 6.3.2: PNUM and PNO are present exactly when Flag bit D is 1.
    split_fields_follow_flag: bool = True
    # HJ/T 212-2005 devices send 17-digit DataTime and some send 14-digit QN.
    legacy_timestamps: bool = False

    @property
    def qn_digits(self) -> tuple[int, ...]:
        """Accepted QN widths: 17 (YYYYMMDDhhmmsszzz), plus 14 when legacy timestamps are on."""
        return (17, 14) if self.legacy_timestamps else (17,)

    @property
    def time_digits(self) -> tuple[int, ...]:
        """Accepted widths of DataTime and other CP times: 14, plus 17 for legacy devices."""
        return (14, 17) if self.legacy_timestamps else (14,)


STRICT = ParseOptions()

LENIENT = ParseOptions(
    require_crlf=False,
    max_segment_length=None,
    versions=frozenset({VERSION_2005, VERSION_2017, VERSION_2025}),
    require_qn_and_flag=False,
    known_codes_only=False,
    mn_pattern=MN_PRINTABLE,
    pw_max_length=24,
    split_fields_follow_flag=False,
    legacy_timestamps=True,
)
