-- Fields e-invoices state exactly (EN 16931 business terms in brackets); any engine may fill them, null when not shown.
-- document_type gains the value 'credit_note' (no constraint to change: it is free text).
alter table extractions
    add column vendor_vat_id   text,     -- seller VAT identifier (BT-31), with its country prefix
    add column buyer_reference text,     -- buyer reference (BT-10), the Leitweg-ID in Germany
    add column net_total       numeric,  -- total without VAT (BT-109)
    add column charges         numeric,  -- sum of document-level charges (BT-108)
    add column amount_due      numeric,  -- amount due for payment (BT-115)
    add column iban            text,     -- payment account (BT-84)
    add column type_code       text;     -- UNTDID 1001 document type code (BT-3): 380 invoice, 381 credit note, ...

alter table line_items
    add column unit         text,        -- unit of measure code (BT-130)
    add column vat_category text,        -- VAT category code (BT-151)
    add column vat_rate     numeric;     -- VAT rate in percent (BT-152)

alter table tax_lines
    add column base     numeric,         -- taxable amount of this rate (BT-116)
    add column category text;            -- VAT category code (BT-118): S, Z, E, AE, K, G, O, L, M
