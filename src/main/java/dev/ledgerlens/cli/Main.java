package dev.ledgerlens.cli;

/** Entry point: {@code java -jar ledgerlens.jar <command>}; see {@link LedgerlensCommand}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(LedgerlensCommand.execute(args));
    }
}
