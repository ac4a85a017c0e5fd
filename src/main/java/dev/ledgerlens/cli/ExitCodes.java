package dev.ledgerlens.cli;

/** The process exit codes, as documented in README.md. */
public final class ExitCodes {
    /** Every document was stored (or was already known). */
    public static final int OK = 0;
    /** A fatal error stopped the run (bad configuration, bad API key, no quota, budget spent, database down). */
    public static final int FATAL = 1;
    /** The run finished but some documents were dead-lettered. */
    public static final int DEAD_LETTERED = 2;
    /** The command line was wrong (sysexits EX_USAGE; not 2, which means dead letters). */
    public static final int USAGE = 64;

    private ExitCodes() {
    }
}
