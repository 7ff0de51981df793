"""Extraction of metadata and tasks from Vietnamese administrative documents.

A pure Python package: it imports nothing from Django or from the rest of dondoc, so the
web application, the command line and other programs can all use it.

    from dondoc.extraction import extract_file
    result = extract_file("notice.docx")      # dict by schema dondoc.extraction/1
"""
