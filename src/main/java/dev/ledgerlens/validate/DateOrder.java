package dev.ledgerlens.validate;

/** Which number comes first in a numeric date such as 03/04/2026. */
public enum DateOrder {
    /** 03/04/2026 is 3 April (most of the world). */
    DAY_FIRST,
    /** 03/04/2026 is 4 March (United States). */
    MONTH_FIRST
}
