package dev.ledgerlens.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps the configuration reference true: every key the code reads is shipped, and every shipped key is documented. */
class ConfigurationReferenceTest {
    private static final Pattern KEY_IN_CODE = Pattern.compile("\"(ledgerlens\\.[a-z0-9.-]*[a-z0-9])\"");

    @Test
    void everyKeyReadByTheCodeHasAShippedDefault() throws IOException {
        Set<String> shipped = shippedKeys();
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = KEY_IN_CODE.matcher(Files.readString(source));
                while (matcher.find()) {
                    read.add(matcher.group(1));
                }
            }
        }
        // keys the application itself hands to Camel, not user settings
        read.remove("ledgerlens.redelivery.delay-ms");
        assertThat(read).isNotEmpty().allSatisfy(key ->
                assertThat(shipped).as("config/application.properties has a default for %s", key).contains(key));
    }

    @Test
    void everyShippedKeyIsInTheConfigurationReference() throws IOException {
        String reference = Files.readString(Path.of("docs/configuration.md"));
        assertThat(shippedKeys()).isNotEmpty().allSatisfy(key ->
                assertThat(reference).as("docs/configuration.md documents %s", key).contains("`" + key + "`"));
    }

    private static Set<String> shippedKeys() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return new TreeSet<>(properties.stringPropertyNames());
    }
}
