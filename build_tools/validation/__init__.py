"""Validation: loaded files → an Archive, and every problem found on the way.

The front door is :func:`build_tools.validation.archive.check_archive`; the modules
beside it each hold one responsibility: reading fields as ``format_spec`` defines them
(:mod:`.fields`), the registries (:mod:`.registries`), one briefing (:mod:`.briefings`),
what a briefing names (:mod:`.cross_references`), what a body may hold
(:mod:`.body_safety`, :mod:`.limits`), and spreading the work over cores
(:mod:`.processes`).
"""
