-- A loose PDF that arrives late looks for an invoice registered without PDF, by the XML's base name or by the
-- document number. Without these, that lookup scanned every invoice: O(N) per PDF.
ALTER TABLE invoices ADD COLUMN number_key VARCHAR(64);
UPDATE invoices SET number_key = LOWER(number);
CREATE INDEX ix_invoices_pdf_missing_pair ON invoices (pdf_missing, pair_key);
CREATE INDEX ix_invoices_pdf_missing_number ON invoices (pdf_missing, number_key);
