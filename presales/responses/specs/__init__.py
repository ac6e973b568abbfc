"""Tender specification files, processed without models: requirement clauses out of a buyer's
.docx/.xlsx (extract), answers written back into a buyer's response table (writeback), and the
technical bid rendered from a docxtpl template (techbid). docs/specs.md describes them."""
