"""Build step for the one compiled module: the HJ 212 packet scanner (C, optional).

Everything else about the package is in pyproject.toml. The extension is optional:
when it cannot be built (no C compiler or Python headers) the install still
succeeds and ``deltacap.domain.hj212`` parses with its pure-Python path, which
gives the same results.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "deltacap.domain.hj212._scan",
            sources=["src/deltacap/domain/hj212/_scan.c"],
            optional=True,
        )
    ]
)
