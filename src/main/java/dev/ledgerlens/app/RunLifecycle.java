package dev.ledgerlens.app;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes a run exactly once, in order (pipeline first, so in-flight documents finish against a live
 * database; then the application), whether the run drained normally or Ctrl-C / SIGTERM arrived.
 * Thread-safe.
 */
public final class RunLifecycle {
    private final Application application;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread hook;
    private volatile AutoCloseable pipeline;
    private volatile boolean interrupted;

    public RunLifecycle(Application application) {
        this.application = application;
        this.hook = new Thread(() -> {
            interrupted = true;
            close();
        }, "ledgerlens-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public void attach(Pipeline running) {
        this.pipeline = running;
    }

    /** Attaches whatever runs the pipeline (a {@link WatchRun} with its endpoint); closed before the application. */
    public void attach(AutoCloseable running) {
        this.pipeline = running;
    }

    /** True when the run was stopped by a signal rather than finishing. */
    public boolean interrupted() {
        return interrupted;
    }

    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (pipeline != null) {
                pipeline.close();
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RunLifecycle.class).warn("the pipeline did not stop cleanly: {}", e.toString());
        } finally {
            application.close();
            if (!interrupted) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the JVM is exiting anyway
                }
            }
        }
    }
}
