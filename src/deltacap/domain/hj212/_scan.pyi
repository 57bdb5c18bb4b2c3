# Type stub of the compiled scanner built from _scan.c (see codec.Scanned for the fields).
def scan(
    packet: bytes, /
) -> (
    tuple[
        tuple[str | None, ...],
        tuple[tuple[tuple[str, str], ...], ...],
        tuple[str, ...],
        tuple[str, ...],
        bytes,
        bool,
        bool,
        bool,
        int,
    ]
    | None
): ...
def crc16(data: bytes, /) -> int: ...
