"""The members' and the region's annual reports as Word and PDF (issue 15 §4).

``gather`` reads the round's frozen snapshot and the capabilities' data into plain values,
``deltacap.domain.reports`` builds the neutral document from them, ``charts`` draws its
figures once, and ``docx`` and ``pdf`` render it with the bundled CJK font (``fonts/``).
``generate`` ties them together for the command line.
"""
