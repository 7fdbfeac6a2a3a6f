"""Citations that hold for decades: published versions of each call, permalinks for calls
and statements, formatted citations (Chicago, APA, MLA), BibTeX, RIS, CSL-JSON, schema.org
and Highwire metadata, Memento (RFC 7089) and content negotiation. See docs/citing.md."""
