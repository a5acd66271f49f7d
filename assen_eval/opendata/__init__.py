"""Open data: a data set in the formats researchers use, traced to the same sources.

Owns the exports (:mod:`~assen_eval.opendata.export`: load, check, write atomically), the
Frictionless data package (:mod:`~assen_eval.opendata.datapackage`: every table with a
Table Schema generated from :mod:`assen_eval.data.schema` by
:mod:`~assen_eval.opendata.tableschema`, titles and descriptions from the data dictionary read by
:mod:`~assen_eval.opendata.dictionary`) and the IATI 2.03 activity file
(:mod:`~assen_eval.opendata.iati`, with the identifiers and code mappings of
:mod:`~assen_eval.opendata.iatimeta`; the official schema is in ``iati-2.03/``).

A sibling of the report layer: may import :mod:`assen_eval.evaluate`, :mod:`assen_eval.data` and
the base modules (errors, paths, fmt, clock); never the report or the build. Importing the package
imports none of its modules.
"""

__all__: list[str] = []
