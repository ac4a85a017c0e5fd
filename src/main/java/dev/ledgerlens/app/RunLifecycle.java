package dev.ledgerlens.app;

/**
 * A run's view of the application's lifecycle: the pipeline is attached so that closing (normally, or
 * from the application's shutdown hook on Ctrl-C / SIGTERM) stops it first, letting in-flight documents
 * finish against a live database. Thread-safe.
 */
public final class RunLifecycle {
    private final Application application;

    public RunLifecycle(Application application) {
        this.application = application;
    }

    /** Attaches whatever runs the pipeline ({@link Pipeline}, or a watch run with its endpoint). */
    public void attach(AutoCloseable running) {
        application.attach(running);
    }

    /** True when the run was stopped by a signal rather than finishing. */
    public boolean interrupted() {
        return application.interrupted();
    }

    public void close() {
        application.close();
    }
}
