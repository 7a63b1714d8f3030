"""Small PDFs written byte by byte, so a test controls exactly what sits where (compressed or not)."""

import zlib

CATALOGUE = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"


def build_pdf(objects=None, *, compressed=(), unlisted=(), trailer=b"", pack=zlib.compress):
    """A one-page PDF; ``objects`` maps object numbers to bodies, replacing or adding to the page's three.

    Object numbers in ``compressed`` are written inside an object stream that ``pack`` Flate-compresses,
    with a cross-reference stream; those in ``unlisted`` sit in the object stream but in no cross-reference.
    """
    bodies = {1: CATALOGUE, 2: PAGES, 3: PAGE, **(objects or {})}
    compressed = set(compressed)
    hidden = compressed | set(unlisted)
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in sorted(bodies.items()):
        if number not in hidden:
            offsets[number] = len(out)
            out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    if not hidden:
        return _with_xref_table(out, offsets, trailer)

    stream_number = max(bodies) + 1
    header, data = [], b""
    for number in sorted(hidden):
        header.append(b"%d %d" % (number, len(data)))
        data += bodies[number] + b"\n"
    header = b" ".join(header) + b"\n"
    packed = pack(header + data)
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stream_number,
        len(hidden),
        len(header),
        len(packed),
    )
    out += packed + b"\nendstream\nendobj\n"

    xref_number = stream_number + 1
    offsets[xref_number] = len(out)
    rows = [b"\x00" + (0).to_bytes(4) + (0xFFFF).to_bytes(4)]
    index_in_stream = {number: index for index, number in enumerate(sorted(hidden))}
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows.append(b"\x01" + offsets[number].to_bytes(4) + (0).to_bytes(4))
        elif number in compressed:
            rows.append(b"\x02" + stream_number.to_bytes(4) + index_in_stream[number].to_bytes(4))
        else:
            rows.append(b"\x00" + (0).to_bytes(4) + (0).to_bytes(4))
    table = b"".join(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 4] /Root 1 0 R %s /Length %d >>\nstream\n" % (
        xref_number,
        xref_number + 1,
        trailer,
        len(table),
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def _with_xref_table(out, offsets, trailer):
    size = max(offsets) + 1
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 00000 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, trailer, start)
    return bytes(out)


def pdf_of_size(size):
    """A valid PDF of exactly ``size`` bytes: a stream of spaces makes up the difference."""

    def padded(count):
        return build_pdf({4: b"<< /Length %010d >>\nstream\n%s\nendstream" % (count, b" " * count)})

    count = size - len(padded(0))
    # The final offset is written in as many digits as it needs: correct for them.
    return padded(count - (len(padded(count)) - size))
