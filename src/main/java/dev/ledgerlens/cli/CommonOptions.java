package dev.ledgerlens.cli;

import dev.ledgerlens.app.Application;
import dev.ledgerlens.config.ConfigSource;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** Options every command takes. */
public final class CommonOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "A properties file overriding config/application.properties (environment variables still win).")
    Path configFile;

    ConfigSource config(Map<String, String> overrides) {
        return ConfigSource.load(configFile, System.getenv()).with(overrides);
    }

    Application open(Map<String, String> overrides) {
        return Application.open(config(overrides));
    }

    Application open() {
        return open(Map.of());
    }
}
